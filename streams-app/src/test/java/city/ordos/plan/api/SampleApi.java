package city.ordos.plan.api;

import static city.ordos.plan.api.Samples.dec;

import city.ordos.plan.alerts.notify.AckRegistry;
import city.ordos.plan.alerts.notify.Silence;
import city.ordos.plan.alerts.notify.SilenceJournal;
import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.audit.AuditTrail;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.dashboard.DashboardStream;
import city.ordos.plan.metrics.AppMetrics;
import city.ordos.plan.reports.ReportDocuments;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.vocabulary.PlanCalendar;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The API server over in-memory state with a few sample goals, alerts, past days and reports: for
 * tests of the HTTP layer alone (the ITs run it over Kafka Streams).
 */
final class SampleApi implements AutoCloseable {

    static final String TOKEN = "s3cret-token";
    static final Instant JULY = Instant.parse("2025-07-01T04:00:00Z");
    /** The plan clock's now in these tests. */
    static final Instant TODAY = Instant.parse("2025-08-20T04:00:00Z");

    /** The alert-silences topic refuses changes for the wind goal (as when the broker is unreachable). */
    private static final SilenceJournal WIND_UNRECORDABLE = new SilenceJournal() {
        @Override
        public void recordSilence(Silence silence) {
            if (silence.goalKey().endsWith("/wind")) {
                throw new NotRecordedException("cannot record the silence of " + silence.goalKey(), null);
            }
        }

        @Override
        public void recordLift(String goalKey) {}
    };

    final AtomicReference<KafkaStreams.State> streams = new AtomicReference<>(KafkaStreams.State.RUNNING);
    final AckRegistry acks = new AckRegistry();
    final ApiServer server;
    final AppMetrics metrics;

    /** The sample API with the shared token, kiosk reads, and actions recorded in {@code audit}. */
    SampleApi(AuditTrail audit) {
        this.metrics = new AppMetrics("contract-test");
        ObjectMapper json = ApiRuntime.objectMapper();
        this.server = new ApiServer(
                        new ApiServer.Settings("127.0.0.1", 0, TOKEN, Samples.PLAN),
                        parts(
                                json,
                                new SilenceRegistry(Clock.systemUTC(), WIND_UNRECORDABLE),
                                acks,
                                streams::get,
                                metrics),
                        json,
                        new ApiSecurity(ApiSecurity.Settings.tokenOnly(TOKEN, true), audit, Clock.systemUTC()))
                .start();
    }

    static ApiServer.Parts parts(
            ObjectMapper json, SilenceRegistry silences, Supplier<KafkaStreams.State> streams, AppMetrics metrics) {
        return parts(json, silences, new AckRegistry(), streams, metrics);
    }

