package city.ordos.plan.progress.topology;

import static city.ordos.plan.progress.topology.ProgressFixture.at;
import static city.ordos.plan.progress.topology.ProgressFixture.dec;
import static city.ordos.plan.progress.topology.ProgressFixture.goal;
import static city.ordos.plan.progress.topology.ProgressFixture.selector;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.deadletters.ReasonCodes;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.testing.ForeignWriters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reason code the streams app writes, each produced by one record through the production
 * topology (with the production error policy), each record dead-lettered exactly once, and the valid
 * records around them counted exactly.
 */
class DeadLetterReasonsTopologyTest {

    /** The event time at which the plan clock fails, standing in for any failure after validation. */
    private static final Instant POISON_TIME = Instant.parse("2025-06-15T07:07:07Z");

    @TempDir
    Path state;

    private ProgressFixture f;

    @BeforeEach
    void start() {
        AtomicReference<Instant> now = new AtomicReference<>(at("2025-12-31"));
        PlanClock failingAfterValidation = new PlanClock() {
            @Override
            public Instant now() {
                return now.get();
            }

            @Override
            public void observe(long eventTimeMillis) {
                if (eventTimeMillis == POISON_TIME.toEpochMilli()) {
                    throw new IllegalStateException("injected failure after validation");
                }
            }
        };
        f = new ProgressFixture(state, failingAfterValidation, Duration.ZERO);
        f.publish(goal("fai", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1000", "亿元")
                .setFeed(selector(
                        InputStream.INVESTMENT,
                        "investment.completed",
                        StatementType.YEAR_TO_DATE,
                        "亿元",
                        "MUNICIPAL_MAJOR"))
                .build());
        f.publish(goal("other-fai", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1000", "亿元")
                .setFeed(selector(
                        InputStream.INVESTMENT,
                        "investment.completed",
                        StatementType.YEAR_TO_DATE,
                        "亿元",
                        "OTHER_FIXED_ASSET"))
                .build());
        f.publish(goal("gas", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "300", "亿立方米")
                .setFeed(
                        selector(InputStream.ENERGY, "energy.output", StatementType.PERIOD_FLOW, "亿立方米", "NATURAL_GAS"))
                .build());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void every_reason_code_is_produced_once_for_its_record_and_the_valid_records_count_exactly() {
        Instant june = at("2025-06-30");
        Instant reported = at("2025-07-03");

        send(null, "P0", null);
        send(ReasonCodes.OVERSIZED, "P0", new byte[1_000_001]);
        send(ReasonCodes.NOT_AVRO, "P0", "not avro at all".getBytes(StandardCharsets.UTF_8));
        send(ReasonCodes.UNKNOWN_SCHEMA_ID, "P0", new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2, 3});
        send(
                ReasonCodes.WRONG_TYPE,
                "F1",
                bytes(
                        f.topics.energy().name(),
                        f.energy(
                                "F1",
                                "NATURAL_GAS",
                                "energy.output",
                                StatementType.PERIOD_FLOW,
                                "2025-06",
                                june,
                                reported,
                                "1",
                                "亿立方米")));
        send(
                ReasonCodes.INCOMPATIBLE_WRITER_SCHEMA,
                "P1",
                ForeignWriters.frame(
                        f.serdes.client(),
                        "foreign-scale-2",
                        ForeignWriters.investmentWithScale(2),
                        f.investment("P1", june, reported, "12.34", "亿元", null)));
        InvestmentReport withCounty = f.investment("P1", june, reported, "5", "亿元", County.YIJINHUOLUO);
        send(
                ReasonCodes.UNKNOWN_COUNTY,
                "P1",
                EventPublisher.withCountyOutsideEnum(bytes(f.topics.investment().name(), withCounty), withCounty));
        GenericRecord emptyDecimal = ForeignWriters.generic(
                InvestmentReport.getClassSchema(), f.investment("P1", june, reported, "5", "亿元", null));
        ((GenericRecord) emptyDecimal.get("quantity")).put("value", ByteBuffer.allocate(0));
        send(
                ReasonCodes.INVALID_DECIMAL,
                "P1",
                ForeignWriters.frame(f.serdes.client(), f.topics.investment().name() + "-value", emptyDecimal));
        InvestmentReport noName = f.investment("P1", june, reported, "5", "亿元", null);
        noName.setProjectName(" ");
        sendReport(ReasonCodes.MISSING_FIELD, "P1", noName);
        sendReport(ReasonCodes.KEY_MISMATCH, "someone-else", f.investment("P1", june, reported, "5", "亿元", null));
        InvestmentReport unread = f.investment("P1", june, reported, "5", "亿元", null);
        unread.setMetric("investment.planned");
        sendReport(ReasonCodes.NO_MATCHING_GOAL, "P1", unread);
        InvestmentReport level = f.investment("P1", june, reported, "5", "亿元", null);
        level.setStatement(StatementType.LEVEL);
        sendReport(ReasonCodes.STATEMENT_MISMATCH, "P1", level);
        send(
                ReasonCodes.INVALID_PERIOD,
                "F1",
                bytes(
                        f.topics.energy().name(),
                        f.energy(
                                "F1",
                                "NATURAL_GAS",
                                "energy.output",
                                StatementType.PERIOD_FLOW,
                                "2025-13",
                                june,
                                reported,
                                "1",
                                "亿立方米")),
                f.topics.energy().name());
        sendReport(
                ReasonCodes.OUTSIDE_PLAN_YEAR, "P1", f.investment("P1", at("2024-12-31"), reported, "5", "亿元", null));
        sendReport(ReasonCodes.FUTURE_EVENT, "P1", f.investment("P1", at("2025-08-31"), reported, "5", "亿元", null));
        sendReport(ReasonCodes.FUTURE_REPORT, "P1", f.investment("P1", june, at("2099-01-01"), "5", "亿元", null));
        sendReport(ReasonCodes.NEGATIVE_AMOUNT, "P1", f.investment("P1", june, reported, "-3", "亿元", null));
        sendReport(
                ReasonCodes.AMOUNT_TOO_LARGE,
                "P1",
                f.investment("P1", june, reported, "99999999999999999999999999999999.999999", "亿元", null));
        sendReport(ReasonCodes.UNKNOWN_UNIT, "P1", f.investment("P1", june, reported, "5", "桶", null));
        sendReport(ReasonCodes.UNIT_MISMATCH, "P1", f.investment("P1", june, reported, "5", "万千瓦", null));
        sendReport(ReasonCodes.PROCESSING_FAILED, "P1", f.investment("P1", POISON_TIME, reported, "5", "亿元", null));

        // Valid records after them still count, exactly.
        sendReport(null, "P2", f.investment("P2", june, reported, "40.5", "亿元", null));
        send(
                null,
                "F2",
                bytes(
                        f.topics.energy().name(),
                        f.energy(
                                "F2",
                                "NATURAL_GAS",
                                "energy.output",
                                StatementType.PERIOD_FLOW,
                                "2025-06",
                                june,
                                reported,
                                "12.25",
                                "亿立方米")),
                f.topics.energy().name());

        // As if 100,000 sources of this input partition had each stated the statement limit: the
        // partial is at the sum limit, and any further amount would push it over.
        GoalAggregate full = PartialSums.empty("ordos-2025/other-fai", 0);
        full.setFeed(dec("100000000000000000000"));
        full.setContributions(100_000);
        f.driver
                .<String, GoalAggregate>getKeyValueStore(ProgressTopology.INPUT_PARTIALS_STORE)
                .put("ordos-2025/other-fai", full);
        InvestmentReport other = f.investment("P9", june, reported, "0.000001", "亿元", null);
        other.setTier("OTHER_FIXED_ASSET");
        sendReport(ReasonCodes.SUM_LIMIT_EXCEEDED, "P9", other);

        Map<String, DeadLetter> byRecord = new HashMap<>();
        for (DeadLetter d : f.deadLetters.readValuesToList()) {
            String id = d.getSourceTopic() + "@" + d.getSourceOffset();
            assertThat(byRecord.put(id, d))
                    .as("one dead letter per record: %s", id)
                    .isNull();
        }
        Map<String, String> codes = new LinkedHashMap<>();
        byRecord.forEach((id, d) -> codes.put(id, d.getReasonCode()));
        assertThat(codes).containsExactlyInAnyOrderEntriesOf(expectedById());
        assertThat(new ArrayList<>(codes.values()))
                .as("every code the streams app writes")
                .containsExactlyInAnyOrderElementsOf(ReasonCodes.STREAMS_APP);
        assertThat(byRecord.values()).allSatisfy(d -> assertThat(d.getMessage()).isNotBlank());

        DeadLetter failed = byRecord.values().stream()
                .filter(d -> d.getReasonCode().equals(ReasonCodes.PROCESSING_FAILED))
                .findFirst()
                .orElseThrow();
        assertThat(failed.getMessage())
                .contains("step " + ProgressTopology.INTAKE)
                .contains("injected failure after validation");
        assertThat(failed.getOriginalValue()).as("the original bytes, as read").isNotNull();

        assertThat(f.stored("fai").getActual()).as("P2 alone counts").isEqualByComparingTo("40.5");
        assertThat(f.stored("gas").getActual()).as("F2 alone counts").isEqualByComparingTo("12.25");
    }

    private final Map<String, String> sent = new LinkedHashMap<>();

    private Map<String, String> expectedById() {
        Map<String, String> dead = new LinkedHashMap<>();
        sent.forEach((id, code) -> {
            if (code != null) {
                dead.put(id, code);
            }
        });
        return dead;
    }

    private final Map<String, Long> offsets = new HashMap<>();

    private void send(String code, String key, byte[] value) {
        send(code, key, value, f.topics.investment().name());
    }

    private void send(String code, String key, byte[] value, String topic) {
        long offset = offsets.merge(topic, 1L, Long::sum) - 1;
        sent.put(topic + "@" + offset, value == null ? ReasonCodes.NO_VALUE : code);
        f.driver
                .createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(key, value);
    }

    private void sendReport(String code, String key, InvestmentReport report) {
        send(code, key, bytes(f.topics.investment().name(), report));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private byte[] bytes(String topic, SpecificRecord record) {
        return f.serdes.valueSerde((Class) record.getClass()).serializer().serialize(topic, record);
    }
}
