package city.ordos.plan.metrics;

import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-goal gauges, fed with every progress figure the instance sees:
 * <ul>
 *   <li>{@code ordos_goal_progress_ratio{plan,goal,section}}: actual/target (target/actual for caps), NaN without data</li>
 *   <li>{@code ordos_goal_status{plan,goal,section,status}}: 1 for the goal's current status, 0 for the others
 *   (the Prometheus "state set" pattern, so {@code ordos_goal_status{status="BEHIND"} == 1} lists goals behind)</li>
 * </ul>
 * Every instance sees every goal's figures (the progress-history feed), so query with {@code max by (goal)}.
 */
public final class GoalGauges {

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<GoalProgress>> latest = new ConcurrentHashMap<>();

    public GoalGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    public void update(GoalProgress progress) {
        String key = progress.getPlanId() + "/" + progress.getGoalId();
        AtomicReference<GoalProgress> ref = latest.computeIfAbsent(key, k -> register(progress));
        ref.updateAndGet(current ->
                current == null || !current.getComputedAt().isAfter(progress.getComputedAt()) ? progress : current);
    }

    private AtomicReference<GoalProgress> register(GoalProgress first) {
        AtomicReference<GoalProgress> ref = new AtomicReference<>(first);
        String plan = first.getPlanId();
        String goal = first.getGoalId();
        String section = first.getSection();
        Gauge.builder(
                        "ordos.goal.progress.ratio",
                        ref,
                        r -> r.get().getProgressRatio() == null
                                ? Double.NaN
                                : r.get().getProgressRatio())
                .description("Actual over target (target over actual for caps)")
                .tags("plan", plan, "goal", goal, "section", section)
                .register(registry);
        Map<GoalStatus, Gauge> perStatus = new EnumMap<>(GoalStatus.class);
        for (GoalStatus status : GoalStatus.values()) {
            perStatus.put(
                    status,
                    Gauge.builder("ordos.goal.status", ref, r -> r.get().getStatus() == status ? 1 : 0)
                            .description("1 for the goal's current status, 0 otherwise")
                            .tags("plan", plan, "goal", goal, "section", section, "status", status.name())
                            .register(registry));
        }
        return ref;
    }
}
