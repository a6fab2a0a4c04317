package city.ordos.plan.timetravel.topology;

import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.Restatement;
import city.ordos.plan.avro.StatedValue;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.avro.StatementVersion;
import city.ordos.plan.progress.topology.KeptStatement;
import city.ordos.plan.timetravel.DayDeltas;
import city.ordos.plan.timetravel.StatementTimeline;
import city.ordos.plan.topics.ImportHeaders;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Beside the live path, on the same input task: keeps every statement's place in time
 * ({@link StatementTimeline}) and turns each change into the goal's day deltas, so the picture of
 * any past date can be summed at query time. Sees every accepted statement, including late ones
 * about earlier dates that the live path ignores (they change the past, not today), with the
 * statement standing for its key before it: the greatest of the key, so its day is the key's last,
 * and a statement in order needs no read at all. Forwards nothing.
 */
final class StatementHistoryProcessor implements Processor<String, KeptStatement, Void, Void> {

    /** Every day of a year for a dozen goals: far more than the days that input in time order touches at once. */
    private static final int DECODED_DELTAS = 4096;

    private KeyValueStore<String, StatementVersion> days;
    private KeyValueStore<String, Integer> firstDays;
    private KeyValueStore<String, DayDelta> deltas;
    private KeyValueStore<String, Restatement> restatements;
    /**
     * Decoded day deltas of this task, most recently used last, each the object last written to
     * the store: nearly every statement changes a delta of a recent day of its goal, and reading it
     * back from the record cache decoded it again every time (docs/performance.md).
     */
    private final Map<String, DayDelta> decodedDeltas = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DayDelta> eldest) {
            return size() > DECODED_DELTAS;
        }
    };

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        // A revived task runs init again on this instance, over stores restored from the changelog.
        decodedDeltas.clear();
        days = context.getStateStore(TimeTravelTopology.DAYS_STORE);
        firstDays = context.getStateStore(TimeTravelTopology.FIRST_DAYS_STORE);
        deltas = context.getStateStore(TimeTravelTopology.DAY_DELTAS_STORE);
        restatements = context.getStateStore(TimeTravelTopology.RESTATEMENTS_STORE);
    }

    @Override
    public void process(Record<String, KeptStatement> record) {
        try {
            apply(record);
        } catch (RuntimeException e) {
            // The record is dead-lettered and processing goes on (DeadLetterProcessingHandler): a
            // decoded delta it changed but did not write must not stand in for the stored one.
            decodedDeltas.clear();
            throw e;
        }
    }

    private void apply(Record<String, KeptStatement> record) {
        Statement s = record.value().statement();
        String statementKey = record.key();
        StoredDays stored = new StoredDays(statementKey, record.value().standingBefore());
        StatementTimeline.Outcome outcome = StatementTimeline.apply(
                stored,
                s,
                new StatementTimeline.Origin(
                        ImportHeaders.file(record.headers()).orElse(null),
                        ImportHeaders.line(record.headers()).orElse(null),
                        ImportHeaders.submission(record.headers()).orElse(null),
                        ImportHeaders.submittedBy(record.headers()).orElse(null),
                        ImportHeaders.approvedBy(record.headers()).orElse(null)));
        if (!outcome.changed()) {
            return;
        }
        days.put(TimeTravelTopology.statementDayKey(statementKey, outcome.day()), outcome.next());

        String goal = s.getGoalKey();
        String role = s.getRole();
        Map<Integer, DayDelta> touched = new HashMap<>();
        String sourceKey = TimeTravelTopology.sourceKey(goal, role, s.getSourceId());
        // The source's first day is at most this key's last day: a statement on or after it cannot
        // be the source's first, and the common case (statements in order) skips this read.
        boolean mayBeFirst = stored.lastDay == null || outcome.day() < stored.lastDay;
        Integer first = mayBeFirst ? firstDays.get(sourceKey) : null;
        if (mayBeFirst && (first == null || outcome.day() < first)) {
            firstDays.put(sourceKey, outcome.day());
            DayDeltas.addSources(delta(goal, outcome.day(), touched), role, +1);
            if (first != null) {
                DayDeltas.addSources(delta(goal, first, touched), role, -1);
            }
        }
        StatementTimeline.Step step = outcome.step();
        if (step != null) {
            DayDeltas.applyStep(
                    role,
                    step,
                    delta(goal, step.from(), touched),
                    step.until() == null ? null : delta(goal, step.until(), touched));
        }
        DayDeltas.observe(delta(goal, outcome.day(), touched), s.getEventTime(), s.getReportedAt());
        touched.forEach((day, d) -> {
            String key = TimeTravelTopology.dayKey(goal, LocalDate.ofEpochDay(day));
            deltas.put(key, d);
            decodedDeltas.put(key, d);
        });

        if (outcome.restated()) {
            recordRestatement(s, outcome.replaced());
        }
    }

    private DayDelta delta(String goal, int day, Map<Integer, DayDelta> touched) {
        return touched.computeIfAbsent(day, d -> {
            String key = TimeTravelTopology.dayKey(goal, LocalDate.ofEpochDay(d));
            DayDelta known = decodedDeltas.get(key);
            if (known != null) {
                return known;
            }
            DayDelta stored = deltas.get(key);
            return stored != null ? stored : DayDeltas.empty();
        });
    }

    @Override
    public void close() {
        decodedDeltas.clear();
    }

    private void recordRestatement(Statement s, StatementVersion replaced) {
        String key = TimeTravelTopology.restatementKey(
                s.getGoalKey(), s.getRole(), s.getSourceId(), s.getPeriod(), s.getEventTime());
        Restatement held = restatements.get(key);
        StatedValue latest = new StatedValue(
                s.getValue(),
                s.getReportedAt(),
                s.getEventId(),
                s.getSourceTopic(),
                s.getSourcePartition(),
                s.getSourceOffset());
        StatedValue first = held != null
                ? held.getFirst()
                : new StatedValue(
                        replaced.getValue(),
                        replaced.getReportedAt(),
                        replaced.getEventId(),
                        replaced.getSourceTopic(),
                        replaced.getSourcePartition(),
                        replaced.getSourceOffset());
        restatements.put(
                key,
                Restatement.newBuilder()
                        .setGoalKey(s.getGoalKey())
                        .setRole(s.getRole())
                        .setSourceId(s.getSourceId())
                        .setPeriod(s.getPeriod())
                        .setUnit(s.getUnit())
                        .setCounty(s.getCounty())
                        .setEventTime(s.getEventTime())
                        .setRestatements(held == null ? 1 : held.getRestatements() + 1)
                        .setFirst(first)
                        .setLatest(latest)
                        .build());
    }

    /**
     * The versions of one statement key in the stores, around the statement standing before this
     * one: its day is the key's last, and what it contributes is what that day's version does (the
     * greatest statement of the key is also the greatest of its day). So a statement after the last
     * day reads nothing; one on the last day reads that day's version; an earlier (late) one seeks
     * the days store for each neighbour.
     */
    private final class StoredDays implements StatementTimeline.Days {
        private final String statementKey;
        private final Statement standing;
        /** The key's last day in {@link TimeTravelTopology#DAYS_STORE}; null: the key has none. */
        final Integer lastDay;

        StoredDays(String statementKey, Statement standing) {
            this.statementKey = statementKey;
            this.standing = standing;
            this.lastDay = standing == null ? null : StatementTimeline.day(standing);
        }

        @Override
        public StatementVersion on(int day) {
            if (lastDay == null || day > lastDay) {
                return null;
            }
            return days.get(TimeTravelTopology.statementDayKey(statementKey, day));
        }

        @Override
        public StatementTimeline.Standing before(int day) {
            if (lastDay == null) {
                return null;
            }
            if (day > lastDay) {
                return StatementTimeline.standing(standing);
            }
            try (KeyValueIterator<String, StatementVersion> it = days.reverseRange(
                    TimeTravelTopology.statementDayKey(statementKey, TimeTravelTopology.FIRST_KEY_DAY),
                    TimeTravelTopology.statementDayKey(statementKey, day - 1))) {
                StatementVersion previous = firstOfKey(it);
                return previous == null ? null : StatementTimeline.standing(previous);
            }
        }

        @Override
        public Integer after(int day) {
            if (lastDay == null || day >= lastDay) {
                return null;
            }
            try (KeyValueIterator<String, StatementVersion> it = days.range(
                    TimeTravelTopology.statementDayKey(statementKey, day + 1),
                    TimeTravelTopology.statementDayKey(statementKey, TimeTravelTopology.LAST_KEY_DAY))) {
                StatementVersion next = firstOfKey(it);
                return next == null ? null : next.getDay();
            }
        }

        /** The first entry of this statement key (another key's entries can sort between, if a source id has '|'). */
        private StatementVersion firstOfKey(KeyValueIterator<String, StatementVersion> it) {
            while (it.hasNext()) {
                KeyValue<String, StatementVersion> kv = it.next();
                if (kv.value != null && TimeTravelTopology.isDayKeyOf(kv.key, statementKey)) {
                    return kv.value;
                }
            }
            return null;
        }
    }
}