    /**
     * The state of the sample: two goals (fai with a contribution, history, past days and a
     * restatement; wind without data), an alert, the catalog, two dead letters (a table row the
     * importer refused, an undecodable record the app set aside).
     */
    static ApiServer.Parts parts(
            ObjectMapper json,
            SilenceRegistry silences,
            AckRegistry acks,
            Supplier<KafkaStreams.State> streams,
            AppMetrics metrics) {
        InMemoryGoalState goals = new InMemoryGoalState();
        goals.put(
                Samples.progress(
                        "fai",
                        "3",
                        "固定资产投资",
                        "30",
                        "100",
                        GoalStatus.AT_RISK,
                        JULY,
                        Map.of("DONGSHENG", dec("20"), "KANGBASHI", dec("10"))),
                List.of(new Views.Contribution(
                        "FEED",
                        "project-1",
                        "亿元",
                        dec("20"),
                        1,
                        "DONGSHENG",
                        "2025-06-30T16:00:00Z",
                        "2025-07-01T01:00:00Z",
                        "e-1",
                        "ordos.investment-reports",
                        2,
                        41L)));
        goals.put(Samples.progress("wind", "5", "风电装机", null, "500", GoalStatus.NO_DATA, JULY, Map.of()), List.of());
        HistoryBuffer history = new HistoryBuffer(400);
        history.add(Samples.progress(
                "fai",
                "3",
                "固定资产投资",
                "10",
                "100",
                GoalStatus.ON_TRACK,
                Instant.parse("2025-04-01T04:00:00Z"),
                Map.of()));
        history.add(goals.progress.get("ordos-2025/fai"));
        AlertBoard alerts = new AlertBoard(10);
        alerts.add(Samples.alert("fai", AlertState.FIRING, 1, JULY));
        CatalogView catalog = new CatalogView();
        catalog.put("ordos-2025/fai", Samples.definition("fai", "3", "固定资产投资", "Fixed-asset investment", "100"));
        catalog.put("ordos-2025/wind", Samples.definition("wind", "5", "风电装机", "Wind capacity", "500"));
        AlertLog alertLog = new AlertLog(100);
        alertLog.add(Samples.alert("fai", AlertState.FIRING, 1, JULY));
        DeadLetterLog deadLetters = new DeadLetterLog(100);
        deadLetters.add(Samples.importedRowLetter());
        deadLetters.add(Samples.binaryRecordLetter());
        InMemoryTimelineShare timeline = new InMemoryTimelineShare();
        timeline.delta("ordos-2025/fai", LocalDate.parse("2025-03-31"), delta("10", "DONGSHENG", 1, "2025-03-31"));
        timeline.delta("ordos-2025/fai", LocalDate.parse("2025-06-30"), delta("20", "KANGBASHI", 1, "2025-06-30"));
        timeline.shown(goals.progress.get("ordos-2025/fai"));
        timeline.sources.put(
                "ordos-2025/fai",
                List.of(new TimelineShare.SourceView(
                        "FEED",
                        "P-1",
                        null,
                        dec("20"),
                        1,
                        "KANGBASHI",
                        "2025-06-30T15:59:59.999Z",
                        "2025-07-03T15:59:59.999Z",
                        "e-2",
                        "ordos.investment-reports",
                        1,
                        7L,
                        "investment-2025-06.csv",
                        12,
                        null,
                        null,
                        null,
                        1)));
        timeline.restatements.put(
                "ordos-2025/fai",
                List.of(new TimelineShare.RestatementView(
                        "FEED",
                        "P-1",
                        null,
                        "亿元",
                        "KANGBASHI",
                        "2025-06-30T15:59:59.999Z",
                        1,
                        dec("25"),
                        "2025-07-03T15:59:59.999Z",
                        "e-1",
                        "ordos.investment-reports",
                        1,
                        5L,
                        dec("20"),
                        "2025-07-20T15:59:59.999Z",
                        "e-2",
                        "ordos.investment-reports",
                        1,
                        7L)));
        TimeTravel timeTravel = new TimeTravel(
                timeline,
                goals,
                new Forwarder(json, TOKEN),
                catalog,
                alertLog,
                history,
                new TimeTravel.Settings(PlanCalendar.of(2025), () -> TODAY, 1, 1));
        InMemoryReportStore reportStore = new InMemoryReportStore();
        return new ApiServer.Parts(
                goals,
                history,
                alerts,
                catalog,
                deadLetters,
                silences,
                acks,
                streams,
                metrics,
                new DashboardStream(json),
                timeTravel,
                new ReportService(
                        timeTravel,
                        reportStore,
                        ReportSettings.DEFAULTS,
                        Samples.PLAN,
                        () -> false,
                        PipelineCatchUp.NEVER_BEHIND),
                new ReportDocuments(ReportSettings.DEBIAN_NOTO_CJK));
    }

    private static DayDelta delta(String feed, String county, int sources, String day) {
        long end = PlanCalendar.endOfDay(LocalDate.parse(day)).toEpochMilli();
        return DayDelta.newBuilder()
                .setFeed(dec(feed))
                .setFeedSources(sources)
                .setByCounty(Map.of(county, dec(feed)))
                .setLatestEventTime(end)
                .setLatestReportedAt(end + 3 * 86_400_000L)
                .build();
    }

    @Override
    public void close() {
        server.close();
        metrics.close();
    }
}
