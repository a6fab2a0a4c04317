package city.ordos.plan.progress.topology;

import static city.ordos.plan.progress.topology.ProgressFixture.at;
import static city.ordos.plan.progress.topology.ProgressFixture.dec;
import static city.ordos.plan.progress.topology.ProgressFixture.goal;
import static city.ordos.plan.progress.topology.ProgressFixture.selector;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.testing.ForeignWriters;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Valid Avro from producers the product did not write — writer schemas that differ from the
 * contract, harmlessly (a smaller precision, an extra field) or not (another scale, the amount as
 * text, a larger precision) — carrying extreme amounts at and beyond every limit, in every money unit,
 * through the PRODUCTION topology with its error policy. Two goals read them: one keeps 亿元 for
 * every tier, one keeps 元 for OTHER_FIXED_ASSET projects (conversion up to 10^12) and starts
 * 2.5 x 10^15 below the partial sum limit, as if many sources had already stated.
 *
 * <p>Per try: nothing throws and nothing is dead-lettered as PROCESSING_FAILED (no thread would
 * die); every record ends in a figure or in exactly one dead letter, with the reason and goals an
 * oracle written from docs/topology.md expects; and each goal's figure equals the oracle's sum of
 * the statements it let through, so no rejected record moved a figure.
 */
class WriterSchemaFuzzTopologyTest {

    private static final String ALL = "ordos-2025/fai-yi";
    private static final String OTHER = "ordos-2025/other-yuan";
    private static final BigDecimal STATEMENT_LIMIT = new BigDecimal("1E15");
    private static final BigDecimal SUM_LIMIT = new BigDecimal("1E20");
    /** OTHER's partial before the try: 2.5 x 10^15 元 below the sum limit, so a third full statement overflows it. */
    private static final BigDecimal OTHER_BASE = SUM_LIMIT.subtract(new BigDecimal("2.5E15"));

    private static final Map<String, BigDecimal> YUAN_PER_UNIT = Map.of(
            "元", BigDecimal.ONE,
            "万元", new BigDecimal("1E4"),
            "亿元", new BigDecimal("1E8"),
            "万亿元", new BigDecimal("1E12"));

    enum Writer {
        PRODUCT(true),
        SMALLER_PRECISION(true),
        EXTRA_FIELD(true),
        SCALE_2(false),
        SCALE_9(false),
        TEXT_AMOUNT(false),
        LARGER_PRECISION(false);

        final boolean readable;

        Writer(boolean readable) {
            this.readable = readable;
        }
    }

    /** One record: who states what, as of which month, in which unit, written with which schema. */
    record Input(Writer writer, int source, boolean other, int month, int reportDelay, String value, String unit) {}

    /** An amount and its unit. */
    record Amount(String value, String unit) {}

    private Path stateDir;
    private ProgressFixture f;

