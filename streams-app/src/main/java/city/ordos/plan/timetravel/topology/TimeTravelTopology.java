package city.ordos.plan.timetravel.topology;

import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.Restatement;
import city.ordos.plan.avro.StatementVersion;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.progress.topology.ProgressSettings;
import city.ordos.plan.progress.topology.ProgressTopology;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.state.AppendLogStore;
import city.ordos.plan.state.StoreFormats;
import city.ordos.plan.timetravel.TimeTravelSettings;
import city.ordos.plan.topics.OrdosTopics;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * The time-travel branch: two processors beside the progress topology's own, reading the streams it
 * already has, so the live path is untouched.
 *
 * <pre>
 * progress-partial-sums ─────┬─▶ progress-sums-route-partials … (live)
 *                            └─▶ progress-sums-route-accepted-statements (every statement not refused,
 *                                  with the one standing before it)
 *                                  └─▶ timetravel-statement-history [timetravel-statement-days,
 *                                        timetravel-source-first-days, timetravel-day-deltas,
 *                                        timetravel-restatements]
 * progress-goal-evaluator ───┬─▶ progress-sink, progress-history-no-tombstones … (live)
 *                            └─▶ timetravel-shown-progress [timetravel-shown-progress (versioned, by asOf)]
 * </pre>
 *
 * Event time ("June 30 as known today"): the day deltas, on the input tasks, summed at query time
 * over every instance. Knowledge time ("as shown on July 5"): the versioned store, on the goal
 * task. docs/timetravel.md has the model, docs/topology.md the description.
 */
public final class TimeTravelTopology {

    /**
     * Key planId/goalId|ROLE|sourceId|period|yyyy-MM-dd (the statement key and a plan day), value the
     * {@link StatementVersion} standing from that day. One small record per version: a statement
     * writes its own day, not the key's whole history.
     */
    public static final String DAYS_STORE = "timetravel-statement-days";
    /** The bounds of a statement key's days in {@link #DAYS_STORE} (ISO dates sort as days). */
    static final int FIRST_KEY_DAY = Math.toIntExact(LocalDate.of(1, 1, 1).toEpochDay());

    static final int LAST_KEY_DAY = Math.toIntExact(LocalDate.of(9999, 12, 31).toEpochDay());
    /** Key planId/goalId|ROLE|sourceId, value the first plan day (epoch day) the source has a statement for. */
    public static final String FIRST_DAYS_STORE = "timetravel-source-first-days";
    /** Key planId/goalId|yyyy-MM-dd, value {@link DayDelta}. */
    public static final String DAY_DELTAS_STORE = "timetravel-day-deltas";
    /** Key planId/goalId|ROLE|sourceId|period|eventTime, value {@link Restatement}. */
    public static final String RESTATEMENTS_STORE = "timetravel-restatements";
    /** Versioned, key planId/goalId, value {@link GoalProgress} at timestamp asOf. */
    public static final String SHOWN_STORE = "timetravel-shown-progress";

    /**
     * Changelog settings of the stores whose every key is written about once: a statement's day
     * and a source's first day. The application's small segments and low dirty ratio
     * ({@code AppConfig}) let the log cleaner compact the other changelogs while a replay writes
     * them; these have nothing to compact, and each cleaning pass copied the whole log again (about
     * a seventh of the broker's CPU per event in a 5 M replay, docs/performance.md "Write-once
     * changelogs"). Kafka's own defaults: the active segment (up to 1 GiB or 7 days) is never cleaned.
     */
    static final Map<String, String> WRITE_ONCE_CHANGELOG = Map.of(
            TopicConfig.SEGMENT_BYTES_CONFIG,
            Integer.toString(1 << 30),
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
            "0.5");

    /** "|yyyy-MM-dd" after the statement key. */
    private static final int DAY_SUFFIX = 11;

    public static final String STATEMENT_HISTORY = "timetravel-statement-history";
    public static final String SHOWN_PROGRESS = "timetravel-keep-shown";

    private TimeTravelTopology() {}

