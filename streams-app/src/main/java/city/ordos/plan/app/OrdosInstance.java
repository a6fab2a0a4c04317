package city.ordos.plan.app;

import city.ordos.plan.alerts.notify.AckRegistry;
import city.ordos.plan.alerts.notify.AlertNotifier;
import city.ordos.plan.alerts.notify.KafkaAckLog;
import city.ordos.plan.alerts.notify.KafkaSilenceLog;
import city.ordos.plan.alerts.notify.NotifierConfig;
import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.alerts.notify.Sleeper;
import city.ordos.plan.api.ApiExtension;
import city.ordos.plan.api.ApiModule;
import city.ordos.plan.api.ApiRuntime;
import city.ordos.plan.api.ApiServer;
import city.ordos.plan.api.GoalState;
import city.ordos.plan.api.PipelineCatchUp;
import city.ordos.plan.api.TimeTravel;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.metrics.AppMetrics;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.progress.topology.ProgressTopology;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the product in this JVM, wired as production runs it: Kafka Streams with the
 * whole topology (progress, time travel and alerts), its metrics, the silences and acknowledgement logs on their topics,
 * the query API and dashboard, and the alert notifier when a notifier configuration is given. The
 * launcher runs one; tests run one or several (the same application id makes them a group).
 * {@link #close()} stops the parts in reverse order of their start.
 */
public final class OrdosInstance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrdosInstance.class);
    /** How long the silences and acknowledgements already on their topics may take to load before the start fails. */
    private static final Duration SILENCES_LOAD_TIMEOUT = Duration.ofSeconds(60);
    /** How long one look at the consumer group's offsets may take (month-end reports wait for the group). */
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

    private final AppConfig config;
    private final Deque<AutoCloseable> started;
    private final AppMetrics metrics;
    private final StreamsRunner runner;
    private final SilenceRegistry silences;
    private final ApiRuntime api;

    private OrdosInstance(
            AppConfig config,
            Deque<AutoCloseable> started,
            AppMetrics metrics,
            StreamsRunner runner,
            SilenceRegistry silences,
            ApiRuntime api) {
        this.config = config;
        this.started = started;
        this.metrics = metrics;
        this.runner = runner;
        this.silences = silences;
        this.api = api;
    }

    /**
     * Starts an instance: the HTTP server listens on {@link AppConfig#httpHost()}:{@link
     * AppConfig#httpPort()} and Kafka Streams is started (see {@link #awaitRunning} for RUNNING).
     * Other instances reach this one's state through {@code application.server}, derived from the
     * HTTP address when not set, and its Kafka static membership from that address (see {@link
     * AppConfig#withApplicationServer}). A failed start stops what had started and rethrows.
     *
     * @param adminToken the shared API token (docs/security.md): a bearer with it acts as an
     *                   administrator; instances present it to each other when forwarding reads
     * @param notifier   alert webhooks to deliver from this process, if any; silences set through
     *                   the API apply to it
     */
    public static OrdosInstance start(AppConfig settings, String adminToken, Optional<NotifierConfig> notifier)
            throws Exception {
        return start(settings, adminToken, notifier, List.of());
    }

    /**
     * As {@link #start(AppConfig, String, Optional)}, with API modules of other modules (the
     * launcher's web reporting), opened once Kafka Streams has started and closed after the API;
     * their routes are given the instance's access rules and audit trail.
     */
    public static OrdosInstance start(
            AppConfig settings, String adminToken, Optional<NotifierConfig> notifier, List<ApiModule.Opener> modules)
            throws Exception {
        AppConfig config = settings.withApplicationServer(advertised(settings));
        OrdosTopics topics = config.topics();
        Map<String, Object> clientConfig = new HashMap<>(config.serdeConfigs());
        AvroSerdes serdes = new AvroSerdes(clientConfig);
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            AppMetrics metrics = new AppMetrics(config.applicationId());
            started.push(metrics);
            PlanClock clock = config.newClock(Clock.systemUTC());
            StreamsRunner runner =
                    new StreamsRunner(config, OrdosTopology.build(config, serdes, clock, metrics.pipeline()));
            metrics.bind(runner.streams());
            // Started before the silences and acknowledgements load and the API modules open (about a
            // second each, reading their topics): the topology needs none of them, only the API and
            // the notifier do, and they start after.
            started.push(runner);
            runner.start();
            // API and notifier share it; the topic shares it with other instances and later runs.
            KafkaSilenceLog silenceLog = KafkaSilenceLog.open(
                    clientConfig, topics.alertSilences(), serdes, Clock.systemUTC(), SILENCES_LOAD_TIMEOUT);
            started.push(silenceLog);
            SilenceRegistry silences = silenceLog.registry();
            KafkaAckLog ackLog = KafkaAckLog.open(clientConfig, topics.alertAcks(), serdes, SILENCES_LOAD_TIMEOUT);
            started.push(ackLog);
            AckRegistry acks = ackLog.registry();
            // Only the month-end reports made by themselves wait for the group; without them no
            // Admin client is needed.
            PipelineCatchUp catchUp = PipelineCatchUp.NEVER_BEHIND;
            if (config.reportSettings().auto()) {
                ConsumerGroupCatchUp group = ConsumerGroupCatchUp.of(
                        clientConfig, config.applicationId(), runner.topology().describe(), CATCH_UP_TIMEOUT);
                started.push(group);
                catchUp = group;
            }
            List<ApiExtension> extensions = new ArrayList<>();
            for (ApiModule.Opener opener : modules) {
                ApiModule module = opener.open();
                started.push(module);
                extensions.addAll(module.extensions());
            }
            ApiRuntime api = new ApiRuntime(
                    runner.streams(),
                    new ApiRuntime.Stores(ProgressTopology.PROGRESS_STORE, ProgressTopology.STATEMENTS_STORE),
                    topics,
                    serdes,
                    clientConfig,
                    new ApiServer.Settings(
                            config.httpHost(),
                            config.httpPort(),
                            adminToken,
                            config.planId(),
                            config.get(AppConfig.HTTP_FRAME_ANCESTORS)),
                    instance(config.get(StreamsConfig.APPLICATION_SERVER_CONFIG)),
                    metrics,
                    silences,
                    acks,
                    TimeTravel.Settings.of(
                            config.calendar(),
                            clock,
                            topics,
                            config.progressSettings().goalPartitions()),
                    config.reportSettings(),
                    catchUp,
                    ApiSecurity.Settings.from(config.all(), adminToken),
                    extensions);
            api.start();
            started.push(api);
            if (notifier.isPresent()) {
                // Own threads and consumer groups: a slow webhook never holds up the stream threads.
                AlertNotifier alerts = new AlertNotifier(
                        notifier.get().withTopicPrefix(topics.prefix()),
                        clientConfig,
                        serdes,
                        metrics.registry(),
                        silences,
                        acks::get,
                        Clock.systemUTC(),
                        Sleeper.REAL);
                alerts.start();
                started.push(alerts);
            }
            return new OrdosInstance(config, started, metrics, runner, silences, api);
        } catch (Exception | Error e) {
            stop(started);
            throw e;
        }
    }

    /** Waits until Kafka Streams is RUNNING; fails if it errors or does not get there in time. */
    public OrdosInstance awaitRunning(Duration timeout) throws InterruptedException {
        runner.awaitRunning(timeout);
        return this;
    }

    /** The settings the instance runs with ({@code application.server} resolved). */
    public AppConfig config() {
        return config;
    }

    public StreamsRunner runner() {
        return runner;
    }

    public AppMetrics metrics() {
        return metrics;
    }

    public SilenceRegistry silences() {
        return silences;
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return api.port();
    }

    @Override
    public void close() {
        stop(started);
    }

    /**
     * {@code application.server} as set, else the HTTP address; an instance bound to every
     * interface advertises its host name.
     */
    static String advertised(AppConfig config) throws UnknownHostException {
        String set = config.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        if (set != null) {
            return set;
        }
        String host = config.httpHost();
        String reachable = "0.0.0.0".equals(host) ? InetAddress.getLocalHost().getHostName() : host;
        return reachable + ":" + config.httpPort();
    }

    private static GoalState.Instance instance(String advertised) {
        int colon = advertised.lastIndexOf(':');
        return new GoalState.Instance(
                advertised.substring(0, colon), Integer.parseInt(advertised.substring(colon + 1)));
    }

    private static void stop(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.error("error while stopping {}", next, e);
            }
        }
    }
}