    @BeforeTry
    void start() throws IOException {
        stateDir = Files.createTempDirectory("writer-fuzz-");
        f = new ProgressFixture(stateDir);
        f.publish(goal("fai-yi", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1000", "亿元")
                .setFeed(selector(InputStream.INVESTMENT, "investment.completed", StatementType.YEAR_TO_DATE, "亿元"))
                .build());
        f.publish(goal("other-yuan", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1000", "亿元")
                .setFeed(selector(
                        InputStream.INVESTMENT,
                        "investment.completed",
                        StatementType.YEAR_TO_DATE,
                        "元",
                        "OTHER_FIXED_ASSET"))
                .build());
        GoalAggregate base = PartialSums.empty(OTHER, 0);
        base.setFeed(dec(OTHER_BASE.toPlainString()));
        base.setContributions(1000);
        f.driver
                .<String, GoalAggregate>getKeyValueStore(ProgressTopology.INPUT_PARTIALS_STORE)
                .put(OTHER, base);
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
        Arbitrary<String> magnitudes = Arbitraries.of(
                "0",
                "0.000001",
                "12.34",
                "99999999.99",
                "10000000.000001",
                "1001",
                "1000000000000000",
                "1000000000000000.000001",
                "99999999999999999999999999999999.999999",
                "1000000000000000000000000000000");
        Arbitrary<Amount> anyAmount = Combinators.combine(
                        magnitudes, Arbitraries.of(1, 1, 1, -1), Arbitraries.of("元", "万元", "亿元", "万亿元"))
                .as((v, sign, unit) -> new Amount(sign < 0 && !v.equals("0") ? "-" + v : v, unit));
        // 10^15 元 exactly, stated in each unit: the statement limit of the 元 goal, and the amounts
        // that drive its partial over the sum limit.
        Arbitrary<Amount> atTheLimit = Arbitraries.of(
                new Amount("1000000000000000", "元"),
                new Amount("100000000000", "万元"),
                new Amount("10000000", "亿元"),
                new Amount("1000", "万亿元"));
        Arbitrary<Amount> amounts =
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, anyAmount), net.jqwik.api.Tuple.of(2, atTheLimit));
        Arbitrary<Input> one = Combinators.combine(
                        Arbitraries.of(Writer.class),
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(1, 12),
                        Arbitraries.integers().between(1, 3),
                        amounts)
                .as((writer, source, other, month, delay, amount) ->
                        new Input(writer, source, other, month, delay, amount.value(), amount.unit()));
        return one.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 30, seed = "20251130")
    void every_record_under_any_writer_schema_ends_in_a_figure_or_one_dead_letter(
            @ForAll("inputs") List<Input> inputs) {
        Oracle oracle = new Oracle();
        List<Expected> expected = new ArrayList<>();
        for (Input in : inputs) {
            Input sent = writable(in);
            send(sent);
            expected.add(oracle.apply(sent));
        }
        f.tick(Duration.ofSeconds(2));

        Map<Long, DeadLetter> letters = new HashMap<>();
        for (DeadLetter d : f.deadLetters.readValuesToList()) {
            assertThat(letters.put(d.getSourceOffset(), d))
                    .as("one dead letter per record: offset %s", d.getSourceOffset())
                    .isNull();
            assertThat(d.getReasonCode())
                    .as("no failure escaped the checks: %s", d.getMessage())
                    .isNotEqualTo("PROCESSING_FAILED");
        }
        for (int offset = 0; offset < expected.size(); offset++) {
            Expected e = expected.get(offset);
            DeadLetter d = letters.get((long) offset);
            if (e.reason() == null) {
                assertThat(d)
                        .as("record %s %s must count, not be dead-lettered", offset, inputs.get(offset))
                        .isNull();
            } else {
                assertThat(d)
                        .as("record %s %s must be dead-lettered as %s", offset, inputs.get(offset), e.reason())
                        .isNotNull();
                assertThat(d.getReasonCode())
                        .as("record %s: %s", offset, d.getMessage())
                        .isEqualTo(e.reason());
                assertThat(d.getGoals())
                        .as("record %s: %s", offset, d.getMessage())
                        .containsExactlyElementsOf(e.goals());
            }
        }

        Map<String, GoalProgress> progress = f.latestProgress();
        assertFigure(progress.get(ALL), oracle.figure(ALL, BigDecimal.ZERO, "亿元"));
        assertFigure(progress.get(OTHER), oracle.figure(OTHER, OTHER_BASE, "元"));
    }

    private static void assertFigure(GoalProgress published, BigDecimal expected) {
        if (expected == null) {
            assertThat(published == null || published.getActual() == null)
                    .as("no statement, no figure")
                    .isTrue();
        } else {
            assertThat(published).isNotNull();
            assertThat(published.getActual()).isEqualByComparingTo(expected);
        }
    }

    /** A record the writer schema can actually hold: values beyond its precision or scale take the contract's schema. */
    private static Input writable(Input in) {
        BigDecimal v = new BigDecimal(in.value());
        boolean fits = switch (in.writer()) {
            case SMALLER_PRECISION -> v.setScale(6).precision() <= 20;
            case SCALE_2 -> v.stripTrailingZeros().scale() <= 2;
            default -> true;
        };
        return fits
                ? in
                : new Input(
                        Writer.PRODUCT, in.source(), in.other(), in.month(), in.reportDelay(), in.value(), in.unit());
    }

    private void send(Input in) {
        Instant asOf = at(YearMonth.of(2025, in.month()).atEndOfMonth().toString());
        String source = "P" + in.source();
        InvestmentReport report =
                f.investment(source, asOf, asOf.plus(Duration.ofDays(in.reportDelay())), in.value(), in.unit(), null);
        report.setTier(in.other() ? "OTHER_FIXED_ASSET" : "MUNICIPAL_MAJOR");
        String topic = f.topics.investment().name();
        byte[] bytes = in.writer() == Writer.PRODUCT
                ? f.serdes.valueSerde(InvestmentReport.class).serializer().serialize(topic, report)
                : ForeignWriters.frame(f.serdes.client(), "foreign-" + in.writer(), schema(in.writer()), report);
        f.driver
                .createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(source, bytes);
    }

