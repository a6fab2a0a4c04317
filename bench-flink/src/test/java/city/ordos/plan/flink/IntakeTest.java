package city.ordos.plan.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.matching.GoalIndex;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.testing.TestGoals;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The peer's intake: decode with the registry serde, match goals, convert units; unusable input named, not dropped. */
class IntakeTest {

    private static final String REGISTRY = "mock://intake-test";
    private static final Instant END_OF_MARCH = Instant.parse("2025-03-31T15:59:59.999Z");

    private final AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", REGISTRY));
    private Intake intake;

    @BeforeEach
    void open() {
        intake = new Intake(
                REGISTRY,
                Map.of("in-investment", InputStream.INVESTMENT, "in-energy", InputStream.ENERGY),
                GoalIndex.of(List.of(goal(
                        "fai", InputStream.INVESTMENT, "investment.completed", StatementType.YEAR_TO_DATE, "亿元"))));
        intake.open(null);
    }

    @Test
    void aMatchingReportBecomesOneStatementInTheGoalsUnit() {
        List<StatementUpdate> updates =
                intake.statements(record("in-investment", "PRJ-2", investment("PRJ-2", END_OF_MARCH, "5000", "万元")));

        assertThat(updates)
                .containsExactly(new StatementUpdate(
                        "ordos-2025/fai|FEED|PRJ-2|",
                        "ordos-2025/fai",
                        "FEED",
                        "PRJ-2",
                        new BigDecimal("0.500000"),
                        "DALATE",
                        END_OF_MARCH.toEpochMilli(),
                        END_OF_MARCH.toEpochMilli() + 3_600_000));
    }

    @Test
    void theIntakeWithItsGoalIndexMatchesTheSameAfterJavaSerializationAsFlinkShipsIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(intake);
        }
        Intake shipped;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (Intake) in.readObject();
        }
        shipped.open(null);
        InputRecord report = record("in-investment", "PRJ-2", investment("PRJ-2", END_OF_MARCH, "5000", "万元"));

        assertThat(shipped.statements(report))
                .isEqualTo(intake.statements(report))
                .hasSize(1);
    }

    @Test
    void aRecordKeyedByAnotherSourceIsRefusedWithItsCoordinates() {
        assertThatThrownBy(() -> intake.statements(
                        record("in-investment", "PRJ-9", investment("PRJ-2", END_OF_MARCH, "1", "亿元"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in-investment-0@7")
                .hasMessageContaining("is not header.sourceId 'PRJ-2'");
    }

    @Test
    void anEventNoGoalTakesIsRefused() {
        EnergyReading reading = EnergyReading.newBuilder()
                .setHeader(header("FAC-1", END_OF_MARCH))
                .setFacilityId("FAC-1")
                .setEnergySource("WIND")
                .setMetric("capacity.installed")
                .setStatement(StatementType.LEVEL)
                .setQuantity(new Quantity(new BigDecimal("1.000000"), "万千瓦"))
                .build();

        assertThatThrownBy(() -> intake.statements(record("in-energy", "FAC-1", reading)))
                .hasMessageContaining("no goal takes ENERGY events with metric 'capacity.installed'");
    }

    @Test
    void aReportFromAnotherYearIsRefusedForThePlanYearGoal() {
        assertThatThrownBy(() -> intake.statements(record(
                        "in-investment",
                        "PRJ-1",
                        investment("PRJ-1", Instant.parse("2024-12-31T15:59:59.999Z"), "1", "亿元"))))
                .hasMessageContaining("outside plan year 2025 of ordos-2025/fai");
    }

    @Test
    void bytesThatAreNotRegistryAvroAreRefused() {
        InputRecord junk = new InputRecord(
                "in-investment",
                0,
                7,
                "PRJ-1".getBytes(StandardCharsets.UTF_8),
                "{\"json\": true}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> intake.statements(junk))
                .hasMessageContaining("in-investment-0@7")
                .hasMessageContaining("not registry-framed Avro of INVESTMENT");
    }

    private <T extends SpecificRecord> InputRecord record(String topic, String key, T value) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) value.getClass();
        return new InputRecord(
                topic,
                0,
                7,
                key.getBytes(StandardCharsets.UTF_8),
                serdes.valueSerde(type).serializer().serialize(topic, value));
    }

    private static StatementHeader header(String source, Instant asOf) {
        return StatementHeader.newBuilder()
                .setEventId(source + "@" + asOf)
                .setSourceId(source)
                .setEventTime(asOf)
                .setReportedAt(asOf.plusSeconds(3_600))
                .setCounty(County.DALATE)
                .build();
    }

    private static InvestmentReport investment(String project, Instant asOf, String value, String unit) {
        return InvestmentReport.newBuilder()
                .setHeader(header(project, asOf))
                .setProjectId(project)
                .setProjectName(project)
                .setTier("MUNICIPAL_MAJOR")
                .setSector("INDUSTRY")
                .setQuantity(new Quantity(new BigDecimal(value).setScale(6), unit))
                .build();
    }

    private static GoalDefinition goal(
            String id, InputStream stream, String metric, StatementType statement, String unit) {
        return TestGoals.goal(id)
                .setSectionTitleZh("s")
                .setSectionTitleEn("s")
                .setPhraseZh("p")
                .setNameZh(id)
                .setNameEn(id)
                .setUnit(unit)
                .setTarget(new BigDecimal("1000.000000"))
                .setDepartment("d")
                .setCadenceDays(60)
                .setFeed(FeedSelector.newBuilder()
                        .setStream(stream)
                        .setMetric(metric)
                        .setStatement(statement)
                        .setUnit(unit)
                        .build())
                .build();
    }
}
