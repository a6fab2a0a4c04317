package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.GoalEvaluator;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.progress.UnitConverter;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * First step for every input record: decode, validate, match against the goal catalog and emit one
 * normalized {@link Statement} per (goal, role) it feeds, keyed (goal, role, source, period), with
 * the quantity in the selector's unit. Everything else leaves as a {@link DeadLetter} carrying the
 * original bytes, topic, partition and offset. Nothing is dropped.
 */
final class IntakeProcessor implements Processor<byte[], byte[], String, SpecificRecord> {

    static final String COMPONENT = "streams-app";
    private static final long INDEX_REBUILD_ON_MISS_MS = 100;

    private final Map<String, InputStream> streamsByTopic;
    private final AvroSerdes serdes;
    private final ProgressSettings settings;
    private final PlanClock clock;
    private final UnitConverter units;
    private final String goalStoreName;
    private final PipelineMetrics metrics;

    private ProcessorContext<String, SpecificRecord> context;
    private InputDecoder decoder;
    private KeyValueStore<String, ValueAndTimestamp<GoalDefinition>> goals;
    private GoalIndex index;
    private long indexBuiltAt = Long.MIN_VALUE;

    IntakeProcessor(
            Map<String, InputStream> streamsByTopic,
            AvroSerdes serdes,
            ProgressSettings settings,
            PlanClock clock,
            UnitConverter units,
            PipelineMetrics metrics,
            String goalStoreName) {
        this.streamsByTopic = streamsByTopic;
        this.serdes = serdes;
        this.settings = settings;
        this.clock = clock;
        this.units = units;
        this.goalStoreName = goalStoreName;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.decoder = new InputDecoder(serdes, settings.registryAttempts(), settings.registryBackoff());
        this.goals = context.getStateStore(goalStoreName);
        // Catalog changes (new goals, new selectors) are picked up on this schedule, and at once
        // when an event matches nothing.
        context.schedule(settings.evaluateInterval(), PunctuationType.WALL_CLOCK_TIME, this::rebuildIndex);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        metrics.inputRecord(meta.topic());
        try {
            List<Statement> statements = statementsOf(record, meta);
            for (Statement s : statements) {
                context.forward(record.withKey(statementKey(s)).withValue((SpecificRecord) s));
            }
        } catch (Rejection.Exception e) {
            deadLetter(record, meta, e.rejection());
        }
    }

    private List<Statement> statementsOf(Record<byte[], byte[]> record, RecordMetadata meta)
            throws Rejection.Exception {
        InputStream stream = streamsByTopic.get(meta.topic());
        if (stream == null) {
            throw new IllegalStateException("record from unexpected topic " + meta.topic());
        }
        byte[] value = record.value();
        if (value == null) {
            throw reject(Rejection.MISSING_FIELD, "record has no value (null / tombstone on an input topic)");
        }
        if (value.length > settings.maxRecordBytes()) {
            throw reject(
                    Rejection.OVERSIZED,
                    "value of " + value.length + " bytes exceeds the limit of " + settings.maxRecordBytes());
        }
        InputEvent event = decoder.decode(stream, meta.topic(), value);
        validate(event, record.key());

        List<GoalIndex.Match> matches = matches(event);
        if (matches.isEmpty()) {
            throw reject(
                    Rejection.NO_MATCHING_GOAL,
                    "no goal takes " + stream + " events with metric '" + event.metric() + "'"
                            + (event.category() == null ? "" : " and category '" + event.category() + "'"));
        }
        List<Statement> accepted = new ArrayList<>(matches.size());
        List<Rejection> rejected = new ArrayList<>(0);
        for (GoalIndex.Match match : matches) {
            try {
                accepted.add(statement(event, match, meta));
            } catch (Rejection.Exception e) {
                rejected.add(e.rejection());
            }
        }
        if (accepted.isEmpty()) {
            Rejection first = rejected.get(0);
            throw reject(first.reasonCode(), summary(rejected));
        }
        // A record that feeds some goals but is unusable for another (wrong unit or shape for that
        // goal) is a data or catalog error worth seeing; a plan-year miss there is normal (another
        // plan's goal shares the metric).
        List<Rejection> worthReporting = rejected.isEmpty()
                ? List.of()
                : rejected.stream()
                        .filter(r -> !r.reasonCode().equals(Rejection.OUTSIDE_PLAN_YEAR))
                        .toList();
        if (!worthReporting.isEmpty()) {
            deadLetter(
                    record,
                    meta,
                    new Rejection(
                            worthReporting.get(0).reasonCode(),
                            summary(worthReporting) + " (the record still feeds " + accepted.size()
                                    + " other goal(s))"));
        }
        clock.observe(event.header().getEventTime().toEpochMilli());
        return accepted;
    }

