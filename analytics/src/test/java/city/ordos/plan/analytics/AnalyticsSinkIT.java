package city.ordos.plan.analytics;

import static city.ordos.plan.analytics.SinkFixtures.Consumed;
import static city.ordos.plan.analytics.SinkFixtures.Producer;
import static city.ordos.plan.analytics.SinkFixtures.checksum;
import static city.ordos.plan.analytics.SinkFixtures.consumeAll;
import static city.ordos.plan.analytics.SinkFixtures.count;
import static city.ordos.plan.analytics.SinkFixtures.countyTotals;
import static city.ordos.plan.analytics.SinkFixtures.documentedQueries;
import static city.ordos.plan.analytics.SinkFixtures.historyChecksum;
import static city.ordos.plan.analytics.SinkFixtures.lastPerGoal;
import static city.ordos.plan.analytics.SinkFixtures.latest;
import static city.ordos.plan.analytics.SinkFixtures.scalar;
import static city.ordos.plan.analytics.SinkFixtures.settings;
import static city.ordos.plan.analytics.SinkFixtures.storedNextOffsets;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.topics.OrdosTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The sink on the embedded broker and registry, into a real DuckDB file: a simulated plan year
 * arrives exactly once, also across a restart mid-stream, and exports to Parquet.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AnalyticsSinkIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final int GOALS = 24;

    @TempDir
    Path dir;

    @Test
    void aSimulatedYearLandsInDuckDbExactlyOnceAndExportsToParquet() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        SimulatedYear year = new SimulatedYear(GOALS, 2025);
        List<GoalDefinition> definitions = year.definitions();
        List<GoalProgress> history = year.progress(0, 365);
        List<GoalAlert> alerts = year.alerts();
        try (Producer producer = new Producer(kafka, topics)) {
            producer.inTransaction(p -> {
                definitions.forEach(p::goal);
                p.goalTombstone(GoalKeys.of(definitions.get(definitions.size() - 1)));
            });
            // An aborted transaction: read_committed means none of it may reach the database.
            producer.aborted(p -> year.progress(0, 3).forEach(p::progress));
            for (int from = 0; from < history.size(); from += 1_000) {
                List<GoalProgress> chunk = history.subList(from, Math.min(history.size(), from + 1_000));
                producer.inTransaction(p -> chunk.forEach(p::progress));
            }
            producer.inTransaction(p -> alerts.forEach(p::alert));
        }
        String jdbcUrl = "jdbc:duckdb:" + dir.resolve("analytics.duckdb");

        try (AnalyticsSink sink = new AnalyticsSink(settings(kafka, topics, jdbcUrl, 2_000))) {
            sink.runUntilCaughtUp();
        }

        List<Consumed<GoalProgress>> inTopic =
                consumeAll(kafka, topics.progressHistory().name(), GoalProgress.class, history.size());
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            assertThat(count(db, "progress_history")).isEqualTo(inTopic.size()).isEqualTo(history.size());
            assertThat(historyChecksum(db)).isEqualTo(checksum(inTopic));
            assertThat(countyTotals(db)).isEqualTo(countyTotals(inTopic));
            assertThat(latest(db)).isEqualTo(lastPerGoal(inTopic));
            assertThat(count(db, "alerts")).isEqualTo(alerts.size());
            assertThat(count(db, "goals")).isEqualTo(definitions.size() - 1); // one removed by its tombstone
            assertThat(count(db, "sink_rejects")).isZero();
            for (String query : documentedQueries()) {
                long rows = scalar(db, "SELECT count(*) FROM (" + query + ") q");
                // The fixture's year publishes no dispatch reports: those queries must run on the
                // sink's tables (AnalyticsStoreTest checks the report rows themselves).
                if (!query.contains("dispatch_report")) {
                    assertThat(rows).as(query).isPositive();
                }
            }
        }

        Path parquet = dir.resolve("history.parquet");
        try (AnalyticsStore store = AnalyticsStore.open(jdbcUrl, new Properties())) {
            assertThat(store.exportHistoryToParquet(parquet)).isEqualTo(history.size());
        }
        try (Connection memory = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = memory.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT goal_key), "
                        + "sum(cardinality(by_county)) FROM read_parquet('" + parquet + "')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(history.size());
            assertThat(rs.getLong(2)).isEqualTo(GOALS);
            assertThat(rs.getLong(3))
                    .isEqualTo(history.stream()
                            .mapToLong(p -> p.getByCounty().size())
                            .sum());
        }
    }

    @Test
    void aRestartMidStreamNeitherLosesNorDuplicatesARow() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        SimulatedYear year = new SimulatedYear(GOALS, 7);
        List<GoalProgress> firstHalf = year.progress(0, 180);
        List<GoalProgress> secondHalf = year.progress(180, 365);
        try (Producer producer = new Producer(kafka, topics)) {
            for (int from = 0; from < firstHalf.size(); from += 500) {
                List<GoalProgress> chunk = firstHalf.subList(from, Math.min(firstHalf.size(), from + 500));
                producer.inTransaction(p -> chunk.forEach(p::progress));
            }
        }
        String jdbcUrl = "jdbc:duckdb:" + dir.resolve("restart.duckdb");

        // First run: stopped by its own listener after three committed batches, far from the end.
        AtomicInteger batches = new AtomicInteger();
        AnalyticsSink[] first = new AnalyticsSink[1];
        first[0] = new AnalyticsSink(settings(kafka, topics, jdbcUrl, 300), (records, offsets) -> {
            if (batches.incrementAndGet() == 3) {
                first[0].stop();
            }
        });
        try (AnalyticsSink sink = first[0]) {
            sink.run();
        }
        long afterFirstRun;
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            afterFirstRun = count(db, "progress_history");
            assertThat(afterFirstRun).isPositive().isLessThan(firstHalf.size());
            // The database is at a batch boundary: its rows are exactly the records below its stored offsets.
            Map<Integer, Long> next =
                    storedNextOffsets(db, topics.progressHistory().name());
            List<Consumed<GoalProgress>> belowStored =
                    consumeAll(kafka, topics.progressHistory().name(), GoalProgress.class, firstHalf.size()).stream()
                            .filter(c -> c.offset() < next.getOrDefault(c.partition(), 0L))
                            .toList();
            assertThat(historyChecksum(db)).isEqualTo(checksum(belowStored));
        }

        // More history arrives while the sink is down, from a producer with another transactional id.
        try (Producer producer = new Producer(kafka, topics)) {
            for (int from = 0; from < secondHalf.size(); from += 500) {
                List<GoalProgress> chunk = secondHalf.subList(from, Math.min(secondHalf.size(), from + 500));
                producer.inTransaction(p -> chunk.forEach(p::progress));
            }
        }

        try (AnalyticsSink sink = new AnalyticsSink(settings(kafka, topics, jdbcUrl, 300))) {
            sink.runUntilCaughtUp();
        }

        int total = firstHalf.size() + secondHalf.size();
        List<Consumed<GoalProgress>> inTopic =
                consumeAll(kafka, topics.progressHistory().name(), GoalProgress.class, total);
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            assertThat(count(db, "progress_history")).isEqualTo(total);
            assertThat(scalar(db, "SELECT count(*) FROM (SELECT DISTINCT goal_key, as_of FROM progress_history)"))
                    .isEqualTo(total);
            assertThat(historyChecksum(db)).isEqualTo(checksum(inTopic));
            assertThat(latest(db)).isEqualTo(lastPerGoal(inTopic));
        }
    }

    @Test
    void theCliCatchesUpAndExportsParquet() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        SimulatedYear year = new SimulatedYear(6, 3);
        List<GoalProgress> history = year.progress(0, 30);
        try (Producer producer = new Producer(kafka, topics)) {
            producer.inTransaction(p -> {
                year.definitions().forEach(p::goal);
                history.subList(0, 10).forEach(p::progress);
                // Not registry-framed Avro: kept in sink_rejects, and the records after it still arrive.
                p.raw(
                        topics.progressHistory().name(),
                        "ordos-2025/goal-1",
                        "not avro".getBytes(StandardCharsets.UTF_8));
                history.subList(10, history.size()).forEach(p::progress);
            });
        }
        Path db = dir.resolve("cli.duckdb");
        Path parquet = dir.resolve("cli.parquet");

        int run = new CommandLine(new AnalyticsSinkCli())
                .execute(
                        "run",
                        "--until-caught-up",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--schema-registry-url",
                        kafka.schemaRegistryUrl(),
                        "--topic-prefix",
                        topics.prefix(),
                        "--jdbc-url",
                        "jdbc:duckdb:" + db,
                        "--batch-records",
                        "50");
        int export = new CommandLine(new AnalyticsSinkCli())
                .execute("export-parquet", "--jdbc-url", "jdbc:duckdb:" + db, "--to", parquet.toString());

        assertThat(run).isZero();
        assertThat(export).isZero();
        try (Connection memory = DriverManager.getConnection("jdbc:duckdb:")) {
            assertThat(scalar(memory, "SELECT count(*) FROM read_parquet('" + parquet + "')"))
                    .isEqualTo(history.size());
        }
        try (Connection file = DriverManager.getConnection("jdbc:duckdb:" + db)) {
            assertThat(count(file, "goals")).isEqualTo(6);
            assertThat(count(file, "progress_history")).isEqualTo(history.size());
            assertThat(scalar(
                            file,
                            "SELECT count(*) FROM sink_rejects WHERE record_key = 'ordos-2025/goal-1' "
                                    + "AND reason LIKE '%SerializationException%' AND octet_length(record_value) = 8"))
                    .isEqualTo(1);
        }
    }
}
