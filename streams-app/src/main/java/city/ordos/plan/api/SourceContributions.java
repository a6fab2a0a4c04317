package city.ordos.plan.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * What each source contributes to a goal, derived from the standing statements when it is asked
 * for: a source's contribution to a role is the sum of its standing statements (one per period;
 * one in all for year-to-date and level statements), and its latest statement is the one with the
 * greatest event time, then report time. Derived here, not kept: a store of contributions cost
 * every event a read, a write and a changelog record for a figure the statements already hold
 * (docs/performance.md).
 *
 * <p>Reads the topology's {@code Statement} by field name, so the API stays free of internal types.
 */
public final class SourceContributions {

    private SourceContributions() {}

    /** The contributions of the statements, one per (role, source), in the order they first appear. */
    public static List<Views.Contribution> of(Iterable<? extends GenericRecord> statements) {
        Map<List<String>, Fold> byRoleAndSource = new LinkedHashMap<>();
        for (GenericRecord s : statements) {
            byRoleAndSource
                    .computeIfAbsent(List.of(str(s.get("role")), str(s.get("sourceId"))), k -> new Fold())
                    .add(s);
        }
        List<Views.Contribution> out = new ArrayList<>(byRoleAndSource.size());
        byRoleAndSource.values().forEach(f -> out.add(f.contribution()));
        return out;
    }

    private static final class Fold {
        private BigDecimal value = BigDecimal.ZERO;
        private int statements;
        private long latestReportedAt = Long.MIN_VALUE;
        private GenericRecord latest;

        void add(GenericRecord s) {
            value = value.add((BigDecimal) s.get("value"));
            statements++;
            long reportedAt = (Long) s.get("reportedAt");
            latestReportedAt = Math.max(latestReportedAt, reportedAt);
            if (latest == null || isLater(s, latest)) {
                latest = s;
            }
        }

        private static boolean isLater(GenericRecord a, GenericRecord b) {
            int byEventTime = Long.compare((Long) a.get("eventTime"), (Long) b.get("eventTime"));
            return byEventTime != 0 ? byEventTime > 0 : (Long) a.get("reportedAt") > (Long) b.get("reportedAt");
        }

        Views.Contribution contribution() {
            return new Views.Contribution(
                    str(latest.get("role")),
                    str(latest.get("sourceId")),
                    str(latest.get("unit")),
                    Views.plain(value),
                    statements,
                    str(latest.get("county")),
                    Views.timeMillis((Long) latest.get("eventTime")),
                    Views.timeMillis(latestReportedAt),
                    str(latest.get("eventId")),
                    str(latest.get("sourceTopic")),
                    (Integer) latest.get("sourcePartition"),
                    (Long) latest.get("sourceOffset"));
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
