package city.ordos.plan.api;

import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.Restatement;
import city.ordos.plan.avro.StatementVersion;
import city.ordos.plan.timetravel.DailyTotals;
import city.ordos.plan.timetravel.Pictures;
import city.ordos.plan.timetravel.topology.TimeTravelTopology;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.MultiVersionedKeyQuery;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.VersionedKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.VersionedRecord;
import org.apache.kafka.streams.state.VersionedRecordIterator;

/**
 * {@link TimelineShare} over a running {@link KafkaStreams}: interactive queries (IQv2, active tasks
 * only) on the time-travel stores, which say per partition what answered.
 */
public final class StreamsTimelineShare implements TimelineShare {

    /**
     * Statement keys one instance reads at most to rebuild a goal's sources for a date (a goal fed by
     * daily meter readings has one key per meter and day): beyond it the answer is refused, not slow.
     */
    static final int MAX_SOURCE_SCAN = 500_000;

    private final KafkaStreams streams;

    public StreamsTimelineShare(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public TotalsShare totalsThrough(LocalDate date) {
        Map<String, DailyTotals.Totals> goals = new TreeMap<>();
        Set<Integer> partitions = range(TimeTravelTopology.DAY_DELTAS_STORE, null, (String key, DayDelta d) -> {
            if (!Pictures.dateOfKey(key).isAfter(date)) {
                String goal = key.substring(0, key.lastIndexOf('|'));
                goals.merge(goal, DailyTotals.Totals.NONE.plus(d), DailyTotals.Totals::plus);
            }
        });
        return new TotalsShare(partitions, goals);
    }

    @Override
    public DaysShare days(String goalKey, LocalDate through) {
        Map<String, DailyTotals.Totals> days = new TreeMap<>();
        Set<Integer> partitions = range(TimeTravelTopology.DAY_DELTAS_STORE, goalKey, (String key, DayDelta d) -> {
            LocalDate day = Pictures.dateOfKey(key);
            if (!day.isAfter(through)) {
                days.merge(day.toString(), DailyTotals.Totals.NONE.plus(d), DailyTotals.Totals::plus);
            }
        });
        return new DaysShare(partitions, days);
    }

    @Override
    public AllDaysShare allDays(LocalDate through) {
        Map<String, Map<String, DailyTotals.Totals>> goals = new TreeMap<>();
        Set<Integer> partitions = range(TimeTravelTopology.DAY_DELTAS_STORE, null, (String key, DayDelta d) -> {
            LocalDate day = Pictures.dateOfKey(key);
            if (!day.isAfter(through)) {
                goals.computeIfAbsent(key.substring(0, key.lastIndexOf('|')), g -> new TreeMap<>())
                        .merge(day.toString(), DailyTotals.Totals.NONE.plus(d), DailyTotals.Totals::plus);
            }
        });
        return new AllDaysShare(partitions, goals);
    }

    @Override
    public SourcesShare sources(String goalKey, LocalDate date) {
        int day = Math.toIntExact(date.toEpochDay());
        // The version standing on the date, per statement key: the one of its latest day up to it.
        Map<String, StatementVersion> standing = new HashMap<>();
        Set<String> statementKeys = new HashSet<>();
        Set<Integer> partitions = range(TimeTravelTopology.DAYS_STORE, goalKey, (String key, StatementVersion v) -> {
            String statementKey = TimeTravelTopology.statementKeyOfDay(key);
            if (statementKeys.add(statementKey) && statementKeys.size() > MAX_SOURCE_SCAN) {
                throw new TooLargeException("goal " + goalKey + " has more than " + MAX_SOURCE_SCAN
                        + " statement keys on one instance: its sources cannot be rebuilt for a date;"
                        + " /api/goals/{goalId}/contributions lists them live");
            }
            if (v.getDay() <= day) {
                standing.merge(statementKey, v, (held, other) -> other.getDay() > held.getDay() ? other : held);
            }
        });
        Map<String, SourceAccumulator> bySource = new LinkedHashMap<>();
        new TreeMap<>(standing).forEach((statementKey, v) -> {
            // key: planId/goalId|ROLE|sourceId|period (a source id may itself contain '|')
            String rest = statementKey.substring(goalKey.length() + 1);
            String role = rest.substring(0, rest.indexOf('|'));
            String source = rest.substring(rest.indexOf('|') + 1, rest.lastIndexOf('|'));
            bySource.computeIfAbsent(role + "|" + source, k -> new SourceAccumulator(role, source))
                    .add(v);
        });
        List<SourceView> sources = new ArrayList<>();
        bySource.values().forEach(a -> sources.add(a.view()));
        return new SourcesShare(partitions, sources);
    }

    @Override
    public RestatementsShare restatements(String goalKey) {
        List<RestatementView> out = new ArrayList<>();
        Set<Integer> partitions = range(
                TimeTravelTopology.RESTATEMENTS_STORE,
                goalKey,
                (String key, Restatement r) -> out.add(new RestatementView(
                        r.getRole(),
                        r.getSourceId(),
                        r.getPeriod(),
                        r.getUnit(),
                        r.getCounty(),
                        Views.timeMillis(r.getEventTime()),
                        r.getRestatements(),
                        Views.plain(r.getFirst().getValue()),
                        Views.timeMillis(r.getFirst().getReportedAt()),
                        r.getFirst().getEventId(),
                        r.getFirst().getSourceTopic(),
                        r.getFirst().getSourcePartition(),
                        r.getFirst().getSourceOffset(),
                        Views.plain(r.getLatest().getValue()),
                        Views.timeMillis(r.getLatest().getReportedAt()),
                        r.getLatest().getEventId(),
                        r.getLatest().getSourceTopic(),
                        r.getLatest().getSourcePartition(),
                        r.getLatest().getSourceOffset())));
        return new RestatementsShare(partitions, out);
    }

    @Override
    public ShownShare shown(Collection<String> goalKeys, Instant knownAt) {
        Map<String, Views.GoalView> goals = new TreeMap<>();
        Set<Integer> partitions = new TreeSet<>();
        for (String key : goalKeys) {
            StateQueryResult<VersionedRecord<GoalProgress>> result = query(
                    TimeTravelTopology.SHOWN_STORE,
                    VersionedKeyQuery.<String, GoalProgress>withKey(key).asOf(knownAt));
            Map<Integer, QueryResult<VersionedRecord<GoalProgress>>> answers = succeeded(result);
            partitions.addAll(answers.keySet());
            answers.values().forEach(r -> {
                if (r.getResult() != null) {
                    goals.put(key, Views.GoalView.of(r.getResult().value()));
                }
            });
        }
        return new ShownShare(partitions, goals);
    }

    @Override
    public ShownSeriesShare shownSeries(String goalKey, Instant from, Instant to) {
        StateQueryResult<VersionedRecordIterator<GoalProgress>> result = query(
                TimeTravelTopology.SHOWN_STORE,
                MultiVersionedKeyQuery.<String, GoalProgress>withKey(goalKey)
                        .fromTime(from)
                        .toTime(to)
                        .withAscendingTimestamps());
        Map<Integer, QueryResult<VersionedRecordIterator<GoalProgress>>> answers = succeeded(result);
        List<Views.GoalView> figures = new ArrayList<>();
        for (QueryResult<VersionedRecordIterator<GoalProgress>> r : answers.values()) {
            try (VersionedRecordIterator<GoalProgress> it = r.getResult()) {
                it.forEachRemaining(v -> figures.add(Views.GoalView.of(v.value())));
            }
        }
        return new ShownSeriesShare(new TreeSet<>(answers.keySet()), figures);
    }

    /** Runs a range query (the goal's keys, or all with a null goal) and feeds every entry to {@code each}. */
    private <V> Set<Integer> range(String store, String goalKey, BiConsumer<String, V> each) {
        RangeQuery<String, V> q =
                goalKey == null ? RangeQuery.withNoBounds() : RangeQuery.withRange(goalKey + "|", goalKey + "|\uffff");
        StateQueryResult<KeyValueIterator<String, V>> result = query(store, q);
        Map<Integer, QueryResult<KeyValueIterator<String, V>>> answers = succeeded(result);
        for (QueryResult<KeyValueIterator<String, V>> r : answers.values()) {
            try (KeyValueIterator<String, V> it = r.getResult()) {
                while (it.hasNext()) {
                    KeyValue<String, V> kv = it.next();
                    if (kv.value != null) {
                        each.accept(kv.key, kv.value);
                    }
                }
            }
        }
        return new TreeSet<>(answers.keySet());
    }

    private <R> StateQueryResult<R> query(String store, Query<R> q) {
        try {
            return streams.query(StateQueryRequest.inStore(store).withQuery(q).requireActive());
        } catch (StreamsException | IllegalStateException e) {
            throw new GoalState.StateUnavailableException(
                    "time-travel state not queryable now (Kafka Streams is " + streams.state() + "): " + e.getMessage(),
                    e);
        }
    }

    /**
     * The answers of the partitions this instance owns. A standby copy (NOT_ACTIVE) answers for
     * nothing: its active owner's share covers the partition (the partition check across instances
     * says so if none does). Any other failed partition makes the whole share unusable (retry later).
     */
    private <R> Map<Integer, QueryResult<R>> succeeded(StateQueryResult<R> result) {
        Map<Integer, QueryResult<R>> ok = new TreeMap<>();
        Map<Integer, String> failed = new HashMap<>();
        result.getPartitionResults().forEach((p, r) -> {
            if (r.isSuccess()) {
                ok.put(p, r);
            } else if (r.getFailureReason() != FailureReason.NOT_ACTIVE) {
                failed.put(p, r.getFailureReason() + ": " + r.getFailureMessage());
            }
        });
        if (!failed.isEmpty()) {
            throw new GoalState.StateUnavailableException(
                    "time-travel state of partitions " + failed + " not readable now", null);
        }
        return ok;
    }

    /** A request that would read more than an instance answers for; a client error (422). */
    public static final class TooLargeException extends RuntimeException {
        public TooLargeException(String message) {
            super(message);
        }
    }

    /** Sums one source's standing statements (periods) and keeps the latest for its provenance. */
    private static final class SourceAccumulator {
        private final String role;
        private final String source;
        private BigDecimal value = BigDecimal.ZERO;
        private int statements;
        private int restatements;
        private StatementVersion latest;

        SourceAccumulator(String role, String source) {
            this.role = role;
            this.source = source;
        }

        void add(StatementVersion v) {
            value = value.add(v.getValue());
            statements++;
            restatements += v.getRestatements();
            if (latest == null
                    || v.getEventTime() > latest.getEventTime()
                    || (v.getEventTime() == latest.getEventTime() && v.getReportedAt() > latest.getReportedAt())) {
                latest = v;
            }
        }

        SourceView view() {
            return new SourceView(
                    role,
                    source,
                    null,
                    Views.plain(value),
                    statements,
                    latest.getCounty(),
                    Views.timeMillis(latest.getEventTime()),
                    Views.timeMillis(latest.getReportedAt()),
                    latest.getEventId(),
                    latest.getSourceTopic(),
                    latest.getSourcePartition(),
                    latest.getSourceOffset(),
                    latest.getImportFile(),
                    latest.getImportLine(),
                    latest.getSubmissionId(),
                    latest.getSubmittedBy(),
                    latest.getApprovedBy(),
                    restatements);
        }
    }
}
