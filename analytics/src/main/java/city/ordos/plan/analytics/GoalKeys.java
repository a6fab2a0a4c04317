package city.ordos.plan.analytics;

import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.topics.OrdosTopics;

/** The planId/goalId key every goal-related row carries, the same as the topics' record key. */
final class GoalKeys {

    private GoalKeys() {}

    static String of(GoalProgress p) {
        return OrdosTopics.goalKey(p.getPlanId(), p.getGoalId());
    }

    static String of(GoalAlert a) {
        return OrdosTopics.goalKey(a.getPlanId(), a.getGoalId());
    }

    static String of(GoalDefinition g) {
        return OrdosTopics.goalKey(g.getPlanId(), g.getGoalId());
    }
}