    private void validate(InputEvent event, byte[] key) throws Rejection.Exception {
        StatementHeader h = event.header();
        if (blank(h.getSourceId())) {
            throw reject(Rejection.MISSING_FIELD, "header.sourceId is empty");
        }
        if (blank(h.getEventId())) {
            throw reject(Rejection.MISSING_FIELD, "header.eventId is empty");
        }
        if (blank(event.metric())) {
            throw reject(Rejection.MISSING_FIELD, "metric is empty");
        }
        if (event.quantity() == null || event.quantity().getValue() == null) {
            throw reject(Rejection.MISSING_FIELD, "quantity.value is missing");
        }
        if (blank(event.quantity().getUnit())) {
            throw reject(Rejection.MISSING_FIELD, "quantity.unit is empty");
        }
        // Latest-wins state lives on the input partition, so every statement of a source must
        // arrive on the same partition: the contract keys input records by sourceId.
        String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (!h.getSourceId().equals(keyText)) {
            throw reject(
                    Rejection.KEY_MISMATCH,
                    "record key '" + keyText + "' is not header.sourceId '" + h.getSourceId()
                            + "' (input records are keyed by source)");
        }
    }

    /** Checked after the plan year, so an event dated after the year is reported as outside it. */
    private void requireNotFuture(StatementHeader h) throws Rejection.Exception {
        long eventTime = h.getEventTime().toEpochMilli();
        long tolerance = settings.futureTolerance().toMillis();
        if (eventTime > h.getReportedAt().toEpochMilli() + tolerance) {
            throw reject(
                    Rejection.FUTURE_EVENT,
                    "header.eventTime " + h.getEventTime() + " is after header.reportedAt " + h.getReportedAt()
                            + ": a statement about the future");
        }
        if (eventTime > context.currentSystemTimeMs() + tolerance) {
            throw reject(Rejection.FUTURE_EVENT, "header.eventTime " + h.getEventTime() + " lies in the future");
        }
    }

