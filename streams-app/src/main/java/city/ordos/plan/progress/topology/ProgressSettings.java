package city.ordos.plan.progress.topology;

import java.time.Duration;

/**
 * Tunables of the progress topology (from AppConfig; see docs/topology.md for the keys).
 *
 * @param goalPartitions     partitions of the by-goal repartition topic; fixes which task owns which goal
 * @param evaluateInterval   wall-clock interval of re-evaluation (expected values, STALE, target changes)
 * @param futureTolerance    how far past its report time (and past the wall clock) an event time may lie
 * @param maxRecordBytes     input values larger than this are dead-lettered as OVERSIZED
 * @param emitInterval       changed goals are emitted at most once per this wall-clock interval
 *                           (zero: on every change); bounds output volume under heavy input
 * @param partialInterval    an input task sends a goal's changed partial sum at most once per this
 *                           wall-clock interval (zero: on every change)
 * @param deadLetterRecordBytes the largest Kafka record a dead letter may be: the producer's
 *                           {@code max.request.size} (dead letters are cut to fit, see DeadLetters)
 * @param statementsInMemory the standing statement of every source ({@code progress-statements}) in
 *                           a sorted map on the heap instead of RocksDB: no RocksDB read and write
 *                           per statement, but heap that grows with the statement keys, and the
 *                           store restored from its changelog at every start (docs/operations.md)
 */
public record ProgressSettings(
        int goalPartitions,
        Duration evaluateInterval,
        Duration futureTolerance,
        int maxRecordBytes,
        Duration emitInterval,
        Duration partialInterval,
        int deadLetterRecordBytes,
        boolean statementsInMemory) {

    /**
     * Default emit interval: the exactly_once_v2 commit interval (100 ms). Emitting at the pace of
     * commits puts a changed figure into the next transaction; a longer interval only adds latency
     * (docs/performance.md), a shorter one adds records, not freshness.
     */
    public static final long EMIT_INTERVAL_MS = 100;

    /**
     * Default partial interval: a fifth of the emit interval. A partial that waited a whole emit
     * interval would usually miss the transaction its events commit in and add up to 100 ms to every
     * figure; at 20 ms it mostly makes that transaction, and one goal still costs the goal side at
     * most 50 records a second per input partition, whatever the input rate.
     */
    public static final long PARTIAL_INTERVAL_MS = 20;

    /** Kafka's default {@code max.request.size}. */
    public static final int DEFAULT_DEAD_LETTER_RECORD_BYTES = 1_048_576;

    public static final ProgressSettings DEFAULTS = new ProgressSettings(
            6,
            Duration.ofSeconds(1),
            Duration.ofDays(1),
            1_000_000,
            Duration.ofMillis(EMIT_INTERVAL_MS),
            Duration.ofMillis(PARTIAL_INTERVAL_MS),
            DEFAULT_DEAD_LETTER_RECORD_BYTES,
            false);

    public ProgressSettings {
        if (goalPartitions < 1) {
            throw new IllegalArgumentException("goalPartitions must be >= 1, was " + goalPartitions);
        }
        if (evaluateInterval.isNegative() || evaluateInterval.isZero()) {
            throw new IllegalArgumentException("evaluateInterval must be positive, was " + evaluateInterval);
        }
        if (emitInterval.isNegative()) {
            throw new IllegalArgumentException("emitInterval must not be negative, was " + emitInterval);
        }
        if (partialInterval.isNegative()) {
            throw new IllegalArgumentException("partialInterval must not be negative, was " + partialInterval);
        }
    }

    public ProgressSettings withGoalPartitions(int n) {
        return new ProgressSettings(
                n,
                evaluateInterval,
                futureTolerance,
                maxRecordBytes,
                emitInterval,
                partialInterval,
                deadLetterRecordBytes,
                statementsInMemory);
    }

    public ProgressSettings withEmitInterval(Duration interval) {
        return new ProgressSettings(
                goalPartitions,
                evaluateInterval,
                futureTolerance,
                maxRecordBytes,
                interval,
                partialInterval,
                deadLetterRecordBytes,
                statementsInMemory);
    }

    public ProgressSettings withPartialInterval(Duration interval) {
        return new ProgressSettings(
                goalPartitions,
                evaluateInterval,
                futureTolerance,
                maxRecordBytes,
                emitInterval,
                interval,
                deadLetterRecordBytes,
                statementsInMemory);
    }

    public ProgressSettings withDeadLetterRecordBytes(int bytes) {
        return new ProgressSettings(
                goalPartitions,
                evaluateInterval,
                futureTolerance,
                maxRecordBytes,
                emitInterval,
                partialInterval,
                bytes,
                statementsInMemory);
    }

    public ProgressSettings withStatementsInMemory(boolean inMemory) {
        return new ProgressSettings(
                goalPartitions,
                evaluateInterval,
                futureTolerance,
                maxRecordBytes,
                emitInterval,
                partialInterval,
                deadLetterRecordBytes,
                inMemory);
    }
}
