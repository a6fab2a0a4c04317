package city.ordos.plan.app;

import static org.awaitility.Awaitility.await;

import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.api.ApiRuntime;
import city.ordos.plan.api.ApiServer;
import city.ordos.plan.api.GoalState;
import city.ordos.plan.api.TimeTravel;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.metrics.AppMetrics;
import city.ordos.plan.progress.topology.ProgressTopology;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.topics.OrdosTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One instance of the application as OrdosApp wires it (progress + alerts topology, metrics, API,
 * dashboard), against the test class's cluster. Several with the same application id form a group.
 */
final class RunningApp implements AutoCloseable {

    static final String TOKEN = "test-admin-token";

    final StreamsRunner runner;
    final AppMetrics metrics;
    final ApiRuntime api;
    final int port;

    RunningApp(KafkaClusterExtension kafka, OrdosTopics topics, String applicationId, String planClock) {
        this(kafka, topics, applicationId, planClock, Map.of());
    }

    /** With {@code extra} settings (ordos.* keys) on top of the test defaults. */
    RunningApp(
            KafkaClusterExtension kafka,
            OrdosTopics topics,
            String applicationId,
            String planClock,
            Map<String, String> extra) {
        this.port = freePort();
        Map<String, String> settings = new HashMap<>();
        kafka.streamsProperties(applicationId).forEach((k, v) -> settings.put(k.toString(), v.toString()));
        settings.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(AppConfig.CLOCK, planClock);
        settings.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + port);
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        // Report files beside the state (a temporary directory the cluster extension removes).
        settings.put(
                ReportSettings.DIRECTORY,
                Path.of(settings.get(StreamsConfig.STATE_DIR_CONFIG), "reports").toString());
        settings.putAll(extra);
        AppConfig config = AppConfig.of(settings);
        this.metrics = new AppMetrics(applicationId);
        this.runner = StreamsRunner.create(config, metrics.pipeline()); // progress + alerts
        metrics.bind(runner.streams());
        this.api = new ApiRuntime(
                runner.streams(),
                new ApiRuntime.Stores(ProgressTopology.PROGRESS_STORE, ProgressTopology.CONTRIBUTIONS_STORE),
                topics,
                runner.serdes(),
                new HashMap<>(config.serdeConfigs()),
                new ApiServer.Settings("127.0.0.1", port, TOKEN, "ordos-2025"),
                new GoalState.Instance("127.0.0.1", port),
                metrics,
                new SilenceRegistry(Clock.systemUTC()),
                TimeTravel.Settings.of(
                        config.calendar(),
                        runner.clock(),
                        topics,
                        config.progressSettings().goalPartitions()),
                config.reportSettings());
    }

    RunningApp start() {
        runner.start();
        api.start();
        return this;
    }

    RunningApp awaitRunning() {
        await().atMost(Duration.ofSeconds(90)).until(() -> runner.streams().state() == KafkaStreams.State.RUNNING);
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        api.close();
        runner.close();
        metrics.close();
    }
}
