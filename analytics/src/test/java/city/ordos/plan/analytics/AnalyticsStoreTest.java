package city.ordos.plan.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.AuditEvent;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.ReportAlert;
import city.ordos.plan.avro.ReportGoal;
import city.ordos.plan.avro.ReportKind;
import city.ordos.plan.avro.Severity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database side on a real DuckDB file: a batch is written all or nothing, with its offsets. */
class AnalyticsStoreTest {

    private static final String HISTORY = "ordos.goal-progress-history";

    @TempDir
    Path dir;

    private String url;
    private List<GoalProgress> progress;

    @BeforeEach
    void setUp() {
        url = "jdbc:duckdb:" + dir.resolve("store.duckdb");
        progress = new SimulatedYear(3, 11).progress(0, 10); // goal 0 is an investment goal: 9 counties each
    }

    @Test
    void aBatchCommitsRowsTogetherWithItsOffsets() throws Exception {
        try (AnalyticsStore store = AnalyticsStore.open(url, new Properties())) {
            store.write(history(0, 10, null));

            assertThat(store.storedOffsets()).isEqualTo(Map.of(new TopicPartition(HISTORY, 0), 10L));
        }
        assertThat(count("progress_history")).isEqualTo(10);
        assertThat(count("progress_history_by_county")).isEqualTo(countyRows(0, 10));
        assertThat(count("progress_latest")).isEqualTo(3);
    }

