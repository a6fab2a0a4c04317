package city.ordos.plan.app;

import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.progress.topology.ProgressTopology;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the KafkaStreams instance of one topology: starts it, reports state changes, decides what a
 * crashed stream thread means, and closes it cleanly. Local state is kept across restarts (no
 * cleanUp on start): restoring from it is what makes a restart fast.
 *
 * <pre>{@code
 * StreamsRunner runner = new StreamsRunner(config, OrdosTopology.build(config, serdes, clock, metrics));
 * runner.start();
 * ReadOnlyKeyValueStore<String, GoalProgress> progress = runner.progressStore();
 * }</pre>
 */
public final class StreamsRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

    private final AppConfig config;
    private final Topology topology;
    private final KafkaStreams streams;
    private final List<BiConsumer<KafkaStreams.State, KafkaStreams.State>> listeners = new CopyOnWriteArrayList<>();
    private final Deque<Long> replacements = new ArrayDeque<>();
    private volatile Throwable fatalError;

    /** A runner for {@code topology}, with the Kafka Streams settings of {@code config}; nothing starts yet. */
    public StreamsRunner(AppConfig config, Topology topology) {
        this.config = Objects.requireNonNull(config, "config");
        this.topology = Objects.requireNonNull(topology, "topology");
        config.rocksDbMemoryBudget(); // a bad budget is a start-up error, not one per store opened later
        this.streams = new KafkaStreams(topology, config.streamsProperties());
        streams.setStateListener(this::stateChanged);
        streams.setUncaughtExceptionHandler(this::uncaught);
    }

    /** Registers a state listener (call before {@link #start()} to see every transition). */
    public void onStateChange(BiConsumer<KafkaStreams.State, KafkaStreams.State> listener) {
        listeners.add(listener);
    }

    public void start() {
        log.info("Starting {} with {}", config.applicationId(), config);
        streams.start();
    }

    /** Waits until the instance is RUNNING; fails if it errors or does not get there in time. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("Kafka Streams stopped in state " + streams.state(), fatalError);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Kafka Streams not RUNNING after " + timeout + " (state " + streams.state() + ")");
            }
            Thread.sleep(50);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** RUNNING: all tasks restored and processing (readiness). REBALANCING counts as alive, not ready. */
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public boolean isAlive() {
        return streams.state().isRunningOrRebalancing() || streams.state() == KafkaStreams.State.CREATED;
    }

    public Topology topology() {
        return topology;
    }

    public AppConfig config() {
        return config;
    }

    /** The error that stopped the instance, if one did. */
    public Throwable fatalError() {
        return fatalError;
    }

    /** A local store by name (see the store-name constants of {@link ProgressTopology}). */
    public <T> T store(String name, QueryableStoreType<T> type) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, type));
    }

    /** Latest progress per goal held by this instance (key planId/goalId). */
    public ReadOnlyKeyValueStore<String, GoalProgress> progressStore() {
        return store(ProgressTopology.PROGRESS_STORE, QueryableStoreTypes.keyValueStore());
    }

    private void stateChanged(KafkaStreams.State next, KafkaStreams.State previous) {
        log.info("Kafka Streams {} -> {}", previous, next);
        for (BiConsumer<KafkaStreams.State, KafkaStreams.State> l : listeners) {
            try {
                l.accept(next, previous);
            } catch (RuntimeException e) {
                log.error("State listener failed on {} -> {}", previous, next, e);
            }
        }
    }

    /**
     * A crashed stream thread is replaced a few times (a transient fault, e.g. the registry briefly
     * unreachable: the task resumes from its last committed offsets, exactly once); crashing more
     * often than that in the window means it will not heal by itself, so the client shuts down
     * loudly instead of spinning. The budget is per stream thread: one outage of the registry
     * fails every thread that reads a record meanwhile, and that must not count as several.
     */
    private StreamThreadExceptionResponse uncaught(Throwable e) {
        long now = System.currentTimeMillis();
        long window = config.millis(AppConfig.THREAD_REPLACEMENT_WINDOW_MS).toMillis();
        int budget = config.intValue(AppConfig.THREAD_REPLACEMENTS)
                * config.intValue(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
        synchronized (replacements) {
            while (!replacements.isEmpty() && replacements.peekFirst() < now - window) {
                replacements.pollFirst();
            }
            if (replacements.size() < budget) {
                replacements.addLast(now);
                log.error(
                        "Stream thread crashed ({} of {} replacements in the window); replacing it",
                        replacements.size(),
                        budget,
                        e);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        fatalError = e;
        log.error("Stream thread crashed too often; shutting down this instance", e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /**
     * Closes Kafka Streams, waiting up to the configured shutdown timeout. A clean close leaves the
     * consumer group: otherwise the classic protocol keeps the member until the session timeout and
     * a restarted or surviving instance waits that long (45 s by default, measured in the benchmark)
     * before it gets the partitions back.
     */
    @Override
    public void close() {
        Duration timeout = config.millis(AppConfig.SHUTDOWN_TIMEOUT_MS);
        log.info("Closing {} (timeout {})", config.applicationId(), timeout);
        if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(timeout))) {
            log.warn("Kafka Streams did not close within {}", timeout);
        }
    }
}
