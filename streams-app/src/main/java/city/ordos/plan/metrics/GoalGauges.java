package city.ordos.plan.metrics;

import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-goal gauges of the goals this instance owns, set from its progress store before each scrape
 * (one read model per fact, docs/adr/0010-one-read-model-per-fact.md):
 * <ul>
 *   <li>{@code ordos_goal_progress_ratio{plan,goal,section}}: actual/target (target/actual for caps), NaN without data</li>
 *   <li>{@code ordos_goal_status{plan,goal,section,status}}: 1 for the goal's current status, 0 for the others
 *   (the Prometheus "state set" pattern, so {@code ordos_goal_status{status="BEHIND"} == 1} lists goals behind)</li>
 * </ul>
 * Each goal is exported by the instance that owns it (during a rebalance briefly by none or by
 * two), so query with {@code max by (goal)}.
 */
public final class GoalGauges {

    private final MeterRegistry registry;
    private final Map<String, Shown> shown = new HashMap<>();

    public GoalGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Shows exactly these figures: gauges of goals not among them (owned by another instance now)
     * are removed, new goals get theirs.
     */
    public synchronized void show(Collection<GoalProgress> owned) {
        Set<String> keys = new HashSet<>();
        for (GoalProgress progress : owned) {
            String key = progress.getPlanId() + "/" + progress.getGoalId();
            keys.add(key);
            Shown held = shown.get(key);
            if (held == null) {
                shown.put(key, register(progress));
            } else {
                held.figure().set(progress);
            }
        }
        shown.entrySet().removeIf(e -> {
            if (keys.contains(e.getKey())) {
                return false;
            }
            e.getValue().meters().forEach(registry::remove);
            return true;
        });
    }

    private record Shown(AtomicReference<GoalProgress> figure, List<Meter> meters) {}

    private Shown register(GoalProgress first) {
        AtomicReference<GoalProgress> ref = new AtomicReference<>(first);
        String plan = first.getPlanId();
        String goal = first.getGoalId();
        String section = first.getSection();
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder(
                        "ordos.goal.progress.ratio",
                        ref,
                        r -> r.get().getProgressRatio() == null
                                ? Double.NaN
                                : r.get().getProgressRatio())
                .description("Actual over target (target over actual for caps)")
                .tags("plan", plan, "goal", goal, "section", section)
                .register(registry));
        for (GoalStatus status : GoalStatus.values()) {
            meters.add(Gauge.builder("ordos.goal.status", ref, r -> r.get().getStatus() == status ? 1 : 0)
                    .description("1 for the goal's current status, 0 otherwise")
                    .tags("plan", plan, "goal", goal, "section", section, "status", status.name())
                    .register(registry));
        }
        return new Shown(ref, meters);
    }
}
