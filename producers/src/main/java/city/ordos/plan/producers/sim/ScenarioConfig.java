package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.topics.OrdosTopics;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that decides a simulated year. The same config gives the same events, byte for byte
 * and id for id.
 *
 * @param goals          the catalog the events must feed (every goal gets data)
 * @param majorProjects  number of municipal major projects (433 in the plan)
 * @param otherProjects  number of projects in the wider fixed-asset base
 * @param meters         extra energy meters reporting daily generation (0 = none; for load tests)
 * @param laggingGoals   goal ids that fall behind in {@code lagging}; empty = {@link LaggingChoice}
 * @param silentGoals    goal ids whose sources go silent in {@code data-gap}; empty = default choice
 * @param dirtyShare     share of statements that get a defective twin in {@code dirty}
 * @param restatementShare share of statements corrected later in {@code restatements}
 * @param lastReportDay  no statement is reported after this day (Asia/Shanghai); null = 31 January
 *                       of the next year, when the December reports are in
 */
public record ScenarioConfig(
        Scenario scenario,
        long seed,
        List<GoalDefinition> goals,
        OrdosTopics topics,
        int planYear,
        int majorProjects,
        int otherProjects,
        int meters,
        Set<String> laggingGoals,
        Set<String> silentGoals,
        double dirtyShare,
        double restatementShare,
        LocalDate lastReportDay) {

    public ScenarioConfig {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(topics, "topics");
        goals = List.copyOf(goals);
        laggingGoals = Set.copyOf(laggingGoals);
        silentGoals = Set.copyOf(silentGoals);
        if (majorProjects < 0 || otherProjects < 0 || meters < 0) {
            throw new IllegalArgumentException("project and meter counts must not be negative");
        }
        if (dirtyShare < 0 || dirtyShare > 1 || restatementShare < 0 || restatementShare > 1) {
            throw new IllegalArgumentException("shares must lie between 0 and 1");
        }
    }

    public LocalDate effectiveLastReportDay() {
        return lastReportDay != null ? lastReportDay : LocalDate.of(planYear + 1, 1, 31);
    }

    public static Builder builder(Scenario scenario, List<GoalDefinition> goals) {
        return new Builder(scenario, goals);
    }

    public Builder toBuilder() {
        Builder b = new Builder(scenario, goals);
        b.seed = seed;
        b.topics = topics;
        b.planYear = planYear;
        b.majorProjects = majorProjects;
        b.otherProjects = otherProjects;
        b.meters = meters;
        b.laggingGoals = laggingGoals;
        b.silentGoals = silentGoals;
        b.dirtyShare = dirtyShare;
        b.restatementShare = restatementShare;
        b.lastReportDay = lastReportDay;
        return b;
    }

    public static final class Builder {
        private Scenario scenario;
        private final List<GoalDefinition> goals;
        private long seed = 2025L;
        private OrdosTopics topics = OrdosTopics.DEFAULT;
        private int planYear = 2025;
        private int majorProjects = 433;
        private int otherProjects = 1200;
        private int meters = 0;
        private Set<String> laggingGoals = Set.of();
        private Set<String> silentGoals = Set.of();
        private double dirtyShare = 0.03;
        private double restatementShare = 0.05;
        private LocalDate lastReportDay;

        private Builder(Scenario scenario, List<GoalDefinition> goals) {
            this.scenario = scenario;
            this.goals = goals;
        }

        public Builder scenario(Scenario v) {
            this.scenario = v;
            return this;
        }

        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        public Builder topics(OrdosTopics v) {
            this.topics = v;
            return this;
        }

        public Builder planYear(int v) {
            this.planYear = v;
            return this;
        }

        public Builder majorProjects(int v) {
            this.majorProjects = v;
            return this;
        }

        public Builder otherProjects(int v) {
            this.otherProjects = v;
            return this;
        }

        public Builder meters(int v) {
            this.meters = v;
            return this;
        }

        public Builder laggingGoals(Set<String> v) {
            this.laggingGoals = v;
            return this;
        }

        public Builder silentGoals(Set<String> v) {
            this.silentGoals = v;
            return this;
        }

        public Builder dirtyShare(double v) {
            this.dirtyShare = v;
            return this;
        }

        public Builder restatementShare(double v) {
            this.restatementShare = v;
            return this;
        }

        public Builder lastReportDay(LocalDate v) {
            this.lastReportDay = v;
            return this;
        }

        public ScenarioConfig build() {
            return new ScenarioConfig(
                    scenario,
                    seed,
                    goals,
                    topics,
                    planYear,
                    majorProjects,
                    otherProjects,
                    meters,
                    laggingGoals,
                    silentGoals,
                    dirtyShare,
                    restatementShare,
                    lastReportDay);
        }
    }
}