    @Test
    void auditRecordsAreExportedOnceEachWithTheirBeforeAndAfter() throws Exception {
        AuditEvent approval = AuditEvent.newBuilder()
                .setEventId("7b0c2f7e-0001")
                .setOccurredAt(Instant.parse("2025-07-31T02:00:00Z"))
                .setActor("zhao.lei")
                .setActorRole("OPERATOR")
                .setAuthenticatedBy("PASSWORD")
                .setClientAddress("10.1.2.3")
                .setAction("SUBMISSION_APPROVED")
                .setTarget("s-42")
                .setOutcome("OK")
                .setBefore("{\"status\":\"PENDING\"}")
                .setAfter("{\"status\":\"APPLIED\"}")
                .build();
        try (AnalyticsStore store = AnalyticsStore.open(url, new Properties())) {
            SinkBatch batch = new SinkBatch();
            batch.addAudit(
                    new SinkBatch.Coordinates("ordos.audit", 0, 0, Instant.parse("2025-07-31T02:00:00Z")), approval);
            batch.addAudit(
                    new SinkBatch.Coordinates("ordos.audit", 0, 0, Instant.parse("2025-07-31T02:00:00Z")), approval);
            batch.advance("ordos.audit", 0, null, 1);
            store.write(batch);
        }
        assertThat(count("audit_events")).isEqualTo(1);
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT actor, action, target, before_json, after_json FROM audit_events")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                    .containsExactly(
                            "zhao.lei",
                            "SUBMISSION_APPROVED",
                            "s-42",
                            "{\"status\":\"PENDING\"}",
                            "{\"status\":\"APPLIED\"}");
        }
    }

    @Test
    void aFailingBatchLeavesNeitherRowsNorOffsets() throws Exception {
        try (AnalyticsStore store = AnalyticsStore.open(url, new Properties())) {
            store.write(history(0, 10, null));
            // Rows 5..14: 5..9 are already there, so the primary key refuses the batch part-way through.
            SinkBatch overlapping = history(5, 15, 10L);

            assertThatThrownBy(() -> store.write(overlapping)).isInstanceOf(SQLException.class);
            assertThat(store.storedOffsets()).isEqualTo(Map.of(new TopicPartition(HISTORY, 0), 10L));
        }
        assertThat(count("progress_history")).isEqualTo(10);
        assertThat(count("progress_history_by_county")).isEqualTo(countyRows(0, 10));
    }

    @Test
    void aSecondWriterIsDetectedByTheOffsetsCompareAndSet() throws Exception {
        try (AnalyticsStore store = AnalyticsStore.open(url, new Properties())) {
            store.write(history(0, 10, null));

            // This writer believes the database is at offset 4: someone else moved it.
            assertThatThrownBy(() -> store.write(history(10, 12, 4L)))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("another sink");
        }
        assertThat(count("progress_history")).isEqualTo(10);
    }

    @Test
    void aFileOfAnEarlierVersionGainsTheGoalsNewColumnsAndKeepsItsRows() throws Exception {
        List<GoalDefinition> goals = new SimulatedYear(2, 1).definitions();
        try (AnalyticsStore store = AnalyticsStore.open(url, new Properties())) {
            SinkBatch batch = new SinkBatch();
            batch.addGoal(at("ordos.goals", 0), GoalKeys.of(goals.get(0)), goals.get(0));
            batch.advance("ordos.goals", 0, null, 1);
            store.write(batch);
        }
        // the goals table as the sink wrote it before the Chinese note and the start level
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE goals DROP COLUMN reading_note_zh");
            s.execute("ALTER TABLE goals DROP COLUMN start_level");
        }

        GoalDefinition building = goals.get(1);
        building.setReadingNoteZh("“实施”按2025年已开工的项目个数理解。");
        building.setStartLevel(new BigDecimal("12.500000"));
        try (AnalyticsStore store = AnalyticsStore.open(url, new Properties())) {
            SinkBatch batch = new SinkBatch();
            batch.addGoal(at("ordos.goals", 1), GoalKeys.of(building), building);
            batch.advance("ordos.goals", 0, 1L, 2);
            store.write(batch);
        }
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT goal_key, reading_note_zh, start_level FROM goals ORDER BY goal_key")) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(Arrays.asList(rs.getString(1), rs.getString(2), rs.getBigDecimal(3)));
            }
            assertThat(rows).hasSize(2);
            assertThat(rows)
                    .anySatisfy(r -> {
                        assertThat(r.get(0)).isEqualTo(GoalKeys.of(goals.get(0)));
                        assertThat(r.get(1)).isNull();
                        assertThat(r.get(2)).isNull();
                    })
                    .anySatisfy(r -> {
                        assertThat(r.get(0)).isEqualTo(GoalKeys.of(building));
                        assertThat(r.get(1)).isEqualTo("“实施”按2025年已开工的项目个数理解。");
                        assertThat((BigDecimal) r.get(2)).isEqualByComparingTo("12.5");
                    });
        }
    }

    @Test
    void goalsFollowTheCompactedTopicAndAlertsAreDeduplicated() throws Exception {
        SimulatedYear year = new SimulatedYear(8, 1);
        List<GoalDefinition> goals = year.definitions();
        List<GoalAlert> alerts = year.alerts();
        try (AnalyticsStore store = AnalyticsStore.open(url, new Properties())) {
            SinkBatch first = new SinkBatch();
            for (int i = 0; i < goals.size(); i++) {
                first.addGoal(at("ordos.goals", i), GoalKeys.of(goals.get(i)), goals.get(i));
            }
            alerts.forEach(a -> first.addAlert(at("ordos.goal-alerts", 0), a));
            first.advance("ordos.goals", 0, null, goals.size());
            store.write(first);

            SinkBatch progressOfFirstGoal = new SinkBatch();
            progressOfFirstGoal.addProgress(
                    at(HISTORY, 0), new SimulatedYear(8, 1).progress(0, 1).get(0));
            progressOfFirstGoal.advance(HISTORY, 0, null, 1);
            store.write(progressOfFirstGoal);

            SinkBatch second = new SinkBatch();
            second.addGoal(at("ordos.goals", 8), GoalKeys.of(goals.get(0)), null); // tombstone
            alerts.forEach(a -> second.addAlert(at("ordos.goal-alerts", 1), a)); // redelivered updates
            second.advance("ordos.goals", 0, (long) goals.size(), goals.size() + 1);
            store.write(second);
        }
        assertThat(count("goals")).isEqualTo(goals.size() - 1);
        assertThat(count("progress_history"))
                .as("a removed goal's history stays")
                .isEqualTo(1);
        assertThat(count("alerts")).isEqualTo(alerts.size());
    }

    @Test
    void aDispatchReportIsOneRowWithItsGoalsAndAlertsAndAReportMadeAgainReplacesThemAll() throws Exception {
        try (AnalyticsStore store = AnalyticsStore.open(url, new Properties())) {
            SinkBatch first = new SinkBatch();
            first.addReport(at("ordos.dispatch-reports", 0), "ordos-2025/2025-06", report("2025-06", 3, 2));
            first.addReport(at("ordos.dispatch-reports", 1), "ordos-2025/2025-05", report("2025-05", 3, 0));
            first.advance("ordos.dispatch-reports", 0, null, 2);
            store.write(first);
            assertThat(count("dispatch_reports")).isEqualTo(2);
            assertThat(count("dispatch_report_goals")).isEqualTo(6);
            assertThat(count("dispatch_report_alerts")).isEqualTo(2);

            SinkBatch again = new SinkBatch();
            again.addReport(at("ordos.dispatch-reports", 2), "ordos-2025/2025-06", report("2025-06", 2, 1));
            again.addReport(at("ordos.dispatch-reports", 3), "ordos-2025/2025-05", null); // tombstone
            again.advance("ordos.dispatch-reports", 0, 2L, 4);
            store.write(again);
        }
        assertThat(count("dispatch_reports")).isEqualTo(1);
        assertThat(count("dispatch_report_goals"))
                .as("the June report made again has two goals")
                .isEqualTo(2);
        assertThat(count("dispatch_report_alerts")).isEqualTo(1);
    }

    private static DispatchReport report(String month, int goals, int newAlerts) {
        List<ReportGoal> lines = new ArrayList<>();
        for (int i = 0; i < goals; i++) {
            lines.add(ReportGoal.newBuilder()
                    .setGoalKey("ordos-2025/g" + i)
                    .setSection("1")
                    .setSectionTitleZh("节")
                    .setSectionTitleEn("Section")
                    .setNameZh("目标" + i)
                    .setNameEn("Goal " + i)
                    .setDepartment("市发改委")
                    .setUnit("亿元")
                    .setComparator(Comparator.AT_LEAST)
                    .setTarget(new BigDecimal("10.000000"))
                    .setActual(new BigDecimal("5.000000"))
                    .setStatus(GoalStatus.BEHIND)
                    .setPreviousStatus(GoalStatus.AT_RISK)
                    .build());
        }
        List<ReportAlert> alerts = new ArrayList<>();
        for (int i = 0; i < newAlerts; i++) {
            alerts.add(ReportAlert.newBuilder()
                    .setAlertId("a" + i)
                    .setGoalKey("ordos-2025/g" + i)
                    .setDepartment("市发改委")
                    .setKind(AlertKind.FALLING_BEHIND)
                    .setSeverity(Severity.WARNING)
                    .setState(AlertState.FIRING)
                    .setFiredAt(Instant.parse("2025-06-10T00:00:00Z"))
                    .setChangedAt(Instant.parse("2025-06-10T00:00:00Z"))
                    .setMessageZh("消息")
                    .setMessageEn("message")
                    .build());
        }
        return DispatchReport.newBuilder()
                .setReportId("ordos-2025/" + month)
                .setPlanId("ordos-2025")
                .setKind(ReportKind.MONTH_END)
                .setAsOfDate("2025-06-30")
                .setPreviousReportId("ordos-2025/2025-05")
                .setPreviousAsOfDate("2025-05-31")
                .setGoals(lines)
                .setNewAlerts(alerts)
                .setRecoveredAlerts(List.of())
                .build();
    }

    private SinkBatch history(int from, int to, Long previousOffset) {
        SinkBatch batch = new SinkBatch();
        for (int offset = from; offset < to; offset++) {
            batch.addProgress(at(HISTORY, offset), progress.get(offset));
        }
        batch.advance(HISTORY, 0, previousOffset, to);
        return batch;
    }

    private long countyRows(int from, int to) {
        return progress.subList(from, to).stream()
                .mapToLong(p -> p.getByCounty().size())
                .sum();
    }

    private static SinkBatch.Coordinates at(String topic, long offset) {
        return new SinkBatch.Coordinates(topic, 0, offset, Instant.parse("2025-06-01T00:00:00Z"));
    }

    private long count(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
