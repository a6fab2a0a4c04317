package city.ordos.plan.analytics;

import city.ordos.plan.avro.AuditEvent;
import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one database transaction writes: the decoded records of a run of polls and the consumer
 * positions they bring the sink to. Written all or nothing by {@link AnalyticsStore#write}.
 */
public final class SinkBatch {

    /** Where a record was read from; also the primary key of append-only rows. */
    public record Coordinates(String topic, int partition, long offset, Instant recordTime) {}

    public record ProgressEntry(Coordinates source, GoalProgress progress) {}

    public record AlertEntry(Coordinates source, GoalAlert alert) {}

    public record AuditEntry(Coordinates source, AuditEvent event) {}

    /** A goal upsert, or a removal (tombstone) when {@code definition} is empty. */
    public record GoalEntry(Coordinates source, String goalKey, Optional<GoalDefinition> definition) {}

    /** A dispatch report upsert, or a removal (tombstone) when {@code report} is empty. */
    public record ReportEntry(Coordinates source, String reportId, Optional<DispatchReport> report) {}

    /** A record that could not be decoded: kept with its bytes so nothing is lost. */
    public record Reject(Coordinates source, String key, byte[] value, String reason) {}

    /** A partition's next offset to read, and the one the database held before this batch (null: none). */
    public record OffsetAdvance(String topic, int partition, Long previous, long next) {}

    private final List<ProgressEntry> history = new ArrayList<>();
    private final Map<String, ProgressEntry> latest = new LinkedHashMap<>();
    private final Map<String, AlertEntry> alerts = new LinkedHashMap<>();
    private final Map<String, GoalEntry> goals = new LinkedHashMap<>();
    private final Map<String, AuditEntry> audit = new LinkedHashMap<>();
    private final Map<String, ReportEntry> reports = new LinkedHashMap<>();
    private final List<Reject> rejects = new ArrayList<>();
    private final List<OffsetAdvance> offsets = new ArrayList<>();
    private int records;

    public void addProgress(Coordinates source, GoalProgress progress) {
        ProgressEntry entry = new ProgressEntry(source, progress);
        history.add(entry);
        // Records of one goal share a partition and arrive in offset order, so the last one read is the latest.
        latest.put(GoalKeys.of(progress), entry);
        records++;
    }

    public void addAlert(Coordinates source, GoalAlert alert) {
        // Receivers deduplicate on (alertId, state, sequence): a re-sent update is the same row.
        alerts.putIfAbsent(
                alert.getAlertId() + "\u0000" + alert.getState() + "\u0000" + alert.getSequence(),
                new AlertEntry(source, alert));
        records++;
    }

    public void addGoal(Coordinates source, String goalKey, GoalDefinition definitionOrNull) {
        // Only the final state of a key matters within one transaction (compacted-topic semantics).
        goals.remove(goalKey);
        goals.put(goalKey, new GoalEntry(source, goalKey, Optional.ofNullable(definitionOrNull)));
        records++;
    }

    public void addAudit(Coordinates source, AuditEvent event) {
        // The event id is the row's identity: a record read twice is one row.
        audit.putIfAbsent(event.getEventId(), new AuditEntry(source, event));
        records++;
    }

    public void addReport(Coordinates source, String reportId, DispatchReport reportOrNull) {
        // Compacted topic: the last record of a report id within the transaction is the report.
        reports.remove(reportId);
        reports.put(reportId, new ReportEntry(source, reportId, Optional.ofNullable(reportOrNull)));
        records++;
    }

    public void addReject(Coordinates source, String key, byte[] value, String reason) {
        rejects.add(new Reject(source, key, value, reason));
        records++;
    }

    public void advance(String topic, int partition, Long previous, long next) {
        offsets.add(new OffsetAdvance(topic, partition, previous, next));
    }

    /** Records read into this batch (including rejects). */
    public int size() {
        return records;
    }

    public boolean isEmpty() {
        return records == 0 && offsets.isEmpty();
    }

    public List<ProgressEntry> history() {
        return Collections.unmodifiableList(history);
    }

    public List<ProgressEntry> latest() {
        return List.copyOf(latest.values());
    }

    public List<AlertEntry> alerts() {
        return List.copyOf(alerts.values());
    }

    public List<GoalEntry> goals() {
        return List.copyOf(goals.values());
    }

    public List<AuditEntry> audit() {
        return List.copyOf(audit.values());
    }

    public List<ReportEntry> reports() {
        return List.copyOf(reports.values());
    }

    public List<Reject> rejects() {
        return Collections.unmodifiableList(rejects);
    }

    public List<OffsetAdvance> offsets() {
        return Collections.unmodifiableList(offsets);
    }
}
