package city.ordos.plan.analytics;

import city.ordos.plan.avro.AuditEvent;
import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.ReportAlert;
import city.ordos.plan.avro.ReportGoal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The analytics database: DuckDB (a file analysts open directly) or PostgreSQL, over JDBC.
 *
 * <p>Every {@link #write(SinkBatch)} is one transaction holding the rows AND the Kafka offsets they
 * were read up to, so after any crash the database is at a batch boundary and the sink resumes
 * from exactly there. Offsets move by compare-and-set, so a second sink on the same database
 * fails instead of writing rows twice. Timestamps are stored as UTC {@code TIMESTAMP}s.
 */
public final class AnalyticsStore implements AutoCloseable {

    /** A column and the JDBC type used to bind nulls. */
    private record Col(String name, String sqlType, int jdbcType) {}

    private static final String DEC = "DECIMAL(38,6)";
    private static final String TS = "TIMESTAMP";
    private static final String TEXT = "VARCHAR";

    private static final List<Col> PROGRESS_COLUMNS = List.of(
            new Col("goal_key", TEXT, Types.VARCHAR),
            new Col("plan_id", TEXT, Types.VARCHAR),
            new Col("goal_id", TEXT, Types.VARCHAR),
            new Col("section", TEXT, Types.VARCHAR),
            new Col("name_zh", TEXT, Types.VARCHAR),
            new Col("name_en", TEXT, Types.VARCHAR),
            new Col("unit", TEXT, Types.VARCHAR),
            new Col("kind", TEXT, Types.VARCHAR),
            new Col("comparator", TEXT, Types.VARCHAR),
            new Col("target", DEC, Types.DECIMAL),
            new Col("actual", DEC, Types.DECIMAL),
            new Col("numerator", DEC, Types.DECIMAL),
            new Col("denominator", DEC, Types.DECIMAL),
            new Col("progress_ratio", "FLOAT8", Types.DOUBLE),
            new Col("expected_by_now", DEC, Types.DECIMAL),
            new Col("projected_year_end", DEC, Types.DECIMAL),
            new Col("status", TEXT, Types.VARCHAR),
            new Col("contributing_sources", "INTEGER", Types.INTEGER),
            new Col("latest_event_time", TS, Types.TIMESTAMP),
            new Col("as_of", TS, Types.TIMESTAMP),
            new Col("computed_at", TS, Types.TIMESTAMP),
            new Col("kafka_partition", "INTEGER", Types.INTEGER),
            new Col("kafka_offset", "BIGINT", Types.BIGINT),
            new Col("record_time", TS, Types.TIMESTAMP));

    private static final List<Col> COUNTY_COLUMNS = List.of(
            new Col("kafka_partition", "INTEGER", Types.INTEGER),
            new Col("kafka_offset", "BIGINT", Types.BIGINT),
            new Col("goal_key", TEXT, Types.VARCHAR),
            new Col("as_of", TS, Types.TIMESTAMP),
            new Col("county", TEXT, Types.VARCHAR),
            new Col("value", DEC, Types.DECIMAL));

    private static final List<Col> ALERT_COLUMNS = List.of(
            new Col("alert_id", TEXT, Types.VARCHAR),
            new Col("state", TEXT, Types.VARCHAR),
            new Col("sequence", "INTEGER", Types.INTEGER),
            new Col("goal_key", TEXT, Types.VARCHAR),
            new Col("plan_id", TEXT, Types.VARCHAR),
            new Col("goal_id", TEXT, Types.VARCHAR),
            new Col("section", TEXT, Types.VARCHAR),
            new Col("department", TEXT, Types.VARCHAR),
            new Col("kind", TEXT, Types.VARCHAR),
            new Col("severity", TEXT, Types.VARCHAR),
            new Col("status_before", TEXT, Types.VARCHAR),
            new Col("status_after", TEXT, Types.VARCHAR),
            new Col("unit", TEXT, Types.VARCHAR),
            new Col("target", DEC, Types.DECIMAL),
            new Col("actual", DEC, Types.DECIMAL),
            new Col("expected", DEC, Types.DECIMAL),
            new Col("projected_year_end", DEC, Types.DECIMAL),
            new Col("fired_at", TS, Types.TIMESTAMP),
            new Col("changed_at", TS, Types.TIMESTAMP),
            new Col("message_zh", TEXT, Types.VARCHAR),
            new Col("message_en", TEXT, Types.VARCHAR),
            new Col("kafka_partition", "INTEGER", Types.INTEGER),
            new Col("kafka_offset", "BIGINT", Types.BIGINT),
            new Col("record_time", TS, Types.TIMESTAMP));

    private static final List<Col> GOAL_COLUMNS = List.of(
            new Col("goal_key", TEXT, Types.VARCHAR),
            new Col("plan_id", TEXT, Types.VARCHAR),
            new Col("goal_id", TEXT, Types.VARCHAR),
            new Col("plan_year", "INTEGER", Types.INTEGER),
            new Col("section", TEXT, Types.VARCHAR),
            new Col("section_title_zh", TEXT, Types.VARCHAR),
            new Col("section_title_en", TEXT, Types.VARCHAR),
            new Col("phrase_zh", TEXT, Types.VARCHAR),
            new Col("name_zh", TEXT, Types.VARCHAR),
            new Col("name_en", TEXT, Types.VARCHAR),
            new Col("unit", TEXT, Types.VARCHAR),
            new Col("comparator", TEXT, Types.VARCHAR),
            new Col("target", DEC, Types.DECIMAL),
            new Col("tolerance", DEC, Types.DECIMAL),
            new Col("kind", TEXT, Types.VARCHAR),
            new Col("baseline_2024", DEC, Types.DECIMAL),
            new Col("department", TEXT, Types.VARCHAR),
            new Col("feed_json", TEXT, Types.VARCHAR),
            new Col("numerator_json", TEXT, Types.VARCHAR),
            new Col("denominator_json", TEXT, Types.VARCHAR),
            new Col("ratio_scale", DEC, Types.DECIMAL),
            new Col("pace", TEXT, Types.VARCHAR),
            new Col("cadence_days", "INTEGER", Types.INTEGER),
            new Col("ambiguous", "BOOLEAN", Types.BOOLEAN),
            new Col("reading_note", TEXT, Types.VARCHAR),
            new Col("at_risk_below", "FLOAT8", Types.DOUBLE),
            new Col("behind_below", "FLOAT8", Types.DOUBLE),
            new Col("alert_for_hours", "INTEGER", Types.INTEGER),
            new Col("alert_keep_firing_hours", "INTEGER", Types.INTEGER),
            new Col("kafka_partition", "INTEGER", Types.INTEGER),
            new Col("kafka_offset", "BIGINT", Types.BIGINT),
            new Col("record_time", TS, Types.TIMESTAMP),
            // Added after the first release: last, where ADD COLUMN puts them in an older file.
            new Col("reading_note_zh", TEXT, Types.VARCHAR),
            new Col("start_level", DEC, Types.DECIMAL));

    /**
     * Columns a later version added to a table that a database file of an earlier version already
     * has: added in place at open, so an analyst's file keeps its rows and gains the new fields
     * (null in the rows written before).
     */
    private static final Map<String, List<Col>> ADDED_COLUMNS =
            Map.of("goals", GOAL_COLUMNS.subList(GOAL_COLUMNS.size() - 2, GOAL_COLUMNS.size()));

    private static final List<Col> AUDIT_COLUMNS = List.of(
            new Col("event_id", TEXT, Types.VARCHAR),
            new Col("occurred_at", TS, Types.TIMESTAMP),
            new Col("actor", TEXT, Types.VARCHAR),
            new Col("actor_role", TEXT, Types.VARCHAR),
            new Col("actor_departments", TEXT, Types.VARCHAR),
            new Col("authenticated_by", TEXT, Types.VARCHAR),
            new Col("client_address", TEXT, Types.VARCHAR),
            new Col("action", TEXT, Types.VARCHAR),
            new Col("target", TEXT, Types.VARCHAR),
            new Col("outcome", TEXT, Types.VARCHAR),
            new Col("detail", TEXT, Types.VARCHAR),
            new Col("before_json", TEXT, Types.VARCHAR),
            new Col("after_json", TEXT, Types.VARCHAR),
            new Col("kafka_partition", "INTEGER", Types.INTEGER),
            new Col("kafka_offset", "BIGINT", Types.BIGINT),
            new Col("record_time", TS, Types.TIMESTAMP));

    private static final List<Col> REPORT_COLUMNS = List.of(
            new Col("report_id", TEXT, Types.VARCHAR),
            new Col("plan_id", TEXT, Types.VARCHAR),
            new Col("kind", TEXT, Types.VARCHAR),
            new Col("as_of_date", "DATE", Types.DATE),
            new Col("previous_report_id", TEXT, Types.VARCHAR),
            new Col("previous_as_of_date", "DATE", Types.DATE),
            new Col("goals", "INTEGER", Types.INTEGER),
            new Col("new_alerts", "INTEGER", Types.INTEGER),
            new Col("recovered_alerts", "INTEGER", Types.INTEGER),
            new Col("kafka_partition", "INTEGER", Types.INTEGER),
            new Col("kafka_offset", "BIGINT", Types.BIGINT),
            new Col("record_time", TS, Types.TIMESTAMP));

    private static final List<Col> REPORT_GOAL_COLUMNS = List.of(
            new Col("report_id", TEXT, Types.VARCHAR),
            new Col("goal_key", TEXT, Types.VARCHAR),
            new Col("section", TEXT, Types.VARCHAR),
            new Col("name_zh", TEXT, Types.VARCHAR),
            new Col("name_en", TEXT, Types.VARCHAR),
            new Col("department", TEXT, Types.VARCHAR),
            new Col("unit", TEXT, Types.VARCHAR),
            new Col("comparator", TEXT, Types.VARCHAR),
            new Col("target", DEC, Types.DECIMAL),
            new Col("actual", DEC, Types.DECIMAL),
            new Col("expected", DEC, Types.DECIMAL),
            new Col("projected_year_end", DEC, Types.DECIMAL),
            new Col("progress_ratio", "FLOAT8", Types.DOUBLE),
            new Col("status", TEXT, Types.VARCHAR),
            new Col("previous_status", TEXT, Types.VARCHAR),
            new Col("previous_actual", DEC, Types.DECIMAL),
            new Col("previous_actual_now", DEC, Types.DECIMAL));

    private static final List<Col> REPORT_ALERT_COLUMNS = List.of(
            new Col("report_id", TEXT, Types.VARCHAR),
            new Col("change", TEXT, Types.VARCHAR),
            new Col("alert_id", TEXT, Types.VARCHAR),
            new Col("goal_key", TEXT, Types.VARCHAR),
            new Col("department", TEXT, Types.VARCHAR),
            new Col("kind", TEXT, Types.VARCHAR),
            new Col("severity", TEXT, Types.VARCHAR),
            new Col("state", TEXT, Types.VARCHAR),
            new Col("fired_at", TS, Types.TIMESTAMP),
            new Col("changed_at", TS, Types.TIMESTAMP),
            new Col("message_zh", TEXT, Types.VARCHAR),
            new Col("message_en", TEXT, Types.VARCHAR));

    /** Well below PostgreSQL's 65535 bind parameters per statement. */
    private static final int MAX_PARAMETERS_PER_STATEMENT = 4_000;

    private final Connection connection;
    private final SqlDialect dialect;

    private AnalyticsStore(Connection connection, SqlDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** Opens (creating if needed) the database at {@code jdbcUrl} and its tables. */
    public static AnalyticsStore open(String jdbcUrl, Properties jdbcProperties) throws SQLException {
        SqlDialect dialect = SqlDialect.fromJdbcUrl(jdbcUrl);
        Connection connection = DriverManager.getConnection(jdbcUrl, jdbcProperties);
        try {
            AnalyticsStore store = new AnalyticsStore(connection, dialect);
            store.createTables();
            connection.setAutoCommit(false);
            return store;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public SqlDialect dialect() {
        return dialect;
    }

    private void createTables() throws SQLException {
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS sink_offsets (topic VARCHAR NOT NULL, kafka_partition INTEGER NOT NULL, "
                            + "next_offset BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL, PRIMARY KEY (topic, kafka_partition))");
            s.execute(createTable("progress_history", PROGRESS_COLUMNS, "kafka_partition, kafka_offset"));
            s.execute(
                    createTable("progress_history_by_county", COUNTY_COLUMNS, "kafka_partition, kafka_offset, county"));
            s.execute(createTable("progress_latest", PROGRESS_COLUMNS, "goal_key"));
            s.execute(createTable("alerts", ALERT_COLUMNS, "alert_id, state, sequence"));
            s.execute(createTable("goals", GOAL_COLUMNS, "goal_key"));
            for (Map.Entry<String, List<Col>> added : ADDED_COLUMNS.entrySet()) {
                for (Col c : added.getValue()) {
                    s.execute("ALTER TABLE " + added.getKey() + " ADD COLUMN IF NOT EXISTS " + c.name() + " "
                            + c.sqlType());
                }
            }
            s.execute(createTable("audit_events", AUDIT_COLUMNS, "event_id"));
            s.execute(createTable("dispatch_reports", REPORT_COLUMNS, "report_id"));
            s.execute(createTable("dispatch_report_goals", REPORT_GOAL_COLUMNS, "report_id, goal_key"));
            s.execute(createTable("dispatch_report_alerts", REPORT_ALERT_COLUMNS, "report_id, change, alert_id"));
            s.execute(
                    "CREATE TABLE IF NOT EXISTS sink_rejects (topic VARCHAR NOT NULL, kafka_partition INTEGER NOT NULL, "
                            + "kafka_offset BIGINT NOT NULL, record_key VARCHAR, record_value " + dialect.binaryType()
                            + ", reason VARCHAR NOT NULL, record_time TIMESTAMP, PRIMARY KEY (topic, kafka_partition, kafka_offset))");
        }
    }

    private static String createTable(String table, List<Col> columns, String primaryKey) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + columns.stream().map(c -> c.name() + " " + c.sqlType()).collect(Collectors.joining(", "))
                + ", PRIMARY KEY (" + primaryKey + "))";
    }

    /** The next offset to read of every partition the database has rows from. */
    public Map<TopicPartition, Long> storedOffsets() throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT topic, kafka_partition, next_offset FROM sink_offsets")) {
            while (rs.next()) {
                offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        connection.commit();
        return offsets;
    }

    /** Writes the batch's rows and offsets in one transaction; on any failure nothing of it is kept. */
    public void write(SinkBatch batch) throws SQLException {
        try {
            // Offsets first: it is also the statement that opens the transaction the DuckDB appender joins.
            advanceOffsets(batch.offsets());
            insertHistory(batch.history());
            upsert(
                    "progress_latest",
                    PROGRESS_COLUMNS,
                    List.of("goal_key"),
                    batch.latest().stream()
                            .map(e -> progressRow(e.source(), e.progress()))
                            .toList());
            insertIgnoringDuplicates(
                    "alerts",
                    ALERT_COLUMNS,
                    "alert_id, state, sequence",
                    batch.alerts().stream()
                            .map(e -> alertRow(e.source(), e.alert()))
                            .toList());
            writeGoals(batch.goals());
            writeReports(batch.reports());
            insertIgnoringDuplicates(
                    "audit_events",
                    AUDIT_COLUMNS,
                    "event_id",
                    batch.audit().stream()
                            .map(e -> auditRow(e.source(), e.event()))
                            .toList());
            insertIgnoringDuplicates(
                    "sink_rejects",
                    List.of(
                            new Col("topic", TEXT, Types.VARCHAR),
                            new Col("kafka_partition", "INTEGER", Types.INTEGER),
                            new Col("kafka_offset", "BIGINT", Types.BIGINT),
                            new Col("record_key", TEXT, Types.VARCHAR),
                            new Col("record_value", dialect.binaryType(), Types.VARBINARY),
                            new Col("reason", TEXT, Types.VARCHAR),
                            new Col("record_time", TS, Types.TIMESTAMP)),
                    "topic, kafka_partition, kafka_offset",
                    batch.rejects().stream()
                            .map(r -> Arrays.<Object>asList(
                                    r.source().topic(),
                                    r.source().partition(),
                                    r.source().offset(),
                                    r.key(),
                                    r.value(),
                                    r.reason(),
                                    r.source().recordTime()))
                            .toList());
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietlyAfter(e);
            throw e;
        }
    }

    private void insertHistory(List<SinkBatch.ProgressEntry> history) throws SQLException {
        List<List<Object>> rows = new ArrayList<>(history.size());
        List<List<Object>> countyRows = new ArrayList<>();
        for (SinkBatch.ProgressEntry e : history) {
            rows.add(progressRow(e.source(), e.progress()));
            Instant asOf = e.progress().getAsOf();
            String goalKey = GoalKeys.of(e.progress());
            e.progress()
                    .getByCounty()
                    .forEach((county, value) -> countyRows.add(
                            Arrays.asList(e.source().partition(), e.source().offset(), goalKey, asOf, county, value)));
        }
        // Plain inserts: the offsets committed with them guarantee a record is never read twice.
        if (dialect == SqlDialect.DUCKDB) {
            append("progress_history", PROGRESS_COLUMNS, rows);
            append("progress_history_by_county", COUNTY_COLUMNS, countyRows);
        } else {
            insertRows("progress_history", PROGRESS_COLUMNS, "", rows);
            insertRows("progress_history_by_county", COUNTY_COLUMNS, "", countyRows);
        }
    }

    private void writeGoals(List<SinkBatch.GoalEntry> goals) throws SQLException {
        List<List<Object>> upserts = new ArrayList<>();
        List<List<Object>> deletes = new ArrayList<>();
        for (SinkBatch.GoalEntry g : goals) {
            if (g.definition().isPresent()) {
                upserts.add(goalRow(g.source(), g.definition().get()));
            } else {
                deletes.add(List.of(g.goalKey()));
            }
        }
        executeBatch("DELETE FROM goals WHERE goal_key = ?", List.of(GOAL_COLUMNS.get(0)), deletes);
        upsert("goals", GOAL_COLUMNS, List.of("goal_key"), upserts);
    }

    /** A report replaces every row it had (a report made again from more data says more or less). */
    private void writeReports(List<SinkBatch.ReportEntry> reports) throws SQLException {
        List<List<Object>> ids = new ArrayList<>();
        List<List<Object>> heads = new ArrayList<>();
        List<List<Object>> goals = new ArrayList<>();
        List<List<Object>> alerts = new ArrayList<>();
        for (SinkBatch.ReportEntry e : reports) {
            ids.add(List.of(e.reportId()));
            if (e.report().isEmpty()) {
                continue;
            }
            DispatchReport r = e.report().get();
            heads.add(Arrays.asList(
                    r.getReportId(),
                    r.getPlanId(),
                    r.getKind(),
                    LocalDate.parse(r.getAsOfDate()),
                    r.getPreviousReportId(),
                    r.getPreviousAsOfDate() == null ? null : LocalDate.parse(r.getPreviousAsOfDate()),
                    r.getGoals().size(),
                    r.getNewAlerts().size(),
                    r.getRecoveredAlerts().size(),
                    e.source().partition(),
                    e.source().offset(),
                    e.source().recordTime()));
            for (ReportGoal g : r.getGoals()) {
                goals.add(Arrays.asList(
                        r.getReportId(),
                        g.getGoalKey(),
                        g.getSection(),
                        g.getNameZh(),
                        g.getNameEn(),
                        g.getDepartment(),
                        g.getUnit(),
                        g.getComparator(),
                        g.getTarget(),
                        g.getActual(),
                        g.getExpected(),
                        g.getProjectedYearEnd(),
                        g.getProgressRatio(),
                        g.getStatus(),
                        g.getPreviousStatus(),
                        g.getPreviousActual(),
                        g.getPreviousActualNow()));
            }
            for (String change : List.of("NEW", "RECOVERED")) {
                for (ReportAlert a : change.equals("NEW") ? r.getNewAlerts() : r.getRecoveredAlerts()) {
                    alerts.add(Arrays.asList(
                            r.getReportId(),
                            change,
                            a.getAlertId(),
                            a.getGoalKey(),
                            a.getDepartment(),
                            a.getKind(),
                            a.getSeverity(),
                            a.getState(),
                            a.getFiredAt(),
                            a.getChangedAt(),
                            a.getMessageZh(),
                            a.getMessageEn()));
                }
            }
        }
        Col id = REPORT_COLUMNS.get(0);
        executeBatch("DELETE FROM dispatch_report_alerts WHERE report_id = ?", List.of(id), ids);
        executeBatch("DELETE FROM dispatch_report_goals WHERE report_id = ?", List.of(id), ids);
        executeBatch("DELETE FROM dispatch_reports WHERE report_id = ?", List.of(id), ids);
        insertRows("dispatch_reports", REPORT_COLUMNS, "", heads);
        insertRows("dispatch_report_goals", REPORT_GOAL_COLUMNS, "", goals);
        insertRows("dispatch_report_alerts", REPORT_ALERT_COLUMNS, "", alerts);
    }

    private void advanceOffsets(List<SinkBatch.OffsetAdvance> advances) throws SQLException {
        LocalDateTime now = utc(Instant.now());
        try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE sink_offsets SET next_offset = ?, updated_at = ? WHERE topic = ? AND kafka_partition = ? "
                                + "AND next_offset = ?");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO sink_offsets (topic, kafka_partition, next_offset, updated_at) VALUES (?, ?, ?, ?)")) {
            for (SinkBatch.OffsetAdvance a : advances) {
                if (a.previous() == null) {
                    insert.setString(1, a.topic());
                    insert.setInt(2, a.partition());
                    insert.setLong(3, a.next());
                    insert.setObject(4, now);
                    insert.executeUpdate();
                } else {
                    update.setLong(1, a.next());
                    update.setObject(2, now);
                    update.setString(3, a.topic());
                    update.setInt(4, a.partition());
                    update.setLong(5, a.previous());
                    if (update.executeUpdate() != 1) {
                        throw new SQLException("Offset of " + a.topic() + "-" + a.partition()
                                + " in the database is no "
                                + "longer " + a.previous() + ": another sink writes to this database; stopping so "
                                + "that no row is written twice");
                    }
                }
            }
        }
    }

    /** Writes the progress history (with a by_county map column) to a Parquet file. DuckDB only. */
    public long exportHistoryToParquet(Path file) throws SQLException {
        if (dialect != SqlDialect.DUCKDB) {
            throw new UnsupportedOperationException("Parquet export uses DuckDB's COPY; the database is " + dialect
                    + ". Export with the database's own tools, or run a second sink into a DuckDB file.");
        }
        String target = file.toAbsolutePath().toString().replace("'", "''");
        try (Statement s = connection.createStatement()) {
            long rows = s.executeUpdate("COPY (SELECT h.*, c.by_county FROM progress_history h "
                    + "LEFT JOIN (SELECT kafka_partition, kafka_offset, "
                    + "map(list(county ORDER BY county), list(value ORDER BY county)) AS by_county "
                    + "FROM progress_history_by_county GROUP BY kafka_partition, kafka_offset) c "
                    + "ON h.kafka_partition = c.kafka_partition AND h.kafka_offset = c.kafka_offset "
                    + "ORDER BY h.as_of, h.goal_key, h.kafka_partition, h.kafka_offset) TO '" + target
                    + "' (FORMAT PARQUET)");
            connection.commit();
            return rows;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietlyAfter(e);
            throw e;
        }
    }

    private void upsert(String table, List<Col> columns, List<String> key, List<List<Object>> rows)
            throws SQLException {
        String updates = columns.stream()
                .map(Col::name)
                .filter(c -> !key.contains(c))
                .map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        insertRows(table, columns, " ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE SET " + updates, rows);
    }

    private void insertIgnoringDuplicates(String table, List<Col> columns, String key, List<List<Object>> rows)
            throws SQLException {
        insertRows(table, columns, " ON CONFLICT (" + key + ") DO NOTHING", rows);
    }

    /**
     * DuckDB's appender writes column vectors directly, an order of magnitude faster than any
     * INSERT. It joins the connection's open transaction (a statement has run in it already), so
     * its rows commit or roll back with the offsets; primary keys are still enforced.
     */
    private void append(String table, List<Col> columns, List<List<Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT 1"); // make sure the transaction is open before the appender flushes
        }
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class).createAppender(table)) {
            for (List<Object> row : rows) {
                appender.beginRow();
                for (int i = 0; i < columns.size(); i++) {
                    appendValue(appender, row.get(i));
                }
                appender.endRow();
            }
        }
    }

    private static void appendValue(DuckDBAppender appender, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else if (value instanceof Instant instant) {
            appender.append(utc(instant));
        } else if (value instanceof BigDecimal decimal) {
            appender.append(decimal.setScale(6, RoundingMode.UNNECESSARY));
        } else if (value instanceof Integer i) {
            appender.append(i.intValue());
        } else if (value instanceof Long l) {
            appender.append(l.longValue());
        } else if (value instanceof Double d) {
            appender.append(d.doubleValue());
        } else if (value instanceof Boolean b) {
            appender.append(b.booleanValue());
        } else if (value instanceof Enum<?> e) {
            appender.append(e.name());
        } else {
            appender.append(value.toString());
        }
    }

    /**
     * Inserts rows many per statement: one multi-row INSERT costs the database about what a
     * single-row one does, so this is what makes a batch fast (DuckDB's JDBC batch is a loop).
     */
    private void insertRows(String table, List<Col> columns, String conflictClause, List<List<Object>> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String head = "INSERT INTO " + table + " ("
                + columns.stream().map(Col::name).collect(Collectors.joining(", ")) + ") VALUES ";
        String tuple = "(" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        int chunk = Math.max(1, MAX_PARAMETERS_PER_STATEMENT / columns.size());
        PreparedStatement full = null;
        try {
            for (int from = 0; from < rows.size(); from += chunk) {
                List<List<Object>> part = rows.subList(from, Math.min(rows.size(), from + chunk));
                boolean reusable = part.size() == chunk;
                if (reusable && full == null) {
                    full = connection.prepareStatement(
                            head + String.join(", ", Collections.nCopies(chunk, tuple)) + conflictClause);
                }
                PreparedStatement ps = reusable
                        ? full
                        : connection.prepareStatement(
                                head + String.join(", ", Collections.nCopies(part.size(), tuple)) + conflictClause);
                try {
                    int index = 1;
                    for (List<Object> row : part) {
                        for (int i = 0; i < columns.size(); i++) {
                            bind(ps, index++, columns.get(i), row.get(i));
                        }
                    }
                    ps.executeUpdate();
                } finally {
                    if (!reusable) {
                        ps.close();
                    }
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
    }

    private void executeBatch(String sql, List<Col> columns, List<List<Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (List<Object> row : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    bind(ps, i + 1, columns.get(i), row.get(i));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, int index, Col col, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, col.jdbcType());
        } else if (value instanceof Instant instant) {
            ps.setObject(index, utc(instant));
        } else if (value instanceof BigDecimal decimal) {
            ps.setBigDecimal(index, decimal);
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(index, bytes);
        } else if (value instanceof Enum<?> e) {
            ps.setString(index, e.name());
        } else if (value instanceof LocalDate d) {
            ps.setObject(index, d);
        } else {
            ps.setObject(index, value);
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static List<Object> progressRow(SinkBatch.Coordinates source, GoalProgress p) {
        return Arrays.asList(
                GoalKeys.of(p),
                p.getPlanId(),
                p.getGoalId(),
                p.getSection(),
                p.getNameZh(),
                p.getNameEn(),
                p.getUnit(),
                p.getKind(),
                p.getComparator(),
                p.getTarget(),
                p.getActual(),
                p.getNumerator(),
                p.getDenominator(),
                p.getProgressRatio(),
                p.getExpectedByNow(),
                p.getProjectedYearEnd(),
                p.getStatus(),
                p.getContributingSources(),
                p.getLatestEventTime(),
                p.getAsOf(),
                p.getComputedAt(),
                source.partition(),
                source.offset(),
                source.recordTime());
    }

    private static List<Object> auditRow(SinkBatch.Coordinates source, AuditEvent e) {
        return Arrays.asList(
                e.getEventId(),
                e.getOccurredAt(),
                e.getActor(),
                e.getActorRole(),
                String.join(",", e.getActorDepartments()),
                e.getAuthenticatedBy(),
                e.getClientAddress(),
                e.getAction(),
                e.getTarget(),
                e.getOutcome(),
                e.getDetail(),
                e.getBefore(),
                e.getAfter(),
                source.partition(),
                source.offset(),
                source.recordTime());
    }

    private static List<Object> alertRow(SinkBatch.Coordinates source, GoalAlert a) {
        return Arrays.asList(
                a.getAlertId(),
                a.getState(),
                a.getSequence(),
                GoalKeys.of(a),
                a.getPlanId(),
                a.getGoalId(),
                a.getSection(),
                a.getDepartment(),
                a.getKind(),
                a.getSeverity(),
                a.getStatusBefore(),
                a.getStatusAfter(),
                a.getUnit(),
                a.getTarget(),
                a.getActual(),
                a.getExpected(),
                a.getProjectedYearEnd(),
                a.getFiredAt(),
                a.getChangedAt(),
                a.getMessageZh(),
                a.getMessageEn(),
                source.partition(),
                source.offset(),
                source.recordTime());
    }

    private static List<Object> goalRow(SinkBatch.Coordinates source, GoalDefinition g) {
        return Arrays.asList(
                GoalKeys.of(g),
                g.getPlanId(),
                g.getGoalId(),
                g.getPlanYear(),
                g.getSection(),
                g.getSectionTitleZh(),
                g.getSectionTitleEn(),
                g.getPhraseZh(),
                g.getNameZh(),
                g.getNameEn(),
                g.getUnit(),
                g.getComparator(),
                g.getTarget(),
                g.getTolerance(),
                g.getKind(),
                g.getBaseline2024(),
                g.getDepartment(),
                json(g.getFeed()),
                json(g.getNumerator()),
                json(g.getDenominator()),
                g.getRatioScale(),
                g.getPace(),
                g.getCadenceDays(),
                g.getAmbiguous(),
                g.getReadingNote(),
                g.getAtRiskBelow(),
                g.getBehindBelow(),
                g.getAlertForHours(),
                g.getAlertKeepFiringHours(),
                source.partition(),
                source.offset(),
                source.recordTime(),
                g.getReadingNoteZh(),
                g.getStartLevel());
    }

    private static String json(Object avroRecord) {
        // Avro's toString of a record is its JSON form; analysts query it with json_extract / ->>.
        return avroRecord == null ? null : avroRecord.toString();
    }

    private void rollbackQuietlyAfter(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
