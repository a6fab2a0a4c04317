package city.ordos.plan.api;

import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.dashboard.DashboardStream;
import city.ordos.plan.metrics.AppMetrics;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The serving side of one application instance, assembled: the live feed (history, alerts,
 * catalog), the in-memory views it fills, the dashboard stream, the per-goal gauges and the HTTP
 * server over the instance's Kafka Streams state. Start after the KafkaStreams is created; close
 * before it.
 */
public final class ApiRuntime implements AutoCloseable {

    /** Days of history kept per goal (a plan year, plus a margin). */
    public static final int HISTORY_DAYS = 400;
    /** Alert updates kept for "recent". */
    public static final int RECENT_ALERTS = 200;
    /** Alert updates kept for the alerts of past moments (a plan year has a few hundred). */
    public static final int ALERT_LOG_LIMIT = 100_000;

    private final LiveFeed feed;
    private final DashboardStream dashboard;
    private final ApiServer server;

    /**
     * @param kafkaConfig client settings for the live-feed consumer (bootstrap, security ...)
     * @param stores      names of the progress and contributions stores of the topology
     */
    public ApiRuntime(
            KafkaStreams streams,
            Stores stores,
            OrdosTopics topics,
            AvroSerdes serdes,
            Map<String, ?> kafkaConfig,
            ApiServer.Settings settings,
            GoalState.Instance self,
            AppMetrics metrics,
            SilenceRegistry silences,
            TimeTravel.Settings timeTravel) {
        ObjectMapper json = objectMapper();
        HistoryBuffer history = new HistoryBuffer(HISTORY_DAYS);
        AlertBoard alerts = new AlertBoard(RECENT_ALERTS);
        AlertLog alertLog = new AlertLog(ALERT_LOG_LIMIT);
        CatalogView catalog = new CatalogView();
        this.dashboard = new DashboardStream(json);
        this.feed = new LiveFeed(topics, kafkaConfig, serdes)
                .listen(new LiveFeed.Listener() {
                    @Override
                    public void onCatalog(String key, GoalDefinition definition) {
                        catalog.put(key, definition);
                    }

                    @Override
                    public void onProgress(GoalProgress progress) {
                        history.add(progress);
                        metrics.goals().update(progress);
                    }

                    @Override
                    public void onAlert(GoalAlert alert) {
                        alerts.add(alert);
                        alertLog.add(alert);
                    }
                })
                .listen(dashboard);
        GoalState goals = new StreamsGoalState(streams, stores.progress(), stores.contributions(), self);
        TimeTravel moments = new TimeTravel(
                new StreamsTimelineShare(streams), goals, new Forwarder(json), catalog, alertLog, history, timeTravel);
        this.server = new ApiServer(
                settings,
                new ApiServer.Parts(
                        goals, history, alerts, catalog, silences, streams::state, metrics, dashboard, moments),
                json);
    }

    /** Store names of the topology the API reads. */
    public record Stores(String progress, String contributions) {}

    public ApiRuntime start() {
        feed.start();
        server.start();
        return this;
    }

    public int port() {
        return server.port();
    }

    public ApiServer server() {
        return server;
    }

    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .findAndRegisterModules()
                .disable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .configure(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);
    }

    @Override
    public void close() {
        server.close();
        dashboard.close();
        feed.close();
    }
}
