package city.ordos.plan.app;

import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.topics.OrdosTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One production {@link OrdosInstance} (progress + alerts topology, metrics, silences, API,
 * dashboard) against the test class's cluster, on a free loopback port. Several with the same
 * application id form a group.
 */
final class RunningApp implements AutoCloseable {

    static final String TOKEN = "test-admin-token";

    final AppConfig config;
    final int port;
    StreamsRunner runner;
    private OrdosInstance instance;

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
        // Reads without sign-in, as the tests read; changes still need the API token.
        settings.put(ApiSecurity.Settings.KIOSK, "true");
        settings.put(AppConfig.HTTP_HOST, "127.0.0.1");
        settings.put(AppConfig.HTTP_PORT, Integer.toString(port));
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        // Report files beside the state (a temporary directory the cluster extension removes).
        settings.put(
                ReportSettings.DIRECTORY,
                Path.of(settings.get(StreamsConfig.STATE_DIR_CONFIG), "reports").toString());
        settings.putAll(extra);
        this.config = AppConfig.of(settings);
    }

    RunningApp start() throws Exception {
        instance = OrdosInstance.start(config, TOKEN, Optional.empty());
        runner = instance.runner();
        return this;
    }

    RunningApp awaitRunning() throws InterruptedException {
        instance.awaitRunning(Duration.ofSeconds(90));
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
        if (instance != null) {
            instance.close();
        }
    }
}
