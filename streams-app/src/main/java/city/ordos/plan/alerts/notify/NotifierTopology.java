package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.AlertNotification;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The notifier's planning step as a Kafka Streams topology, so that what it remembers (groups,
 * open episodes, when each group last sent) survives restarts in a changelogged store, and each
 * message it queues is written in the same transaction as the state that produced it:
 *
 * <pre>
 * goal-alerts ──▶ notifier-planning (repartition to one partition: every group in one task)
 *             ──▶ notifier-planner (store notifier-groups; wall-clock punctuator every evaluate-every)
 *             ──▶ alert-notifications (keyed by receiver: the delivery queue)
 * </pre>
 *
 * Decisions are {@link NotificationPlanner}'s, on the injected clock; the punctuator only says
 * when to look at it.
 */
public final class NotifierTopology {

    public static final String SOURCE = "notifier-alerts-source";
    public static final String REPARTITION = "notifier-planning";
    public static final String PROCESSOR = "notifier-planner";
    public static final String SINK = "notifier-queue-sink";
    public static final String STORE = "notifier-groups";

    private NotifierTopology() {}

    /**
     * @param planner what to queue when; shared only with this topology
     * @param clock   wall clock of the decisions (a test's hand-moved clock)
     */
    public static Topology build(
            OrdosTopics topics,
            AvroSerdes serdes,
            Duration evaluateEvery,
            Supplier<NotificationPlanner> planner,
            Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String()));
        var alertSerde = serdes.valueSerde(GoalAlert.class);
        builder.stream(
                        topics.alerts().name(),
                        Consumed.with(Serdes.String(), alertSerde).withName(SOURCE))
                .repartition(Repartitioned.with(Serdes.String(), alertSerde)
                        .withName(REPARTITION)
                        .withNumberOfPartitions(1))
                .process(() -> new PlannerProcessor(planner.get(), evaluateEvery, clock), Named.as(PROCESSOR), STORE)
                .to(
                        topics.alertNotifications().name(),
                        Produced.with(Serdes.String(), serdes.valueSerde(AlertNotification.class))
                                .withName(SINK));
        return builder.build();
    }

    static final class PlannerProcessor implements Processor<String, GoalAlert, String, AlertNotification> {

        private final NotificationPlanner planner;
        private final Duration evaluateEvery;
        private final Clock clock;
        private ProcessorContext<String, AlertNotification> context;
        private StoreGroups groups;

        PlannerProcessor(NotificationPlanner planner, Duration evaluateEvery, Clock clock) {
            this.planner = planner;
            this.evaluateEvery = evaluateEvery;
            this.clock = clock;
        }

        @Override
        public void init(ProcessorContext<String, AlertNotification> context) {
            this.context = context;
            this.groups = new StoreGroups(context.getStateStore(STORE));
            context.schedule(evaluateEvery, PunctuationType.WALL_CLOCK_TIME, t -> {
                Instant now = clock.instant();
                forward(planner.tick(now, groups), now);
            });
        }

        @Override
        public void process(Record<String, GoalAlert> record) {
            if (record.value() == null) {
                return;
            }
            Instant now = clock.instant();
            forward(planner.onAlert(record.value(), now, groups), now);
        }

        private void forward(List<AlertNotification> messages, Instant now) {
            for (AlertNotification m : messages) {
                context.forward(new Record<>(m.getReceiver(), m, now.toEpochMilli()));
            }
        }
    }

    /** The planner's group states in the store, as JSON. */
    static final class StoreGroups implements NotificationPlanner.Groups {

        private static final ObjectMapper JSON =
                new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        private final KeyValueStore<String, String> store;

        StoreGroups(KeyValueStore<String, String> store) {
            this.store = store;
        }

        @Override
        public Optional<GroupState> get(String id) {
            String json = store.get(id);
            if (json == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(JSON.readValue(json, GroupState.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable notifier group state " + id + ": " + json, e);
            }
        }

        @Override
        public void put(String id, GroupState state) {
            try {
                store.put(id, JSON.writeValueAsString(state));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write notifier group state " + id, e);
            }
        }

        @Override
        public void remove(String id) {
            store.delete(id);
        }

        @Override
        public List<String> ids() {
            List<String> ids = new ArrayList<>();
            try (KeyValueIterator<String, String> all = store.all()) {
                all.forEachRemaining((KeyValue<String, String> kv) -> ids.add(kv.key));
            }
            return ids;
        }
    }
}
