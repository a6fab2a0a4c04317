package city.ordos.plan.api;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.vocabulary.Counties;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The {@code section}, {@code status} and {@code county} filters of a goal list (live, past or exported). */
@FunctionalInterface
interface GoalFilter {

    /** GoalStatus's symbols, in its order. */
    List<String> STATUSES =
            Arrays.stream(GoalStatus.values()).map(GoalStatus::name).toList();

    List<Views.GoalView> apply(List<Views.GoalView> goals);

    /** The filters a request names; an unknown county or status is a client error, not an empty list. */
    static GoalFilter of(Context ctx) {
        String section = ctx.queryParam("section");
        Set<String> statuses = csv(ctx.queryParam("status"));
        for (String status : statuses) {
            if (!STATUSES.contains(status)) {
                throw new BadRequestResponse("unknown status '" + status + "': one or more of " + STATUSES);
            }
        }
        String countyText = ctx.queryParam("county");
        String county = countyText == null
                ? null
                : Counties.parse(countyText)
                        .map(County::name)
                        .orElseThrow(() -> new BadRequestResponse("unknown county-level unit '" + countyText + "'"));
        return goals -> goals.stream()
                .filter(g -> section == null || section.equals(g.section()))
                .filter(g -> statuses.isEmpty() || statuses.contains(g.status()))
                .filter(g -> county == null || g.byCounty().containsKey(county))
                .toList();
    }

    private static Set<String> csv(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Set.of(value.toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
    }
}
