package city.ordos.plan.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.producers.imports.CatalogFeeds;
import city.ordos.plan.producers.imports.ImportSink;
import city.ordos.plan.producers.imports.ImportSummary;
import city.ordos.plan.producers.imports.ReportImporter;
import city.ordos.plan.producers.imports.TableLayout;
import city.ordos.plan.progress.topology.ProgressSettings;
import city.ordos.plan.progress.topology.ProgressTopology;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statistics bureau's release table, imported with the production importer, through the
 * production progress topology on the real catalog: the growth and jobs goals read the figures,
 * the later (corrected) GDP release wins, and the app dead-letters none of what the importer let
 * through.
 */
class ImportedReleasesTopologyTest {

    private static final String PLAN = "ordos-2025";

    /** As the bureau's monthly table would come: a first GDP release, then its correction. */
    private static final String RELEASE_TABLE = """
            指标代码,指标名称,统计期,数值,单位,旗区,发布日期
            gdp.growth_yoy,地区生产总值增速,2025年1-9月,5.8,%,全市,2025-10-24
            fixed_asset_investment.growth_yoy,固定资产投资增速,2025年前三季度,-2.3,%,,2025-10-24
            urban_new_jobs.level,城镇新增就业,2025-09,16200,人,,2025年10月20日
            gdp.growth_yoy,地区生产总值增速,2025年1-9月,5.9,%,全市,2025-10-28
            """;

    @Test
    void importedReleasesFeedTheGoalsThatReadThem(@TempDir Path stateDir, @TempDir Path files) throws Exception {
        Path table = Files.writeString(files.resolve("statistics-2025-09.csv"), RELEASE_TABLE, StandardCharsets.UTF_8);
        OrdosTopics topics = OrdosTopics.withPrefix("import-");
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "mock://import-" + UUID.randomUUID()));
        // The production settings (AppConfig's defaults: exactly-once, explicit naming, RocksDB bounds).
        Properties props = AppConfig.of(Map.of(
                        StreamsConfig.APPLICATION_ID_CONFIG,
                        "imported-releases",
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDir.toString()))
                .streamsProperties();
        Instant planNow = Instant.parse("2025-10-29T10:00:00+08:00");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ProgressTopology.build(
                        topics,
                        serdes,
                        ProgressSettings.DEFAULTS.withGoalPartitions(1).withEmitInterval(Duration.ZERO),
                        () -> planNow),
                props,
                Instant.parse("2025-10-29T02:00:00Z"))) {
            TestInputTopic<String, GoalDefinition> goalTopic = driver.createInputTopic(
                    topics.goals().name(),
                    new StringSerializer(),
                    serdes.valueSerde(GoalDefinition.class).serializer());
            for (GoalDefinition g : SimulatedScenariosTopologyTest.goals()) {
                goalTopic.pipeInput(OrdosTopics.goalKey(PLAN, g.getGoalId()), g);
            }
            TestInputTopic<String, byte[]> statistics = driver.createInputTopic(
                    topics.statistics().name(), new StringSerializer(), new ByteArraySerializer());
            ImportSink toTheApp = new ImportSink() {
                @Override
                @SuppressWarnings({"unchecked", "rawtypes"})
                public void publish(String key, SpecificRecord event) {
                    byte[] bytes = ((Serializer)
                                    serdes.valueSerde((Class) event.getClass()).serializer())
                            .serialize(topics.statistics().name(), event);
                    statistics.pipeInput(key, bytes);
                }

                @Override
                public void reject(String key, DeadLetter deadLetter) {}
            };
            TableLayout.Options options = new TableLayout.Options(
                    TableLayout.AUTO, "MUNICIPAL_MAJOR", 2025, CatalogFeeds.of(BuiltInCatalog.parse()));
            ImportSummary summary = new ReportImporter(
                            toTheApp,
                            Clock.fixed(planNow, ZoneOffset.UTC),
                            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .importFile(table, "auto", options);
            assertThat(summary.published()).isEqualTo(4);
            driver.advanceWallClockTime(Duration.ofSeconds(5));

            KeyValueStore<String, GoalProgress> progress = driver.getKeyValueStore(ProgressTopology.PROGRESS_STORE);
            assertThat(progress.get(OrdosTopics.goalKey(PLAN, "gdp-growth")).getActual())
                    .as("the corrected release of 28 October supersedes the one of 24 October")
                    .isEqualByComparingTo("5.9");
            assertThat(progress.get(OrdosTopics.goalKey(PLAN, "fixed-asset-investment-growth"))
                            .getActual())
                    .isEqualByComparingTo("-2.3");
            assertThat(progress.get(OrdosTopics.goalKey(PLAN, "urban-new-jobs")).getActual())
                    .as("16200 人 in the goal's 万人")
                    .isEqualByComparingTo("1.62");
            assertThat(driver.createOutputTopic(
                                    topics.deadLetters().name(),
                                    new StringDeserializer(),
                                    serdes.valueSerde(DeadLetter.class).deserializer())
                            .readValuesToList())
                    .as("nothing the importer accepted is refused by the app")
                    .isEmpty();
        }
    }
}