    /** Adds the branch to a builder that has the progress branch. */
    public static void addTo(
            StreamsBuilder builder,
            ProgressTopology.ProgressStreams progress,
            AvroSerdes serdes,
            TimeTravelSettings settings) {
        if (!settings.enabled()) {
            return;
        }
        StoreFormats formats = new StoreFormats(serdes);
        // Per-statement and per-source stores are not cached, for the reason the live
        // per-source stores are not (ProgressTopology); the goal's day deltas are, so a burst of
        // statements about one goal and day costs one RocksDB write and one changelog record per
        // commit.
        // Written once per statement and day, read back only for late statements and drill-downs:
        // appended in arrival order, not sorted into RocksDB (AppendLogStore).
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        AppendLogStore.supplier(DAYS_STORE, DAY_SUFFIX), Serdes.String(), formats.statementVersion())
                .withCachingDisabled()
                .withLoggingEnabled(WRITE_ONCE_CHANGELOG));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FIRST_DAYS_STORE), Serdes.String(), Serdes.Integer())
                .withCachingDisabled()
                .withLoggingEnabled(WRITE_ONCE_CHANGELOG));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DAY_DELTAS_STORE), Serdes.String(), formats.dayDelta())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(RESTATEMENTS_STORE),
                        Serdes.String(),
                        serdes.valueSerde(Restatement.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.versionedKeyValueStoreBuilder(
                Stores.persistentVersionedKeyValueStore(SHOWN_STORE, settings.shownRetention()),
                Serdes.String(),
                serdes.valueSerde(GoalProgress.class)));

        progress.statements()
                .process(
                        StatementHistoryProcessor::new,
                        Named.as(STATEMENT_HISTORY),
                        DAYS_STORE,
                        FIRST_DAYS_STORE,
                        DAY_DELTAS_STORE,
                        RESTATEMENTS_STORE);
        progress.progress().process(ShownProgressProcessor::new, Named.as(SHOWN_PROGRESS), SHOWN_STORE);
    }

    /** The progress branch with this one (topology tests of the progress half with time travel). */
    public static Topology build(
            OrdosTopics topics,
            AvroSerdes serdes,
            ProgressSettings progressSettings,
            TimeTravelSettings settings,
            PlanClock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.ProgressStreams streams =
                ProgressTopology.addTo(builder, topics, serdes, progressSettings, clock, PipelineMetrics.NONE);
        addTo(builder, streams, serdes, settings);
        return builder.build();
    }

    /** Key of {@link #DAY_DELTAS_STORE}: ISO dates sort by day, so a goal's days are one range. */
    public static String dayKey(String goalKey, LocalDate day) {
        return goalKey + "|" + day;
    }

    /** Key of {@link #DAYS_STORE}. */
    public static String statementDayKey(String statementKey, int day) {
        return statementKey + "|" + LocalDate.ofEpochDay(day);
    }

    /** True when {@code key} is a {@link #DAYS_STORE} key of {@code statementKey}. */
    public static boolean isDayKeyOf(String key, String statementKey) {
        return key.length() == statementKey.length() + DAY_SUFFIX && key.startsWith(statementKey);
    }

    /** The statement key of a {@link #DAYS_STORE} key. */
    public static String statementKeyOfDay(String dayKey) {
        return dayKey.substring(0, dayKey.length() - DAY_SUFFIX);
    }

    /** The plan day of a {@link #DAYS_STORE} key. */
    public static int dayOfDayKey(String dayKey) {
        return Math.toIntExact(LocalDate.parse(dayKey.substring(dayKey.length() - DAY_SUFFIX + 1))
                .toEpochDay());
    }

    /** Key of {@link #FIRST_DAYS_STORE}. */
    public static String sourceKey(String goalKey, String role, String sourceId) {
        return goalKey + "|" + role + "|" + sourceId;
    }

    /** Key of {@link #RESTATEMENTS_STORE}. */
    public static String restatementKey(String goalKey, String role, String sourceId, String period, long eventTime) {
        return goalKey + "|" + role + "|" + sourceId + "|" + (period == null ? "" : period) + "|" + eventTime;
    }
}
