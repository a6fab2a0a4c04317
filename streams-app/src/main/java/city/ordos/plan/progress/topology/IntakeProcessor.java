package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.deadletters.DeadLetters;
import city.ordos.plan.deadletters.ReasonCodes;
import city.ordos.plan.matching.GoalIndex;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.GoalEvaluator;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.progress.UnitConverter;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.units.AmountLimits;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * First step for every input record: decode, validate, match against the goal catalog and turn it
 * into one normalized {@link Statement} per (goal, role) it feeds, keyed (goal, role, source,
 * period), with the quantity in the selector's unit. A record that feeds at least one goal leaves as
 * one {@link AcceptedRecord}; any other leaves as one {@link DeadLetter} carrying the original bytes
 * (when they fit), topic, partition and offset. Nothing is dropped, and no record gets two letters:
 * the goals an accepted record could not feed are dead-lettered after summing, together with
 * anything the sums refuse.
 */
final class IntakeProcessor implements Processor<byte[], byte[], String, Object> {

    static final String COMPONENT = "streams-app";
    private static final long INDEX_REBUILD_ON_MISS_MS = 100;

    private final Map<String, InputStream> streamsByTopic;
    private final AvroSerdes serdes;
    private final ProgressSettings settings;
    private final PlanClock clock;
    private final UnitConverter units;
    private final String goalStoreName;
    private final PipelineMetrics metrics;
    private final DeadLetters letters;

