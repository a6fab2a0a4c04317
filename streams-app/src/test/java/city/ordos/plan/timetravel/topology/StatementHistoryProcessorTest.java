package city.ordos.plan.timetravel.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.Restatement;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.progress.topology.KeptStatement;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.state.StoreFormats;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** Time travel's per-statement processor alone, with MockProcessorContext and in-memory stores. */
class StatementHistoryProcessorTest {

    private static final String GOAL = "ordos-2025/fixed-asset-investment";
    private static final Instant AS_OF = Instant.parse("2025-03-31T08:00:00Z");
    private static final LocalDate DAY =
            AS_OF.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate();

    /** One processor over its own stores; the day deltas' writes fail while {@code failWrites} is set. */
    private static final class Harness {
        final AtomicBoolean failWrites = new AtomicBoolean();
        final MockProcessorContext<Void, Void> context =
                new MockProcessorContext<>(new Properties(), new TaskId(0, 1), null);
        final StatementHistoryProcessor processor = new StatementHistoryProcessor();
        final KeyValueStore<String, DayDelta> deltas;

        Harness() {
            store(TimeTravelTopology.DAYS_STORE, new StoreFormats(serdes()).statementVersion());
            store(TimeTravelTopology.FIRST_DAYS_STORE, Serdes.Integer());
            store(TimeTravelTopology.RESTATEMENTS_STORE, serdes().valueSerde(Restatement.class));
            Serde<DayDelta> real = new StoreFormats(serdes()).dayDelta();
            Serializer<DayDelta> failing = (topic, delta) -> {
                if (failWrites.get()) {
                    throw new SerializationException("day delta write refused by the test");
                }
                return real.serializer().serialize(topic, delta);
            };
            deltas = store(TimeTravelTopology.DAY_DELTAS_STORE, Serdes.serdeFrom(failing, real.deserializer()));
            processor.init(context);
        }

        /** One registry per store: MockProcessorContext gives every store the same changelog topic name. */
        private static AvroSerdes serdes() {
            return new AvroSerdes(Map.of("schema.registry.url", "mock://history-" + UUID.randomUUID()));
        }

        private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
            StoreBuilder<KeyValueStore<String, V>> builder = Stores.keyValueStoreBuilder(
                            Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                    .withLoggingDisabled();
            KeyValueStore<String, V> store = builder.build();
            store.init(context.getStateStoreContext(), (StateStore) store);
            context.addStateStore(store);
            return store;
        }

        /** A key's first statement: nothing stood before it. */
        void process(Statement s) {
            String key = s.getGoalKey() + "|" + s.getRole() + "|" + s.getSourceId() + "|";
            processor.process(new Record<>(key, new KeptStatement(s, null), s.getEventTime()));
        }

        DayDelta delta() {
            return deltas.get(TimeTravelTopology.dayKey(GOAL, DAY));
        }
    }

    private static Statement statement(String source, String value) {
        return Statement.newBuilder()
                .setGoalKey(GOAL)
                .setRole("FEED")
                .setSourceId(source)
                .setValue(new BigDecimal(value))
                .setUnit("亿元")
                .setCounty("KANGBASHI")
                .setEventTime(AS_OF.toEpochMilli())
                .setReportedAt(AS_OF.toEpochMilli())
                .setEventId(source + "-1")
                .setSourceTopic("ordos.investment-reports")
                .setSourcePartition(1)
                .setSourceOffset(1L)
                .build();
    }

    @Test
    void aRecordThatFailsBeforeItsDayDeltaIsWrittenLeavesNoTraceInTheNextRecordsDelta() {
        Harness failing = new Harness();
        failing.process(statement("PRJ-A", "10.000000"));
        failing.failWrites.set(true);
        assertThatThrownBy(() -> failing.process(statement("PRJ-B", "7.000000")))
                .isInstanceOf(SerializationException.class);
        failing.failWrites.set(false);
        failing.process(statement("PRJ-C", "5.000000"));

        // The same day without the failed record: only A and C count.
        Harness without = new Harness();
        without.process(statement("PRJ-A", "10.000000"));
        without.process(statement("PRJ-C", "5.000000"));

        assertThat(without.delta()).isNotNull();
        assertThat(failing.delta()).isEqualTo(without.delta());
    }

    @Test
    void statementsOfOneDayAddUpInItsDelta() {
        // The decoded delta a statement leaves behind is the one the next statement builds on.
        Harness one = new Harness();
        one.process(statement("PRJ-A", "10.000000"));
        DayDelta afterA = one.delta();
        one.process(statement("PRJ-C", "5.000000"));

        Harness reversed = new Harness();
        reversed.process(statement("PRJ-C", "5.000000"));
        reversed.process(statement("PRJ-A", "10.000000"));

        assertThat(one.delta()).isNotEqualTo(afterA).isEqualTo(reversed.delta());
    }
}
