package city.ordos.plan.api;

import static city.ordos.plan.api.Samples.dec;

import city.ordos.plan.alerts.notify.AckRegistry;
import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.dashboard.DashboardStream;
import city.ordos.plan.metrics.AppMetrics;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/** The API's state in memory: two goals (fai with a contribution and history, wind without data), an alert, the catalog. */
final class SampleApi {

    static final Instant JULY = Instant.parse("2025-07-01T04:00:00Z");

    private SampleApi() {}

    static ApiServer.Parts parts(
            ObjectMapper json, SilenceRegistry silences, Supplier<KafkaStreams.State> streams, AppMetrics metrics) {
        return parts(json, silences, new AckRegistry(), streams, metrics);
    }

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
        return new ApiServer.Parts(
                goals, history, alerts, catalog, silences, acks, streams, metrics, new DashboardStream(json));
    }
}
