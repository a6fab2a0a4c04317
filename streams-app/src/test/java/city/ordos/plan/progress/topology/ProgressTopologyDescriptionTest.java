package city.ordos.plan.progress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.progress.TableUnits;
import city.ordos.plan.registry.AvroSerdes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * Pins the shape of the production topology: a renamed node, store or internal topic changes the
 * names the deployed application's state and internal topics live under, so it must be a visible,
 * reviewed change of {@code progress-topology.txt} (and of docs/topology.md), never an accident.
 */
class ProgressTopologyDescriptionTest {

    @Test
    void the_topology_matches_the_committed_description() throws IOException {
        AppConfig config = AppConfig.of(Map.of("schema.registry.url", "mock://describe-" + UUID.randomUUID()));
        Topology topology = ProgressTopology.build(
                config.topics(),
                new AvroSerdes(config.serdeConfigs()),
                config.progressSettings(),
                PlanClock.fixed(Instant.parse("2025-06-30T00:00:00Z")),
                TableUnits.standard());
        String actual = topology.describe().toString();
        Path written = Path.of("target", "progress-topology.actual.txt");
        Files.createDirectories(written.getParent());
        Files.writeString(written, actual, StandardCharsets.UTF_8);

        String expected;
        try (InputStream in = getClass().getResourceAsStream("progress-topology.txt")) {
            assertThat(in).as("committed description progress-topology.txt").isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual)
                .as(
                        "topology changed; if intended, copy %s over src/test/resources/.../progress-topology.txt"
                                + " and update docs/topology.md",
                        written.toAbsolutePath())
                .isEqualTo(expected);
    }

    @Test
    void docs_topology_md_shows_the_committed_description() throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("progress-topology.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        String doc = Files.readString(Path.of("..", "docs", "topology.md"), StandardCharsets.UTF_8);
        assertThat(doc)
                .as("docs/topology.md must show the current Topology#describe()")
                .contains(expected);
    }

    @Test
    void every_store_and_internal_topic_has_an_explicit_name() {
        AppConfig config = AppConfig.of(Map.of("schema.registry.url", "mock://describe-" + UUID.randomUUID()));
        TopologyDescription d = ProgressTopology.build(
                        config.topics(),
                        new AvroSerdes(config.serdeConfigs()),
                        config.progressSettings(),
                        PlanClock.fixed(Instant.EPOCH),
                        TableUnits.standard())
                .describe();
        String text = d.toString();
        assertThat(text).doesNotContain("KSTREAM-").doesNotContain("KTABLE-").doesNotContain("STATE-STORE-");
        assertThat(text)
                .contains(
                        ProgressTopology.PROGRESS_STORE,
                        ProgressTopology.CONTRIBUTIONS_STORE,
                        ProgressTopology.INPUT_PARTIALS_STORE,
                        ProgressTopology.GOAL_PARTIALS_STORE,
                        ProgressTopology.STATEMENTS_STORE,
                        ProgressTopology.GOAL_DEFINITIONS_STORE,
                        ProgressTopology.PARTIALS + "-repartition");
    }
}
