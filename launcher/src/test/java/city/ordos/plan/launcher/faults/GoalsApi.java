package city.ordos.plan.launcher.faults;

import city.ordos.plan.avro.GoalDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What the query API of an application JVM answers, as a user of it sees it. */
final class GoalsApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoalsApi() {}

    /**
     * Actual per goal key from {@code /api/goals}, present only when the list is complete (every
     * instance answered) and holds {@code goals} goals.
     */
    static Optional<Map<String, BigDecimal>> actuals(AppJvm app, int goals) {
        Optional<JsonNode> list = list(app);
        if (list.isEmpty()
                || !list.get().get("complete").asBoolean()
                || list.get().get("goals").size() != goals) {
            return Optional.empty();
        }
        Map<String, BigDecimal> m = new TreeMap<>();
        for (JsonNode g : list.get().get("goals")) {
            JsonNode actual = g.get("actual");
            m.put(
                    g.get("key").asText(),
                    actual == null || actual.isNull()
                            ? null
                            : actual.decimalValue().stripTrailingZeros());
        }
        return Optional.of(m);
    }

    /** Number of instances the answer of {@code /api/goals} came from (-1 while it does not answer). */
    static int instances(AppJvm app) {
        return list(app).map(l -> l.get("instances").asInt()).orElse(-1);
    }

    /** {@code /api/goals/{goalId}} answers 200 for every goal of the catalog. */
    static boolean everyGoalAnswers(AppJvm app, List<GoalDefinition> catalog) {
        return catalog.stream().allMatch(g -> app.status("/api/goals/" + g.getGoalId()) == 200);
    }

    private static Optional<JsonNode> list(AppJvm app) {
        Optional<HttpResponse<String>> r = app.get("/api/goals");
        if (r.isEmpty() || r.get().statusCode() != 200) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(r.get().body()));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "not JSON from " + app.name() + ": " + r.get().body(), e);
        }
    }
}
