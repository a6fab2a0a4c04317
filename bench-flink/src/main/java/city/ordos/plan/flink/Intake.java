package city.ordos.plan.flink;

import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.EnvironmentReading;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatisticsRelease;
import city.ordos.plan.matching.GoalIndex;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.units.UnitTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes one registry-framed Avro input record with the product's own deserializer, validates it,
 * matches it against the goal selectors and emits one {@link StatementUpdate} per selector it
 * feeds, in the selector's unit. The peer has no dead-letter topic: input it cannot use fails the
 * job with the record's coordinates and the reason, so nothing is dropped silently.
 */
public final class Intake extends RichFlatMapFunction<InputRecord, StatementUpdate> {

    private static final long serialVersionUID = 1L;
    private static final ZoneId PLAN_ZONE = ZoneId.of("Asia/Shanghai");
    private static final long FUTURE_TOLERANCE_MS = 86_400_000L;

    private final String registryUrl;
    private final HashMap<String, InputStream> streamsByTopic;
    private final GoalIndex selectors;

    private transient Map<InputStream, Deserializer<? extends SpecificRecord>> deserializers;
    private transient UnitTable units;

    public Intake(String registryUrl, Map<String, InputStream> streamsByTopic, GoalIndex selectors) {
        this.registryUrl = registryUrl;
        this.streamsByTopic = new HashMap<>(streamsByTopic);
        this.selectors = selectors;
    }

    @Override
    public void open(OpenContext openContext) {
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", registryUrl));
        deserializers = new EnumMap<>(InputStream.class);
        deserializers.put(
                InputStream.INVESTMENT,
                serdes.valueSerde(InvestmentReport.class).deserializer());
        deserializers.put(
                InputStream.ENERGY, serdes.valueSerde(EnergyReading.class).deserializer());
        deserializers.put(
                InputStream.ENVIRONMENT,
                serdes.valueSerde(EnvironmentReading.class).deserializer());
        deserializers.put(
                InputStream.STATISTICS,
                serdes.valueSerde(StatisticsRelease.class).deserializer());
        units = UnitTable.standard();
    }

    @Override
    public void flatMap(InputRecord record, Collector<StatementUpdate> out) {
        for (StatementUpdate update : statements(record)) {
            out.collect(update);
        }
    }

    /** The statements one record makes; package-private so the rules can be checked without a job. */
    List<StatementUpdate> statements(InputRecord record) {
        InputStream stream = streamsByTopic.get(record.topic());
        if (stream == null) {
            throw new IllegalStateException("record from unexpected topic " + record.coordinates());
        }
        if (record.value() == null) {
            throw bad(record, "record has no value (null / tombstone on an input topic)");
        }
        SpecificRecord decoded;
        try {
            decoded = deserializers.get(stream).deserialize(record.topic(), record.value());
        } catch (SerializationException ex) {
            throw bad(record, "not registry-framed Avro of " + stream + ": " + ex.getMessage(), ex);
        }
        Event e = Event.of(stream, decoded);
        validate(record, e);
        String period = e.statement() == StatementType.PERIOD_FLOW ? periodOf(record, e) : null;
        List<GoalIndex.Match> candidates = selectors.matches(stream, e.metric(), e.category());
        List<StatementUpdate> updates = new ArrayList<>(candidates.size());
        List<String> refused = new ArrayList<>(0);
        for (GoalIndex.Match s : candidates) {
            String why = refusal(e, s, period);
            if (why != null) {
                refused.add(why);
                continue;
            }
            BigDecimal value = GoalTotals.scaled(
                    units.convert(e.quantity().getValue(), e.quantity().getUnit(), s.unit()));
            updates.add(new StatementUpdate(
                    StatementUpdate.statementKey(
                            s.goalKey(), s.role(), e.header().getSourceId(), period),
                    s.goalKey(),
                    s.role(),
                    e.header().getSourceId(),
                    value,
                    e.header().getCounty() == null
                            ? null
                            : e.header().getCounty().name(),
                    e.header().getEventTime().toEpochMilli(),
                    e.header().getReportedAt().toEpochMilli()));
        }
        if (updates.isEmpty()) {
            throw bad(
                    record,
                    candidates.isEmpty()
                            ? "no goal takes " + stream + " events with metric '" + e.metric() + "'"
                                    + (e.category() == null ? "" : " and category '" + e.category() + "'")
                            : String.join("; ", refused));
        }
        return updates;
    }