    private ProcessorContext<String, Object> context;
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
        this.letters = new DeadLetters(settings.deadLetterRecordBytes(), COMPONENT);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.decoder = new InputDecoder(serdes);
        this.goals = context.getStateStore(goalStoreName);
        // Catalog changes (new goals, new selectors) are picked up on this schedule, and at once
        // when an event matches nothing.
        context.schedule(settings.evaluateInterval(), PunctuationType.WALL_CLOCK_TIME, this::rebuildIndex);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        metrics.inputRecord(meta.topic());
        DeadLetters.Origin origin = new DeadLetters.Origin(
                meta.topic(), meta.partition(), meta.offset(), record.timestamp(), record.key(), record.value());
        AcceptedRecord accepted;
        try {
            accepted = accept(record, meta, origin);
        } catch (Rejection.Exception e) {
            Rejection.Summary summary = e.summary();
            DeadLetters.Letter letter = letters.letter(
                    origin,
                    summary.reasonCode(),
                    summary.message(),
                    summary.goals(),
                    Instant.ofEpochMilli(context.currentSystemTimeMs()));
            context.forward(record.withKey(letter.key()).withValue(letter.value()));
            metrics.deadLettered(summary.reasonCode());
            return;
        }
        context.forward(record.withKey(accepted.sourceId()).withValue(accepted));
    }

    private AcceptedRecord accept(Record<byte[], byte[]> record, RecordMetadata meta, DeadLetters.Origin origin)
            throws Rejection.Exception {
        InputStream stream = streamsByTopic.get(meta.topic());
        if (stream == null) {
            throw new IllegalStateException("record from unexpected topic " + meta.topic());
        }
        byte[] value = record.value();
        if (value == null) {
            throw reject(ReasonCodes.NO_VALUE, "record has no value (null / tombstone on an input topic)");
        }
        if (value.length > settings.maxRecordBytes()) {
            throw reject(
                    ReasonCodes.OVERSIZED,
                    "value of " + value.length + " bytes exceeds the limit of " + settings.maxRecordBytes());
        }
        InputEvent event = decoder.decode(stream, meta.topic(), value);
        validate(event, record.key());

        List<GoalIndex.Match> matches = matches(event);
        if (matches.isEmpty()) {
            throw reject(
                    ReasonCodes.NO_MATCHING_GOAL,
                    "no goal takes " + stream + " events with metric " + DeadLetters.quote(event.metric())
                            + (event.category() == null ? "" : " and category " + DeadLetters.quote(event.category())));
        }
        List<Statement> accepted = new ArrayList<>(matches.size());
        List<Rejection> rejected = new ArrayList<>(0);
        for (GoalIndex.Match match : matches) {
            try {
                accepted.add(statement(event, match, meta));
            } catch (Rejection.Exception e) {
                rejected.add(e.rejection().forGoal(match.goalKey()));
            }
        }
        if (accepted.isEmpty()) {
            throw new Rejection.Exception(Rejection.summarize(rejected));
        }
        // A record that feeds some goals but is unusable for another (wrong unit or shape for that
        // goal) is a data or catalog error worth seeing; a plan-year miss there is normal (another
        // plan's goal shares the metric).
        List<Rejection> worthReporting = rejected.isEmpty()
                ? List.of()
                : rejected.stream()
                        .filter(r -> !r.reasonCode().equals(ReasonCodes.OUTSIDE_PLAN_YEAR))
                        .toList();
        clock.observe(event.header().getEventTime().toEpochMilli());
        return new AcceptedRecord(event.header().getSourceId(), accepted, worthReporting, origin);
    }

    /** What the contract requires of every record, whatever goal it feeds. */
    private void validate(InputEvent event, byte[] key) throws Rejection.Exception {
        StatementHeader h = event.header();
        List<String> empty = new ArrayList<>(0);
        requireText("header.eventId", h.getEventId(), empty);
        requireText("header.sourceId", h.getSourceId(), empty);
        event.requiredText().forEach((field, text) -> requireText(field, text, empty));
        requireText("metric", event.metric(), empty);
        if (event.quantity() == null || event.quantity().getValue() == null) {
            empty.add("quantity.value");
        } else {
            requireText("quantity.unit", event.quantity().getUnit(), empty);
        }
        if (!empty.isEmpty()) {
            throw reject(
                    ReasonCodes.MISSING_FIELD,
                    String.join(", ", empty) + (empty.size() == 1 ? " is" : " are")
                            + " empty; the contract requires text there");
        }
        // Latest-wins state lives on the input partition, so every statement of a source must
        // arrive on the same partition: the contract keys input records by sourceId.
        String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (!h.getSourceId().equals(keyText)) {
            throw reject(
                    ReasonCodes.KEY_MISMATCH,
                    "record key " + DeadLetters.quote(keyText) + " is not header.sourceId "
                            + DeadLetters.quote(h.getSourceId()) + " (input records are keyed by source)");
        }
    }

    private static void requireText(String field, String text, List<String> empty) {
        if (text == null || text.isBlank()) {
            empty.add(field);
        }
    }

    /** Checked after the plan year, so an event dated after the year is reported as outside it. */
    private void requireNotFuture(StatementHeader h) throws Rejection.Exception {
        long eventTime = h.getEventTime().toEpochMilli();
        long tolerance = settings.futureTolerance().toMillis();
        long now = context.currentSystemTimeMs();
        if (eventTime > h.getReportedAt().toEpochMilli() + tolerance) {
            throw reject(
                    ReasonCodes.FUTURE_EVENT,
                    "header.eventTime " + h.getEventTime() + " is after header.reportedAt " + h.getReportedAt()
                            + ": a statement about the future");
        }
        if (eventTime > now + tolerance) {
            throw reject(ReasonCodes.FUTURE_EVENT, "header.eventTime " + h.getEventTime() + " lies in the future");
        }
        // A report stamped in the future would outrank every correct restatement of the same as-of date.
        if (h.getReportedAt().toEpochMilli() > now + tolerance) {
            throw reject(
                    ReasonCodes.FUTURE_REPORT,
                    "header.reportedAt " + h.getReportedAt() + " lies in the future (now " + Instant.ofEpochMilli(now)
                            + ", tolerance " + settings.futureTolerance() + ")");
        }
    }

    private Statement statement(InputEvent event, GoalIndex.Match match, RecordMetadata meta)
            throws Rejection.Exception {
        if (event.statement() != match.statement()) {
            throw reject(
                    ReasonCodes.STATEMENT_MISMATCH,
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
                                    ReasonCodes.INVALID_PERIOD,
                                    "period " + DeadLetters.quote(event.period())
                                            + " is neither an ISO month (2025-03) nor a day (2025-03-14)"));
            if (!calendar.contains(p)) {
                throw reject(
                        ReasonCodes.OUTSIDE_PLAN_YEAR,
                        "period " + p.id() + " is outside plan year " + calendar.year() + " of goal "
                                + match.goalKey());
            }
            period = p.id();
        } else if (!calendar.contains(eventTime)) {
            throw reject(
                    ReasonCodes.OUTSIDE_PLAN_YEAR,
                    "header.eventTime " + event.header().getEventTime() + " is outside plan year " + calendar.year()
                            + " (Asia/Shanghai) of goal " + match.goalKey());
        }
        requireNotFuture(event.header());
        BigDecimal raw = event.quantity().getValue();
        String unit = event.quantity().getUnit();
        if (raw.signum() < 0 && event.stream() != InputStream.STATISTICS) {
            // Official releases state growth rates, which can be negative; amounts cannot.
            throw reject(ReasonCodes.NEGATIVE_AMOUNT, "quantity.value " + raw.toPlainString() + " is negative");
        }
        if (!AmountLimits.withinStatementLimit(raw)) {
            throw reject(
                    ReasonCodes.AMOUNT_TOO_LARGE,
                    "quantity.value " + raw.toPlainString() + " " + DeadLetters.quote(unit) + " is beyond the limit of "
                            + AmountLimits.MAX_STATEMENT.toBigInteger() + " for one statement");
        }
        BigDecimal converted;
        try {
            converted = GoalEvaluator.scaled(units.convert(raw, unit, match.unit()));
        } catch (UnitConverter.UnitConversionException e) {
            throw reject(e.reasonCode(), "goal " + match.goalKey() + " (" + match.role() + "): " + e.getMessage());
        }
        if (!AmountLimits.withinStatementLimit(converted)) {
            throw reject(
                    ReasonCodes.AMOUNT_TOO_LARGE,
                    "quantity.value " + raw.toPlainString() + " " + DeadLetters.quote(unit) + " is "
                            + converted.toPlainString() + " " + match.unit() + ", beyond the limit of "
                            + AmountLimits.MAX_STATEMENT.toBigInteger() + " for one statement");
        }
        // All-args constructor: the builder's per-field validation and defaults cost on the hot path.
        return new Statement(
                match.goalKey(),
                match.role(),
                event.header().getSourceId(),
                period,
                converted,
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
        return ProgressTopology.sourcePrefix(s.getGoalKey(), s.getRole(), s.getSourceId())
                + (s.getPeriod() == null ? "" : s.getPeriod());
    }

    private static Rejection.Exception reject(String reason, String message) {
        return new Rejection.Exception(reason, message, null);
    }
}
