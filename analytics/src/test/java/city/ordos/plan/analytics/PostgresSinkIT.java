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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.topics.OrdosTopics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink into PostgreSQL, on a throwaway server started from the machine's PostgreSQL
 * binaries. Skipped (with the reason in the report) where PostgreSQL is not installed;
 * .ci/run installs Debian's postgresql package.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PostgresSinkIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        Optional<Path> bin = PostgresServer.findBinaries();
        Assumptions.assumeTrue(
                bin.isPresent(),
                "PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql); "
                        + "skipping the PostgreSQL sink test");
        postgres = PostgresServer.start(bin.get());
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aYearLandsInPostgresExactlyOnceAcrossARestart() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        SimulatedYear year = new SimulatedYear(12, 99);
        List<GoalDefinition> definitions = year.definitions();
        List<GoalProgress> history = year.progress(0, 365);
        List<GoalAlert> alerts = year.alerts();
        try (Producer producer = new Producer(kafka, topics)) {
            producer.inTransaction(p -> definitions.forEach(p::goal));
            for (int from = 0; from < history.size(); from += 1_000) {
                List<GoalProgress> chunk = history.subList(from, Math.min(history.size(), from + 1_000));
                producer.inTransaction(p -> chunk.forEach(p::progress));
            }
            producer.inTransaction(p -> alerts.forEach(p::alert));
        }
        String jdbcUrl = postgres.createDatabase("ordos_analytics_it");

        AtomicInteger batches = new AtomicInteger();
        AnalyticsSink[] first = new AnalyticsSink[1];
        first[0] = new AnalyticsSink(settings(kafka, topics, jdbcUrl, 500), (records, offsets) -> {
            if (batches.incrementAndGet() == 2) {
                first[0].stop();
            }
        });
        try (AnalyticsSink sink = first[0]) {
            sink.run();
        }
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            assertThat(count(db, "progress_history")).isPositive().isLessThan(history.size());
        }
        try (AnalyticsSink sink = new AnalyticsSink(settings(kafka, topics, jdbcUrl, 500))) {
            sink.runUntilCaughtUp();
        }

        List<Consumed<GoalProgress>> inTopic =
                consumeAll(kafka, topics.progressHistory().name(), GoalProgress.class, history.size());
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            assertThat(count(db, "progress_history")).isEqualTo(history.size());
            assertThat(historyChecksum(db)).isEqualTo(checksum(inTopic));
            assertThat(countyTotals(db)).isEqualTo(countyTotals(inTopic));
            assertThat(latest(db)).isEqualTo(lastPerGoal(inTopic));
            assertThat(count(db, "alerts")).isEqualTo(alerts.size());
            assertThat(count(db, "goals")).isEqualTo(definitions.size());
            for (String query : documentedQueries()) {
                long rows = scalar(db, "SELECT count(*) FROM (" + query + ") q");
                // The fixture's year publishes no dispatch reports: those queries must run on the
                // sink's tables (AnalyticsStoreTest checks the report rows themselves).
                if (!query.contains("dispatch_report")) {
                    assertThat(rows).as(query).isPositive();
                }
            }
        }
        try (AnalyticsStore store = AnalyticsStore.open(jdbcUrl, new Properties())) {
            assertThatThrownBy(() -> store.exportHistoryToParquet(Path.of("unused.parquet")))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("DuckDB");
        }
    }
}