    private void validate(InputRecord record, Event e) {
        StatementHeader h = e.header();
        if (blank(h.getSourceId()) || blank(h.getEventId()) || blank(e.metric())) {
            throw bad(record, "header.sourceId, header.eventId and metric must not be empty");
        }
        if (e.quantity() == null
                || e.quantity().getValue() == null
                || blank(e.quantity().getUnit())) {
            throw bad(record, "quantity value and unit are required");
        }
        if (!units.isKnown(e.quantity().getUnit())) {
            throw bad(record, "unknown unit '" + e.quantity().getUnit() + "'");
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!h.getSourceId().equals(key)) {
            throw bad(record, "record key '" + key + "' is not header.sourceId '" + h.getSourceId() + "'");
        }
    }

    /** Why the selector cannot take this event, or null when it can. */
    private String refusal(Event e, GoalIndex.Match s, String period) {
        if (e.statement() != s.statement()) {
            return s.goalKey() + " takes " + s.statement() + " statements, the event is " + e.statement();
        }
        long eventTime = e.header().getEventTime().toEpochMilli();
        int year = e.statement() == StatementType.PERIOD_FLOW
                ? Integer.parseInt(period.substring(0, 4))
                : e.header().getEventTime().atZone(PLAN_ZONE).getYear();
        if (year != s.calendar().year()) {
            return "outside plan year " + s.calendar().year() + " of " + s.goalKey();
        }
        if (eventTime > e.header().getReportedAt().toEpochMilli() + FUTURE_TOLERANCE_MS
                || eventTime > System.currentTimeMillis() + FUTURE_TOLERANCE_MS) {
            return "header.eventTime " + e.header().getEventTime() + " lies in the future";
        }
        if (e.quantity().getValue().signum() < 0 && e.stream() != InputStream.STATISTICS) {
            return "quantity.value " + e.quantity().getValue().toPlainString() + " is negative";
        }
        if (!units.convertible(e.quantity().getUnit(), s.unit())) {
            return "unit '" + e.quantity().getUnit() + "' cannot be converted to " + s.goalKey() + "'s '" + s.unit()
                    + "'";
        }
        return null;
    }

    /** ISO month (2025-03) or day (2025-03-14) as stated, else the event's Shanghai month. */
    private static String periodOf(InputRecord record, Event e) {
        if (e.period() == null) {
            return YearMonth.from(e.header().getEventTime().atZone(PLAN_ZONE)).toString();
        }
        String p = e.period().trim();
        try {
            return p.length() == 7
                    ? YearMonth.parse(p).toString()
                    : LocalDate.parse(p).toString();
        } catch (DateTimeParseException ex) {
            throw bad(record, "period '" + p + "' is neither an ISO month (2025-03) nor a day (2025-03-14)", ex);
        }
    }

    private static IllegalArgumentException bad(InputRecord record, String reason) {
        return bad(record, reason, null);
    }

    private static IllegalArgumentException bad(InputRecord record, String reason, Exception cause) {
        return new IllegalArgumentException("unusable input record " + record.coordinates() + ": " + reason, cause);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The parts of any of the four input types the aggregation needs. */
    private record Event(
            InputStream stream,
            StatementHeader header,
            String metric,
            String category,
            StatementType statement,
            String period,
            Quantity quantity) {

        static Event of(InputStream stream, SpecificRecord record) {
            return switch (stream) {
                case INVESTMENT -> {
                    InvestmentReport r = (InvestmentReport) record;
                    yield new Event(
                            stream,
                            r.getHeader(),
                            r.getMetric(),
                            r.getTier(),
                            r.getStatement(),
                            r.getPeriod(),
                            r.getQuantity());
                }
                case ENERGY -> {
                    EnergyReading r = (EnergyReading) record;
                    yield new Event(
                            stream,
                            r.getHeader(),
                            r.getMetric(),
                            r.getEnergySource(),
                            r.getStatement(),
                            r.getPeriod(),
                            r.getQuantity());
                }
                case ENVIRONMENT -> {
                    EnvironmentReading r = (EnvironmentReading) record;
                    yield new Event(
                            stream,
                            r.getHeader(),
                            r.getMetric(),
                            r.getCategory(),
                            r.getStatement(),
                            r.getPeriod(),
                            r.getQuantity());
                }
                case STATISTICS -> {
                    StatisticsRelease r = (StatisticsRelease) record;
                    yield new Event(
                            stream,
                            r.getHeader(),
                            r.getMetric(),
                            null,
                            r.getStatement(),
                            r.getPeriod(),
                            r.getQuantity());
                }
            };
        }
    }
}
