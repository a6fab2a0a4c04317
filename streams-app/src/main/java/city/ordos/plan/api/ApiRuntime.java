package city.ordos.plan.api;

import city.ordos.plan.alerts.notify.AckRegistry;
import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.audit.KafkaAuditLog;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.dashboard.DashboardStream;
import city.ordos.plan.metrics.AppMetrics;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.reports.ReportDocuments;
import city.ordos.plan.reports.ReportFiles;
import city.ordos.plan.reports.ReportLog;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of one application instance, assembled: the live feed (history, alerts,
 * catalog), the in-memory views it fills, the dashboard stream and the HTTP server over the
 * instance's Kafka Streams state (current figures and per-goal gauges, docs/adr/0010). Start after the KafkaStreams is created; close
 * before it.
 */
public final class ApiRuntime implements AutoCloseable {

    /** Days of history kept per goal (a plan year, plus a margin). */
    public static final int HISTORY_DAYS = 400;
    /** Alert updates kept for "recent". */
    public static final int RECENT_ALERTS = 200;
    /** Alert updates kept for the alerts of past moments (a plan year has a few hundred). */
    public static final int ALERT_LOG_LIMIT = 100_000;
    /** Dead letters kept to be listed (all are counted): a few files' worth of bad rows. */
    public static final int DEAD_LETTER_LIMIT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ApiRuntime.class);

    private final LiveFeed feed;
    private final ReportLog reportLog;
    private final ReportService reports;
    private final ExecutorService fileWriter;
    private final DashboardStream dashboard;
    private final KafkaAuditLog audit;
    private final ApiServer server;

    /**
     * @param kafkaConfig client settings for the live-feed consumer (bootstrap, security ...)
     * @param stores      names of the progress and statements stores of the topology (contributions are folded from the statements)
     * @param timeTravel  how past moments are answered (plan calendar, clock, partitions)
     * @param reportSettings where and how the monthly dispatch reports are made
     * @param catchUp     whether the pipeline has processed its input (month-end reports wait for it)
     * @param security    sign-in and access settings (docs/security.md)
     * @param extensions  routes other modules add (the launcher's web reporting)
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
            AckRegistry acks,
            TimeTravel.Settings timeTravel,
            ReportSettings reportSettings,
            PipelineCatchUp catchUp,
            ApiSecurity.Settings security,
            List<ApiExtension> extensions) {
        ObjectMapper json = objectMapper();
        this.audit = new KafkaAuditLog(kafkaConfig, topics.audit(), serdes, Clock.systemUTC());
        FeedViews views = new FeedViews(HISTORY_DAYS, RECENT_ALERTS, ALERT_LOG_LIMIT, DEAD_LETTER_LIMIT);
        this.dashboard = new DashboardStream(json);
        // The feed fills history, alerts and the catalog and pushes changes; current figures are
        // read from the progress stores (ADR 0010), the per-goal gauges included.
        this.feed = new LiveFeed(topics, kafkaConfig, serdes).listen(views).listen(dashboard);
        GoalState goals = new StreamsGoalState(streams, stores.progress(), stores.statements(), self);
        TimeTravel moments = new TimeTravel(
                new StreamsTimelineShare(streams),
                goals,
                new Forwarder(json, settings.adminToken()),
                views.catalog,
                views.alertLog,
                views.history,
                timeTravel);
        ReportDocuments documents = new ReportDocuments(reportSettings.font());
        ReportFiles files = new ReportFiles(reportSettings.directory(), documents);
        this.fileWriter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ordos-report-files");
            t.setDaemon(true);
            return t;
        });
        this.reportLog = new ReportLog(kafkaConfig, topics.dispatchReports(), serdes)
                .listen(report -> fileWriter.execute(() -> writeFiles(files, report)));
        // One instance makes the month-end reports: the owner of this key's partition of the goal side.
        String leaderKey = "dispatch-reports/" + settings.planId();
        this.reports = new ReportService(
                moments,
                reportLog,
                reportSettings,
                settings.planId(),
                () -> goals.ownerOf(leaderKey).map(goals.self()::equals).orElse(false),
                catchUp);
        this.server = new ApiServer(
                settings,
                new ApiServer.Parts(
                        goals,
                        views.history,
                        views.alerts,
                        views.catalog,
                        views.deadLetters,
                        silences,
                        acks,
                        streams::state,
                        metrics,
                        dashboard,
                        moments,
                        reports,
                        documents),
                json,
                new ApiSecurity(security, audit, Clock.systemUTC()),
                extensions);
    }

    /** Store names of the topology the API reads. */
    public record Stores(String progress, String statements) {}

    public ApiRuntime start() {
        audit.start();
        feed.start();
        reportLog.start();
        reports.start();
        server.start();
        return this;
    }

    private static void writeFiles(ReportFiles files, DispatchReport report) {
        try {
            files.write(report);
        } catch (RuntimeException e) {
            // The report stays listed and downloadable from the API; only its copy on disk is missing.
            LOG.error("files of report {} not written", report.getReportId(), e);
        }
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
                .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);
    }

    @Override
    public void close() {
        server.close();
        reports.close();
        reportLog.close();
        fileWriter.shutdownNow();
        dashboard.close();
        feed.close();
        audit.close();
    }
}
