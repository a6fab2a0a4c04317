package city.ordos.plan.alerts.topology;

import city.ordos.plan.alerts.AlertConfig;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The alert branch of the application: its own sub-topology reading the progress-history topic,
 * so it depends on the progress topology only through that topic's contract.
 *
 * <pre>
 * goal-progress-history ──▶ alerts-rule-engine (store alerts-rule-state, changelogged;
 *                            wall-clock punctuator reads the plan clock) ──▶ goal-alerts
 * goals (global store alerts-goal-definitions, or one shared with the progress topology)
 * </pre>
 */
public final class AlertTopology {

    public static final String SOURCE = "alerts-progress-history-source";
    public static final String PROCESSOR = "alerts-rule-engine";
    public static final String SINK = "alerts-sink";
    public static final String STATE_STORE = "alerts-rule-state";
    public static final String GOALS_SOURCE = "alerts-goals-source";
    public static final String GOALS_STORE = "alerts-goal-definitions";

    private AlertTopology() {}

    /**
     * Adds the alert branch with its own global table of goal definitions. Use
     * {@link #addTo(StreamsBuilder, OrdosTopics, AvroSerdes, AlertConfig, Supplier, String)} instead
     * when the same builder already has a global table on the goals topic (a topic can feed only
     * one source in a topology).
     */
    public static void addTo(
            StreamsBuilder builder,
            OrdosTopics topics,
            AvroSerdes serdes,
            AlertConfig config,
            Supplier<Instant> planClock) {
        builder.globalTable(
                topics.goals().name(),
                Consumed.with(Serdes.String(), serdes.valueSerde(GoalDefinition.class))
                        .withName(GOALS_SOURCE),
                Materialized.<String, GoalDefinition, KeyValueStore<Bytes, byte[]>>as(GOALS_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serdes.valueSerde(GoalDefinition.class)));
        addTo(builder, topics, serdes, config, planClock, GOALS_STORE);
    }

    /**
     * Adds the alert branch, reading goal definitions from an existing global store (keyed
     * planId/goalId, values {@link GoalDefinition}, plain or timestamped).
     */
    public static void addTo(
            StreamsBuilder builder,
            OrdosTopics topics,
            AvroSerdes serdes,
            AlertConfig config,
            Supplier<Instant> planClock,
            String goalDefinitionsStore) {
        Objects.requireNonNull(planClock, "planClock");
        Objects.requireNonNull(goalDefinitionsStore, "goalDefinitionsStore");
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), new AlertStateSerde()));
        builder.stream(
                        topics.progressHistory().name(),
                        Consumed.with(Serdes.String(), serdes.valueSerde(GoalProgress.class))
                                .withName(SOURCE))
                .process(
                        () -> new AlertProcessor(config, planClock, STATE_STORE, goalDefinitionsStore),
                        Named.as(PROCESSOR),
                        STATE_STORE)
                .to(
                        topics.alerts().name(),
                        Produced.with(Serdes.String(), serdes.valueSerde(GoalAlert.class))
                                .withName(SINK));
    }
}
