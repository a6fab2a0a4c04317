package city.ordos.plan.progress.topology;

import static city.ordos.plan.progress.topology.ProgressFixture.at;
import static city.ordos.plan.progress.topology.ProgressFixture.goal;
import static city.ordos.plan.progress.topology.ProgressFixture.selector;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.reliability.Reconciliation;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Property-based fuzzing of the PRODUCTION progress topology (jqwik on the JUnit platform): random
 * bytes on every input topic and randomly mutated investment reports. Invariants, per try:
 * the topology never throws; every input record (topic, offset) is either dead-lettered exactly once
 * with its original bytes or is a usable statement; a mutation that is known to be invalid is always
 * dead-lettered and an untouched record never is; and the goal's actual equals an independent
 * recomputation over the accepted records (latest statement per source wins, summed).
 */
class IntakeFuzzTopologyTest {

    enum Mutation {
        NONE,
        RANDOM_BYTES,
        NEGATIVE_AMOUNT,
        HUGE_AMOUNT,
        UNKNOWN_UNIT,
        OUT_OF_YEAR,
        WRONG_TYPE,
        KEY_MISMATCH,
        EMPTY_SOURCE,
        BIT_FLIP
    }

    /** One input: a base statement (project, month, value) plus the mutation applied to it. */
    record Input(Mutation mutation, int project, int month, long value, String topicChoice, byte[] noise) {}

    private Path stateDir;
    private ProgressFixture f;