    private Statement statement(InputEvent event, GoalIndex.Match match, RecordMetadata meta)
            throws Rejection.Exception {
        if (event.statement() != match.statement()) {
            throw reject(
                    Rejection.STATEMENT_MISMATCH,
                    "goal " + match.goalKey() + " (" + match.role() + ") takes " + match.statement()
                            + " statements, the event is " + event.statement());
        }
        PlanCalendar calendar = match.calendar();
        long eventTime = event.header().getEventTime().toEpochMilli();
        String period = null;
        if (event.statement() == StatementType.PERIOD_FLOW) {
            PlanCalendar.Period p = event.period() == null
                    ? PlanCalendar.monthOf(event.header().getEventTime())
                    : PlanCalendar.parsePeriod(event.period())
                            .orElseThrow(() -> reject(
                                    Rejection.INVALID_PERIOD,
                                    "period '" + event.period()
                                            + "' is neither an ISO month (2025-03) nor a day (2025-03-14)"));
            if (!calendar.contains(p)) {
                throw reject(
                        Rejection.OUTSIDE_PLAN_YEAR,
                        "period " + p.id() + " is outside plan year " + calendar.year() + " of goal "
                                + match.goalKey());
            }
            period = p.id();
        } else if (!calendar.contains(eventTime)) {
            throw reject(
                    Rejection.OUTSIDE_PLAN_YEAR,
                    "header.eventTime " + event.header().getEventTime() + " is outside plan year " + calendar.year()
                            + " (Asia/Shanghai) of goal " + match.goalKey());
        }
        requireNotFuture(event.header());
        BigDecimal raw = event.quantity().getValue();
        if (raw.signum() < 0 && event.stream() != InputStream.STATISTICS) {
            // Official releases state growth rates, which can be negative; amounts cannot.
            throw reject(Rejection.INVALID_AMOUNT, "quantity.value " + raw.toPlainString() + " is negative");
        }
        BigDecimal converted;
        try {
            converted = units.convert(raw, event.quantity().getUnit(), match.unit());
        } catch (UnitConverter.UnitConversionException e) {
            throw reject(e.reasonCode(), "goal " + match.goalKey() + " (" + match.role() + "): " + e.getMessage());
        }
        // All-args constructor: the builder's per-field validation and defaults cost on the hot path.
        return new Statement(
                match.goalKey(),
                match.role(),
                event.header().getSourceId(),
                period,
                GoalEvaluator.scaled(converted),
                match.unit(),
                event.header().getCounty() == null
                        ? null
                        : event.header().getCounty().name(),
                eventTime,
                event.header().getReportedAt().toEpochMilli(),
                event.header().getEventId(),
                meta.topic(),
                meta.partition(),
                meta.offset());
    }

    private List<GoalIndex.Match> matches(InputEvent event) {
        long now = context.currentSystemTimeMs();
        if (index == null) {
            rebuildIndex(now);
        }
        List<GoalIndex.Match> matches = index.matches(event.stream(), event.metric(), event.category());
        if (matches.isEmpty() && now - indexBuiltAt >= INDEX_REBUILD_ON_MISS_MS) {
            rebuildIndex(now);
            matches = index.matches(event.stream(), event.metric(), event.category());
        }
        return matches;
    }

    private void rebuildIndex(long now) {
        List<GoalDefinition> definitions = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<GoalDefinition>> it = goals.all()) {
            while (it.hasNext()) {
                ValueAndTimestamp<GoalDefinition> v = it.next().value;
                if (v != null && v.value() != null) {
                    definitions.add(v.value());
                }
            }
        }
        index = GoalIndex.of(definitions);
        indexBuiltAt = now;
    }

    static String statementKey(Statement s) {
        return s.getGoalKey() + "|" + s.getRole() + "|" + s.getSourceId() + "|"
                + (s.getPeriod() == null ? "" : s.getPeriod());
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata meta, Rejection rejection) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(meta.topic())
                .setSourcePartition(meta.partition())
                .setSourceOffset(meta.offset())
                .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setRecordTimestamp(java.time.Instant.ofEpochMilli(record.timestamp()))
                .setReasonCode(rejection.reasonCode())
                .setMessage(rejection.message())
                .setComponent(COMPONENT)
                .setDeadLetteredAt(java.time.Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        context.forward(record.withKey(key).withValue((SpecificRecord) letter));
        metrics.deadLettered(rejection.reasonCode());
    }

    private static String summary(List<Rejection> rejections) {
        if (rejections.size() == 1) {
            return rejections.get(0).message();
        }
        StringBuilder sb = new StringBuilder();
        for (Rejection r : rejections) {
            sb.append(sb.isEmpty() ? "" : "; ")
                    .append(r.reasonCode())
                    .append(": ")
                    .append(r.message());
        }
        return sb.toString();
    }

    private static Rejection.Exception reject(String reason, String message) {
        return new Rejection.Exception(reason, message, null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
