package city.ordos.plan.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.avro.StatementVersion;
import city.ordos.plan.registry.AvroSerdes;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The stores' compact format: every field of every record comes back as written, values stored
 * before it (the registry's Avro) are still read, and what Avro's writer refused is still refused.
 */
class StoreFormatsTest {

    private static final String TOPIC = "app-progress-statements-changelog";

    private final AvroSerdes registry =
            new AvroSerdes(Map.of("schema.registry.url", "mock://formats-" + UUID.randomUUID()));
    private final StoreFormats formats = new StoreFormats(registry);

    /** Every field set, none to its default, strings beyond ASCII, an amount beyond a long's unscaled range. */
    private static Statement fullStatement() {
        return new Statement(
                "ordos-2025/fixed-asset-investment",
                "FEED",
                "project|鄂尔多斯-0433",
                "2025-03",
                new BigDecimal("-1000000000000000.000000"),
                "亿元",
                "ordos.KBS",
                1_740_758_400_000L,
                1_741_000_000_123L,
                "evt-ä-1",
                "ordos.investment",
                11,
                9_876_543_210L);
    }

    private static StatementVersion fullVersion() {
        return new StatementVersion(
                20_150,
                1_740_758_400_000L,
                -5L,
                new BigDecimal("12.345678"),
                "ordos.DS",
                "evt-2",
                "ordos.energy",
                0,
                Long.MAX_VALUE,
                3,
                "报表 2025-03.xlsx",
                17,
                "sub-9",
                "伊金霍洛旗统计局",
                "city-reviewer");
    }

    private static GoalAggregate fullAggregate() {
        return new GoalAggregate(
                "ordos-2025/gdp",
                new BigDecimal("100000000000000000000.000000"),
                new BigDecimal("-0.000001"),
                new BigDecimal("0.000000"),
                Map.of(
                        "ordos.KBS",
                        new BigDecimal("99999999999999999999.999999"),
                        "ordos.DS",
                        new BigDecimal("1.500000")),
                433,
                1_740_758_400_000L,
                1_741_000_000_000L,
                5);
    }

    private static DayDelta fullDelta() {
        return new DayDelta(
                new BigDecimal("7.000000"),
                new BigDecimal("-7.250000"),
                new BigDecimal("3000000000000.000000"),
                1,
                -1,
                2,
                Map.of("ordos.EQ", new BigDecimal("-2.000000")),
                1_740_758_400_000L,
                1_741_000_000_000L);
    }

    @Test
    void everyFieldOfEveryRecordComesBackAsWritten() {
        assertEveryFieldSet(fullStatement());
        assertEveryFieldSet(fullVersion());
        assertEveryFieldSet(fullAggregate());
        assertEveryFieldSet(fullDelta());
        assertRoundTrip(formats.statement(), fullStatement());
        assertRoundTrip(formats.statementVersion(), fullVersion());
        assertRoundTrip(formats.goalAggregate(), fullAggregate());
        assertRoundTrip(formats.dayDelta(), fullDelta());
    }

    @Test
    void optionalFieldsLeftOutComeBackLeftOut() {
        Statement statement = fullStatement();
        statement.setPeriod(null);
        statement.setCounty(null);
        assertRoundTrip(formats.statement(), statement);

        StatementVersion version = fullVersion();
        version.setCounty(null);
        version.setImportFile(null);
        version.setImportLine(null);
        version.setSubmissionId(null);
        version.setSubmittedBy(null);
        version.setApprovedBy(null);
        assertRoundTrip(formats.statementVersion(), version);

        assertRoundTrip(
                formats.goalAggregate(),
                GoalAggregate.newBuilder()
                        .setGoalKey("ordos-2025/gdp")
                        .setContributions(0)
                        .build());
        assertRoundTrip(formats.dayDelta(), DayDelta.newBuilder().build());
    }

    @Test
    void valuesStoredInTheRegistryFormatBeforeAreStillRead() {
        assertReadsRegistryFormat(formats.statement(), fullStatement(), Statement.class);
        assertReadsRegistryFormat(formats.statementVersion(), fullVersion(), StatementVersion.class);
        assertReadsRegistryFormat(formats.goalAggregate(), fullAggregate(), GoalAggregate.class);
        assertReadsRegistryFormat(formats.dayDelta(), fullDelta(), DayDelta.class);
    }

    @Test
    void amountsAreHeldToTheContractsDecimalAsAvroHeldThem() {
        Statement twoPlaces = fullStatement();
        twoPlaces.setValue(new BigDecimal("12.50"));
        Statement sixPlaces = fullStatement();
        sixPlaces.setValue(new BigDecimal("12.500000"));
        byte[] compact = formats.statement().serializer().serialize(TOPIC, twoPlaces);
        assertThat(formats.statement().deserializer().deserialize(TOPIC, compact))
                .isEqualTo(sixPlaces);
        byte[] avro = registry.valueSerde(Statement.class).serializer().serialize("app-Statement", twoPlaces);
        assertThat(registry.valueSerde(Statement.class).deserializer().deserialize("app-Statement", avro))
                .isEqualTo(sixPlaces);

        Statement sevenPlaces = fullStatement();
        sevenPlaces.setValue(new BigDecimal("12.0000005"));
        assertThatThrownBy(() -> formats.statement().serializer().serialize(TOPIC, sevenPlaces))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("12.0000005")
                .hasMessageContaining("decimal(38,6) without rounding");
        assertThatThrownBy(
                        () -> registry.valueSerde(Statement.class).serializer().serialize("app-Statement", sevenPlaces))
                .isInstanceOf(SerializationException.class);

        GoalAggregate tooLarge = fullAggregate();
        tooLarge.setFeed(new BigDecimal("1E32").setScale(6));
        assertThatThrownBy(() -> formats.goalAggregate().serializer().serialize(TOPIC, tooLarge))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("too many digits");
        assertThatThrownBy(() ->
                        registry.valueSerde(GoalAggregate.class).serializer().serialize("app-GoalAggregate", tooLarge))
                .isInstanceOf(SerializationException.class);

        Statement noValue = fullStatement();
        noValue.setValue(null);
        assertThatThrownBy(() -> formats.statement().serializer().serialize(TOPIC, noValue))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Statement.value");
    }

    @Test
    void aFailedWriteLeavesNothingBehindForTheNext() {
        Serde<Statement> serde = formats.statement();
        Statement noGoal = fullStatement();
        noGoal.setGoalKey(null);
        Statement bad = fullStatement();
        bad.setValue(new BigDecimal("1.0000005"));
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, bad)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, noGoal))
                .isInstanceOf(SerializationException.class);

        assertRoundTrip(serde, fullStatement());
    }

    @Test
    void bytesThatAreNeitherFormatGiveAClearError() {
        Serde<Statement> serde = formats.statement();
        byte[] good = serde.serializer().serialize(TOPIC, fullStatement());

        byte[] unknownFormat = good.clone();
        unknownFormat[0] = 7;
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, unknownFormat))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown format byte 7")
                .hasMessageContaining("Statement")
                .hasMessageContaining(TOPIC);

        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Malformed Statement");

        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, trailing))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("left over");

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Empty Statement");
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    }

    @Test
    void theCompactFormatIsSmallerThanTheRegistrysAvro() {
        // What a changelog and a restore carry per event.
        assertThat(formats.statementVersion().serializer().serialize(TOPIC, fullVersion()))
                .hasSizeLessThan(registry.valueSerde(StatementVersion.class)
                        .serializer()
                        .serialize(TOPIC, fullVersion())
                        .length);
    }

    private static <T extends SpecificRecord> void assertRoundTrip(Serde<T> serde, T record) {
        byte[] bytes = serde.serializer().serialize(TOPIC, record);
        assertThat(bytes[0]).isEqualTo(CompactSerde.FORMAT);
        T back = serde.deserializer().deserialize(TOPIC, bytes);
        assertThat(back).isEqualTo(record);
        // Equal BigDecimals of another scale would compare unequal in the record's equals: check the scale too.
        for (Schema.Field field : record.getSchema().getFields()) {
            if (record.get(field.pos()) instanceof BigDecimal amount) {
                assertThat(((BigDecimal) back.get(field.pos())).scale())
                        .as(field.name())
                        .isEqualTo(amount.scale());
            }
        }
    }

    private <T extends SpecificRecord> void assertReadsRegistryFormat(Serde<T> serde, T record, Class<T> type) {
        // One topic per type: the registry would refuse another record's schema under the same subject.
        String topic = "app-" + type.getSimpleName();
        byte[] before = registry.valueSerde(type).serializer().serialize(topic, record);
        assertThat(before[0]).isEqualTo(CompactSerde.REGISTRY_MAGIC);
        assertThat(serde.deserializer().deserialize(topic, before)).isEqualTo(record);
    }

    /** A field left null in the full records would not show that its encoding is wrong. */
    private static void assertEveryFieldSet(SpecificRecord record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            assertThat(record.get(field.pos())).as(field.name()).isNotNull();
        }
    }
}