    @BeforeTry
    void start() throws IOException {
        stateDir = Files.createTempDirectory("fuzz-topology-");
        f = new ProgressFixture(stateDir);
        f.publish(goal("fai", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1000", "亿元")
                .setFeed(selector(InputStream.INVESTMENT, "investment.completed", StatementType.YEAR_TO_DATE, "亿元"))
                .build());
    }

    @AfterTry
    void stop() throws IOException {
        f.close();
        try (Stream<Path> walk = Files.walk(stateDir)) {
            walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<Input>> inputs() {
        Arbitrary<Input> one = Combinators.combine(
                        Arbitraries.of(Mutation.class),
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(1, 6),
                        Arbitraries.longs().between(0, 5_000),
                        Arbitraries.of("investment", "energy", "environment", "statistics"),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(64))
                .as(Input::new);
        return one.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60, seed = "20251129")
    void everyInputRecordIsDeadLetteredOrCountedAndTheFigureMatches(@ForAll("inputs") List<Input> inputs) {
        // What was sent, per (topic, offset); the accepted-candidates per investment offset.
        Map<String, Long> nextOffset = new HashMap<>();
        Map<String, byte[]> sentValue = new HashMap<>();
        Map<String, Mutation> sentMutation = new HashMap<>();

        for (Input in : inputs) {
            String topic;
            String key;
            byte[] bytes;
            InvestmentReport base = f.investment(
                    "P" + in.project(),
                    monthEnd(in.month()),
                    monthEnd(in.month()).plus(Duration.ofDays(3)),
                    Long.toString(in.value()),
                    "亿元",
                    County.DONGSHENG);
            switch (in.mutation()) {
                case RANDOM_BYTES -> {
                    topic = topicName(in.topicChoice());
                    key = "noise";
                    // A leading non-zero byte: random bytes never pass as registry framing (magic byte 0).
                    bytes = new byte[in.noise().length + 1];
                    bytes[0] = (byte) 0x7f;
                    System.arraycopy(in.noise(), 0, bytes, 1, in.noise().length);
                }
                case WRONG_TYPE -> {
                    topic = f.topics.investment().name();
                    key = "F" + in.project();
                    // Registered under the energy subject like a real producer, then written to the wrong topic.
                    bytes = serialize(
                            f.topics.energy().name(),
                            f.energy(
                                    key,
                                    "coal",
                                    "energy.consumption",
                                    StatementType.YEAR_TO_DATE,
                                    null,
                                    monthEnd(in.month()),
                                    monthEnd(in.month()).plus(Duration.ofDays(3)),
                                    "1",
                                    "万吨标准煤"));
                }
                default -> {
                    topic = f.topics.investment().name();
                    InvestmentReport r = mutate(base, in);
                    key = in.mutation() == Mutation.KEY_MISMATCH
                            ? "not-" + r.getHeader().getSourceId()
                            : r.getHeader().getSourceId();
                    bytes = serialize(topic, r);
                    if (in.mutation() == Mutation.BIT_FLIP && bytes.length > 5) {
                        // Corrupt the Avro body only (after magic byte + schema id), at noise-chosen positions.
                        for (byte b : in.noise()) {
                            int pos = 5 + Math.floorMod(b * 31 + bytes.length, bytes.length - 5);
                            bytes[pos] ^= (byte) (1 << Math.floorMod(b, 8));
                        }
                    }
                }
            }
            long offset = nextOffset.merge(topic, 1L, Long::sum) - 1;
            sentValue.put(topic + "@" + offset, bytes);
            sentMutation.put(topic + "@" + offset, in.mutation());
            f.driver
                    .createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                    .pipeInput(key, bytes);
        }
        f.tick(Duration.ofSeconds(2));

        Map<String, DeadLetter> dead = new HashMap<>();
        for (DeadLetter d : f.deadLetters.readValuesToList()) {
            String id = d.getSourceTopic() + "@" + d.getSourceOffset();
            assertThat(dead.put(id, d)).as("dead-lettered twice: %s", id).isNull();
            assertThat(sentValue)
                    .as("dead letter for a record never sent: %s", id)
                    .containsKey(id);
            assertThat(d.getOriginalValue().array())
                    .as("original bytes of %s", id)
                    .isEqualTo(sentValue.get(id));
            assertThat(d.getReasonCode()).isNotBlank();
            assertThat(d.getMessage()).isNotBlank();
        }

        TreeMap<Long, InvestmentReport> acceptedByOffset = new TreeMap<>();
        for (Map.Entry<String, Mutation> e : sentMutation.entrySet()) {
            String id = e.getKey();
            Mutation m = e.getValue();
            boolean isDead = dead.containsKey(id);
            switch (m) {
                case NONE ->
                    assertThat(isDead)
                            .as("valid record %s must not be dead-lettered: %s", id, dead.get(id))
                            .isFalse();
                case BIT_FLIP -> {
                    /* either outcome is legitimate; accounted below */
                }
                default ->
                    assertThat(isDead)
                            .as("%s record %s must be dead-lettered", m, id)
                            .isTrue();
            }
            if (!isDead) {
                // Not dead-lettered: it must decode as a usable investment statement and count in the figure.
                assertThat(id).startsWith(f.topics.investment().name() + "@");
                acceptedByOffset.put(
                        Long.parseLong(id.substring(id.lastIndexOf('@') + 1)),
                        f.serdes
                                .valueSerde(InvestmentReport.class)
                                .deserializer()
                                .deserialize(f.topics.investment().name(), sentValue.get(id)));
            }
        }
        // The books balance, checked by the reconciliation rules (not by the topology).
        String investment = f.topics.investment().name();
        List<Reconciliation.RecordId> read = sentMutation.keySet().stream()
                .map(IntakeFuzzTopologyTest::recordId)
                .toList();
        List<Reconciliation.RecordId> deadIds =
                dead.keySet().stream().map(IntakeFuzzTopologyTest::recordId).toList();
        List<Reconciliation.Statement> statements = acceptedByOffset.entrySet().stream()
                .map(e -> new Reconciliation.Statement(
                        new Reconciliation.RecordId(investment, 0, e.getKey()),
                        "ordos-2025/fai",
                        e.getValue().getHeader().getSourceId(),
                        null,
                        e.getValue().getHeader().getEventTime(),
                        e.getValue().getHeader().getReportedAt(),
                        e.getValue().getQuantity().getValue()))
                .toList();
        GoalProgress p = f.latestProgress().get("ordos-2025/fai");
        Map<String, BigDecimal> published = new HashMap<>();
        if (p != null
                && p.getActual() != null
                && !(statements.isEmpty() && p.getActual().signum() == 0)) {
            published.put("ordos-2025/fai", p.getActual());
        }
        Reconciliation.Result books = Reconciliation.check(read, deadIds, statements, published);
        assertThat(books.balanced()).as("books: %s", books).isTrue();
        assertThat(books.expected().getOrDefault("ordos-2025/fai", BigDecimal.ZERO))
                .isEqualByComparingTo(recompute(new ArrayList<>(acceptedByOffset.values())));
    }

    private static Reconciliation.RecordId recordId(String topicAtOffset) {
        int at = topicAtOffset.lastIndexOf('@');
        return new Reconciliation.RecordId(
                topicAtOffset.substring(0, at), 0, Long.parseLong(topicAtOffset.substring(at + 1)));
    }

    /** Latest statement per source wins (event time, then report time, then arrival); summed over sources. */
    static BigDecimal recompute(List<InvestmentReport> inArrivalOrder) {
        Map<String, InvestmentReport> latest = new HashMap<>();
        for (InvestmentReport r : inArrivalOrder) {
            latest.merge(r.getHeader().getSourceId(), r, (old, neu) -> {
                int c = neu.getHeader().getEventTime().compareTo(old.getHeader().getEventTime());
                if (c == 0) {
                    c = neu.getHeader()
                            .getReportedAt()
                            .compareTo(old.getHeader().getReportedAt());
                }
                return c >= 0 ? neu : old;
            });
        }
        return latest.values().stream().map(r -> r.getQuantity().getValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private InvestmentReport mutate(InvestmentReport base, Input in) {
        InvestmentReport.Builder b = InvestmentReport.newBuilder(base);
        switch (in.mutation()) {
            case NEGATIVE_AMOUNT -> b.getQuantity().setValue(ProgressFixture.dec(Long.toString(-1 - in.value())));
            case HUGE_AMOUNT -> b.getQuantity().setValue(ProgressFixture.dec("1" + "0".repeat(20 + in.month())));
            case UNKNOWN_UNIT -> b.getQuantity().setUnit("bananas-" + in.project());
            case OUT_OF_YEAR -> {
                Instant t = at("2024-0" + in.month() + "-15");
                b.getHeader().setEventTime(t);
                b.getHeader().setReportedAt(t.plus(Duration.ofDays(3)));
            }
            case EMPTY_SOURCE -> b.getHeader().setSourceId("");
            default -> {}
        }
        return b.build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private byte[] serialize(String topic, SpecificRecord r) {
        return f.serdes.valueSerde((Class) r.getClass()).serializer().serialize(topic, r);
    }

    private String topicName(String choice) {
        return switch (choice) {
            case "investment" -> f.topics.investment().name();
            case "energy" -> f.topics.energy().name();
            case "environment" -> f.topics.environment().name();
            default -> f.topics.statistics().name();
        };
    }

    private static Instant monthEnd(int month) {
        return at(YearMonth.of(2025, month).atEndOfMonth().toString());
    }
}
