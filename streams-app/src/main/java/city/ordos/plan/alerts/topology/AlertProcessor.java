package city.ordos.plan.alerts.topology;

import city.ordos.plan.alerts.AlertConfig;
import city.ordos.plan.alerts.AlertEngine;
import city.ordos.plan.alerts.GoalAlertState;
import city.ordos.plan.alerts.GoalRule;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.topics.OrdosTopics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link AlertEngine} for every goal of this task: on each progress-history record and,
 * on a wall-clock schedule, for every goal in the state store with the plan clock's reading, so a
 * pending alert fires even when no new record arrives. Alerts carry their plan-clock change time
 * as record timestamp.
 */
final class AlertProcessor implements Processor<String, GoalProgress, String, GoalAlert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertProcessor.class);

    private final AlertConfig config;
    private final AlertEngine engine;
    private final Supplier<Instant> planClock;
    private final String stateStoreName;
    private final String goalStoreName;

    private ProcessorContext<String, GoalAlert> context;
    private KeyValueStore<String, GoalAlertState> states;
    private ReadOnlyKeyValueStore<String, ?> goals;

    AlertProcessor(AlertConfig config, Supplier<Instant> planClock, String stateStoreName, String goalStoreName) {
        this.config = config;
        this.engine = new AlertEngine(config);
        this.planClock = planClock;
        this.stateStoreName = stateStoreName;
        this.goalStoreName = goalStoreName;
    }

    @Override
    public void init(ProcessorContext<String, GoalAlert> context) {
        this.context = context;
        this.states = context.getStateStore(stateStoreName);
        this.goals = context.getStateStore(goalStoreName);
        context.schedule(config.evaluateEvery(), PunctuationType.WALL_CLOCK_TIME, wallTime -> onClock());
    }

    @Override
    public void process(Record<String, GoalProgress> record) {
        GoalProgress progress = record.value();
        if (progress == null) {
            // The history is append-only; a tombstone can only mean the goal was withdrawn.
            if (record.key() != null) {
                LOG.info("Goal {} withdrawn (tombstone on progress history): dropping its alert state", record.key());
                states.delete(record.key());
            }
            return;
        }
        String key = OrdosTopics.goalKey(progress.getPlanId(), progress.getGoalId());
        GoalAlertState state = states.get(key);
        if (state == null) {
            state = new GoalAlertState();
        }
        List<GoalAlert> alerts = engine.observe(state, progress, rule(key, progress.getSection()));
        states.put(key, state);
        alerts.forEach(this::emit);
    }

    private void onClock() {
        Instant now = planClock.get();
        List<KeyValue<String, GoalAlertState>> changed = new ArrayList<>();
        List<GoalAlert> alerts = new ArrayList<>();
        try (KeyValueIterator<String, GoalAlertState> all = states.all()) {
            while (all.hasNext()) {
                KeyValue<String, GoalAlertState> entry = all.next();
                GoalAlertState state = entry.value;
                if (state.last == null) {
                    continue;
                }
                boolean noticeArmed = state.achievedNoticed;
                List<GoalAlert> fired = engine.advance(state, rule(entry.key, state.last.section()), now);
                // Persist only real changes: rewriting every goal each tick would flood the changelog.
                if (!fired.isEmpty() || noticeArmed != state.achievedNoticed) {
                    changed.add(KeyValue.pair(entry.key, state));
                    alerts.addAll(fired);
                }
            }
        }
        changed.forEach(kv -> states.put(kv.key, kv.value));
        alerts.forEach(this::emit);
    }

    private void emit(GoalAlert alert) {
        LOG.info(
                "Alert {} #{} {} {} {}: {}",
                alert.getAlertId(),
                alert.getSequence(),
                alert.getKind(),
                alert.getState(),
                alert.getSeverity(),
                alert.getMessageEn());
        context.forward(new Record<>(
                OrdosTopics.goalKey(alert.getPlanId(), alert.getGoalId()),
                alert,
                alert.getChangedAt().toEpochMilli()));
    }

    private GoalRule rule(String key, String section) {
        return GoalRule.of(definition(key), section, config);
    }

    /** The catalog entry; the global store may be timestamped (a DSL GlobalKTable) or plain (addGlobalStore). */
    private GoalDefinition definition(String key) {
        Object value = goals.get(key);
        if (value instanceof ValueAndTimestamp<?> timestamped) {
            value = timestamped.value();
        }
        return value instanceof GoalDefinition definition ? definition : null;
    }
}
