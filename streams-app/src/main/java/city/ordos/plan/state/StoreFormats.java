package city.ordos.plan.state;

import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.avro.StatementVersion;
import city.ordos.plan.registry.AvroSerdes;
import java.io.IOException;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Serdes of the records the application keeps for itself and writes on every event: the standing
 * statements, time travel's statement days and day deltas, and the partial sums (stores and the
 * repartition topic). No one outside the application reads them, so they need no registry: they
 * are written in the compact format ({@link CompactSerde}), which costs the stream thread about
 * half of what Avro's schema-driven writer did (2.5 against 4.5 µs per event, docs/performance.md),
 * and read in either format. The records' fields are still those of their {@code .avsc} files in {@code schemas/}.
 *
 * <p>Each codec builds its record with the all-fields constructor, so a field added to a schema
 * does not compile until the codec reads it, and {@code StoreFormatsTest} (every field set, then
 * round-tripped) fails until it writes it; values already stored then need a new
 * {@link CompactSerde#FORMAT} with the reader of the old one kept.
 */
public final class StoreFormats {

    private final AvroSerdes registry;

    /** {@code registry}: how values written before the compact format are read. */
    public StoreFormats(AvroSerdes registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public CompactSerde<Statement> statement() {
        return new CompactSerde<>(
                "Statement", StoreFormats::write, StoreFormats::readStatement, registryFormat(Statement.class));
    }

    public CompactSerde<StatementVersion> statementVersion() {
        return new CompactSerde<>(
                "StatementVersion",
                StoreFormats::write,
                StoreFormats::readStatementVersion,
                registryFormat(StatementVersion.class));
    }

    public CompactSerde<GoalAggregate> goalAggregate() {
        return new CompactSerde<>(
                "GoalAggregate",
                StoreFormats::write,
                StoreFormats::readGoalAggregate,
                registryFormat(GoalAggregate.class));
    }

    public CompactSerde<DayDelta> dayDelta() {
        return new CompactSerde<>(
                "DayDelta", StoreFormats::write, StoreFormats::readDayDelta, registryFormat(DayDelta.class));
    }

    private <T extends SpecificRecord> Deserializer<T> registryFormat(Class<T> type) {
        return registry.valueSerde(type).deserializer();
    }

    private static void write(Statement s, CompactWriter out) throws IOException {
        out.writeString(s.getGoalKey());
        out.writeString(s.getRole());
        out.writeString(s.getSourceId());
        out.writeNullableString(s.getPeriod());
        out.writeDecimal(required(s.getValue(), "Statement.value"));
        out.writeString(s.getUnit());
        out.writeNullableString(s.getCounty());
        out.writeLong(s.getEventTime());
        out.writeLong(s.getReportedAt());
        out.writeString(s.getEventId());
        out.writeString(s.getSourceTopic());
        out.writeInt(s.getSourcePartition());
        out.writeLong(s.getSourceOffset());
    }

    private static Statement readStatement(CompactReader in) throws IOException {
        return new Statement(
                in.readString(),
                in.readString(),
                in.readString(),
                in.readNullableString(),
                required(in.readDecimal(), "value"),
                in.readString(),
                in.readNullableString(),
                in.readLong(),
                in.readLong(),
                in.readString(),
                in.readString(),
                in.readInt(),
                in.readLong());
    }

    private static void write(StatementVersion v, CompactWriter out) throws IOException {
        out.writeInt(v.getDay());
        out.writeLong(v.getEventTime());
        out.writeLong(v.getReportedAt());
        out.writeDecimal(required(v.getValue(), "StatementVersion.value"));
        out.writeNullableString(v.getCounty());
        out.writeString(v.getEventId());
        out.writeString(v.getSourceTopic());
        out.writeInt(v.getSourcePartition());
        out.writeLong(v.getSourceOffset());
        out.writeInt(v.getRestatements());
        out.writeNullableString(v.getImportFile());
        out.writeNullableInt(v.getImportLine());
        out.writeNullableString(v.getSubmissionId());
        out.writeNullableString(v.getSubmittedBy());
        out.writeNullableString(v.getApprovedBy());
    }

    private static StatementVersion readStatementVersion(CompactReader in) throws IOException {
        return new StatementVersion(
                in.readInt(),
                in.readLong(),
                in.readLong(),
                required(in.readDecimal(), "value"),
                in.readNullableString(),
                in.readString(),
                in.readString(),
                in.readInt(),
                in.readLong(),
                in.readInt(),
                in.readNullableString(),
                in.readNullableInt(),
                in.readNullableString(),
                in.readNullableString(),
                in.readNullableString());
    }

    private static void write(GoalAggregate a, CompactWriter out) throws IOException {
        out.writeString(a.getGoalKey());
        out.writeDecimal(a.getFeed());
        out.writeDecimal(a.getNumerator());
        out.writeDecimal(a.getDenominator());
        out.writeDecimals(a.getByCounty());
        out.writeInt(a.getContributions());
        out.writeNullableLong(a.getLatestEventTime());
        out.writeNullableLong(a.getLatestReportedAt());
        out.writeNullableInt(a.getInputPartition());
    }

    private static GoalAggregate readGoalAggregate(CompactReader in) throws IOException {
        return new GoalAggregate(
                in.readString(),
                in.readDecimal(),
                in.readDecimal(),
                in.readDecimal(),
                in.readDecimals(),
                in.readInt(),
                in.readNullableLong(),
                in.readNullableLong(),
                in.readNullableInt());
    }

    private static void write(DayDelta d, CompactWriter out) throws IOException {
        out.writeDecimal(d.getFeed());
        out.writeDecimal(d.getNumerator());
        out.writeDecimal(d.getDenominator());
        out.writeInt(d.getFeedSources());
        out.writeInt(d.getNumeratorSources());
        out.writeInt(d.getDenominatorSources());
        out.writeDecimals(d.getByCounty());
        out.writeNullableLong(d.getLatestEventTime());
        out.writeNullableLong(d.getLatestReportedAt());
    }

    private static DayDelta readDayDelta(CompactReader in) throws IOException {
        return new DayDelta(
                in.readDecimal(),
                in.readDecimal(),
                in.readDecimal(),
                in.readInt(),
                in.readInt(),
                in.readInt(),
                in.readDecimals(),
                in.readNullableLong(),
                in.readNullableLong());
    }

    private static <V> V required(V value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null");
        }
        return value;
    }
}
