package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.producers.DeliveredInput;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.producers.GoalsTopicReader;
import city.ordos.plan.producers.Pacer;
import city.ordos.plan.producers.ProducerSettings;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated year replayed into Kafka on a thread of its own, for the goals on the goals topic:
 * what the one-command run starts next to the app. {@link #close()} stops it; what was sent is
 * flushed.
 */
public final class YearReplay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(YearReplay.class);
    private static final Duration GOALS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param wallClockTimestamps record timestamps from the producer's clock instead of the
     *                            simulated report time (the end-to-end latency metric then
     *                            measures append to emit)
     * @param resume              skip what the input topics already hold (a restart on the same
     *                            data continues the year instead of sending it again)
     */
    public record Settings(Scenario scenario, Duration yearIn, boolean wallClockTimestamps, boolean resume) {
        public Settings {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(yearIn, "yearIn");
        }
    }

    /**
     * Where the replay publishes.
     *
     * @param clientSettings Kafka client and registry settings (SASL, TLS, registry auth pass through)
     */
    public record Connection(Map<String, String> clientSettings, OrdosTopics topics) {
        public Connection {
            clientSettings = Map.copyOf(clientSettings);
            Objects.requireNonNull(topics, "topics");
        }

        /** The producer configuration the replay publishes with (the producers' safe defaults under these settings). */
        public Map<String, Object> producerConfig() {
            return ProducerSettings.producerConfig(clientSettings, "ordos-simulator");
        }
    }

    private final Thread thread;

    private YearReplay(Thread thread) {
        this.thread = thread;
    }

    /** Starts the replay; its summary and progress lines go to {@code out}. */
    public static YearReplay start(Settings settings, Connection connection, PrintStream out) {
        Map<String, Object> producerConfig = connection.producerConfig();
        OrdosTopics topics = connection.topics();
        Thread thread = new Thread(() -> run(settings, producerConfig, topics, out), "ordos-simulator");
        thread.setDaemon(true);
        thread.start();
        return new YearReplay(thread);
    }

    private static void run(
            Settings settings, Map<String, Object> producerConfig, OrdosTopics topics, PrintStream out) {
        try {
            List<GoalDefinition> goals =
                    GoalsTopicReader.read(producerConfig, topics.goals().name(), GOALS_TIMEOUT);
            ScenarioConfig config = ScenarioConfig.builder(settings.scenario(), goals)
                    .topics(topics)
                    .build();
            describe(config, out);
            ResumePoint from = ResumePoint.START;
            if (settings.resume()) {
                from = DeliveredInput.read(producerConfig, topics, GOALS_TIMEOUT);
                out.println("resuming: the input topics hold " + from.deliveredEvents()
                        + " events of this replay; sending the rest");
            }
            SimulationRunner.Result result;
            try (EventPublisher publisher = new EventPublisher(producerConfig, !settings.wallClockTimestamps())) {
                result = SimulationRunner.run(config, publisher, pacerFor(config, settings.yearIn()), 0, from, out);
            }
            LOG.info(
                    "simulator finished: {} events, {}{}",
                    result.events(),
                    result.delivery(),
                    result.interrupted() ? " (stopped early)" : "");
        } catch (RuntimeException e) {
            LOG.error("simulator failed", e);
        }
    }

    /** The replay pace that plays the scenario's reporting span, 1 January to its last report day, in {@code wall}. */
    public static Pacer pacerFor(ScenarioConfig config, Duration wall) {
        Duration span = Duration.between(
                PlanCalendar.at(LocalDate.of(config.planYear(), 1, 1), 0),
                PlanCalendar.lastSecondOf(config.effectiveLastReportDay()));
        return Pacer.replay(Pacer.speedFor(span, wall));
    }

    /** One line on the scenario, the goals it makes lag or fall silent, and the plan's warnings. */
    public static void describe(ScenarioConfig config, PrintStream out) {
        FeedPlanner.Plan plan = Simulation.plan(config);
        out.printf(
                Locale.ROOT,
                "scenario %s, seed %d, %d goals, %d atoms%n",
                config.scenario(),
                config.seed(),
                config.goals().size(),
                plan.atoms().size());
        if (!plan.laggingGoals().isEmpty()) {
            out.println("lagging goals: " + String.join(", ", new TreeSet<>(plan.laggingGoals())));
        }
        if (!plan.silentGoals().isEmpty()) {
            out.println("silent goals (from 1 July): " + String.join(", ", new TreeSet<>(plan.silentGoals())));
        }
        plan.warnings().forEach(w -> out.println("warning: " + w));
    }

    /** Stops the replay (interrupt) and waits a bounded time for the flush. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(STOP_TIMEOUT.toMillis());
    }
}