    private static Schema schema(Writer writer) {
        String decimal = ForeignWriters.CONTRACT_DECIMAL;
        return switch (writer) {
            case PRODUCT -> InvestmentReport.getClassSchema();
            case SMALLER_PRECISION -> ForeignWriters.investment(decimal, decimal.replace("38", "20"));
            case LARGER_PRECISION -> ForeignWriters.investment(decimal, decimal.replace("38", "60"));
            case EXTRA_FIELD ->
                ForeignWriters.investment(
                        "{\"name\":\"projectId\"",
                        "{\"name\":\"extra\",\"type\":\"int\",\"default\":0},{\"name\":\"projectId\"");
            case SCALE_2 -> ForeignWriters.investmentWithScale(2);
            case SCALE_9 -> ForeignWriters.investmentWithScale(9);
            case TEXT_AMOUNT -> ForeignWriters.investmentWithTextAmount();
        };
    }

    /** What should happen to a record: null reason = it counts everywhere it is read. */
    record Expected(String reason, List<String> goals) {}

    /**
     * The rules of docs/topology.md written out: the writer must be readable; per goal, an amount must
     * be non-negative and at most 10^15 as stated and in the selector's unit; the latest statement
     * per (goal, source) stands (as-of, then report time, then arrival; an identical one changes
     * nothing); a statement that would take an input partition's sum beyond 10^20 is refused.
     */
    private static final class Oracle {
        private record Held(long asOf, long reportedAt, BigDecimal value) {}

        private final Map<String, Map<String, Held>> standing = new LinkedHashMap<>();
        private final Map<String, BigDecimal> partial = new HashMap<>(Map.of(ALL, BigDecimal.ZERO, OTHER, OTHER_BASE));

        Expected apply(Input in) {
            if (!in.writer().readable) {
                return new Expected("INCOMPATIBLE_WRITER_SCHEMA", List.of());
            }
            List<String> goals = in.other() ? List.of(ALL, OTHER) : List.of(ALL);
            BigDecimal raw = new BigDecimal(in.value());
            Map<String, String> rejected = new LinkedHashMap<>();
            Map<String, BigDecimal> accepted = new LinkedHashMap<>();
            for (String goal : goals) {
                BigDecimal converted = raw.multiply(YUAN_PER_UNIT.get(in.unit()))
                        .divide(YUAN_PER_UNIT.get(goal.equals(ALL) ? "亿元" : "元"))
                        .setScale(6, RoundingMode.HALF_EVEN);
                if (raw.signum() < 0) {
                    rejected.put(goal, "NEGATIVE_AMOUNT");
                } else if (raw.compareTo(STATEMENT_LIMIT) > 0 || converted.compareTo(STATEMENT_LIMIT) > 0) {
                    rejected.put(goal, "AMOUNT_TOO_LARGE");
                } else {
                    accepted.put(goal, converted);
                }
            }
            if (accepted.isEmpty()) {
                return new Expected(rejected.values().iterator().next(), List.copyOf(rejected.keySet()));
            }
            Instant asOf = at(YearMonth.of(2025, in.month()).atEndOfMonth().toString());
            Held incoming = new Held(
                    asOf.toEpochMilli(),
                    asOf.plus(Duration.ofDays(in.reportDelay())).toEpochMilli(),
                    null);
            for (Map.Entry<String, BigDecimal> a : accepted.entrySet()) {
                String goal = a.getKey();
                Held next = new Held(incoming.asOf(), incoming.reportedAt(), a.getValue());
                Held held = standing.computeIfAbsent(goal, g -> new HashMap<>()).get("P" + in.source());
                if (held != null) {
                    int order = Long.compare(next.asOf(), held.asOf());
                    if (order == 0) {
                        order = Long.compare(next.reportedAt(), held.reportedAt());
                    }
                    if (order < 0 || (order == 0 && next.value().compareTo(held.value()) == 0)) {
                        continue; // older, or the same statement again
                    }
                }
                BigDecimal sum = partial.get(goal)
                        .subtract(held == null ? BigDecimal.ZERO : held.value())
                        .add(next.value());
                if (sum.abs().compareTo(SUM_LIMIT) > 0) {
                    rejected.put(goal, "SUM_LIMIT_EXCEEDED");
                    continue;
                }
                partial.put(goal, sum);
                standing.get(goal).put("P" + in.source(), next);
            }
            return rejected.isEmpty()
                    ? new Expected(null, List.of())
                    : new Expected(rejected.values().iterator().next(), List.copyOf(rejected.keySet()));
        }

        /** The goal's actual in 亿元, or null when no statement of the try stands. */
        BigDecimal figure(String goal, BigDecimal base, String selectorUnit) {
            Map<String, Held> held = standing.getOrDefault(goal, Map.of());
            if (held.isEmpty()) {
                return null;
            }
            BigDecimal sum = base;
            for (Held h : held.values()) {
                sum = sum.add(h.value());
            }
            return sum.multiply(YUAN_PER_UNIT.get(selectorUnit))
                    .divide(YUAN_PER_UNIT.get("亿元"))
                    .setScale(6, RoundingMode.HALF_EVEN);
        }
    }
}
