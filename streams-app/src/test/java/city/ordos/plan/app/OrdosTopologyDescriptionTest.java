package city.ordos.plan.app;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.alerts.topology.AlertTopology;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.progress.topology.ProgressTopology;
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
import org.junit.jupiter.api.Test;

/**
 * Pins the shape of the whole production topology (progress and alerts): a renamed node, store or
 * internal topic changes the names the deployed application's state and internal topics live
 * under, so it must be a visible, reviewed change of {@code ordos-topology.txt} (and of
 * docs/topology.md), never an accident.
 */
class OrdosTopologyDescriptionTest {

    private static Topology production() {
        AppConfig config = AppConfig.of(Map.of("schema.registry.url", "mock://describe-" + UUID.randomUUID()));
        return OrdosTopology.build(
                config,
                new AvroSerdes(config.serdeConfigs()),
                PlanClock.fixed(Instant.parse("2025-06-30T00:00:00Z")),
                PipelineMetrics.NONE);
    }

    private String committed() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("ordos-topology.txt")) {
            assertThat(in).as("committed description ordos-topology.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theTopologyMatchesTheCommittedDescription() throws IOException {
        String actual = production().describe().toString();
        Path written = Path.of("target", "ordos-topology.actual.txt");
        Files.createDirectories(written.getParent());
        Files.writeString(written, actual, StandardCharsets.UTF_8);

        assertThat(actual)
                .as(
                        "topology changed; if intended, copy %s over src/test/resources/.../ordos-topology.txt"
                                + " and update docs/topology.md",
                        written.toAbsolutePath())
                .isEqualTo(committed());
    }

    @Test
    void docsTopologyMdShowsTheCommittedDescription() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "topology.md"), StandardCharsets.UTF_8);
        assertThat(doc)
                .as("docs/topology.md must show the current Topology#describe()")
                .contains(committed().strip());
    }

    @Test
    void everyStoreAndInternalTopicHasAnExplicitName() {
        String text = production().describe().toString();
        assertThat(text).doesNotContain("KSTREAM-").doesNotContain("KTABLE-").doesNotContain("STATE-STORE-");
        assertThat(text)
                .contains(
                        ProgressTopology.PROGRESS_STORE,
                        ProgressTopology.INPUT_PARTIALS_STORE,
                        ProgressTopology.GOAL_PARTIALS_STORE,
                        ProgressTopology.STATEMENTS_STORE,
                        ProgressTopology.GOAL_DEFINITIONS_STORE,
                        ProgressTopology.PARTIALS + "-repartition",
                        AlertTopology.PROCESSOR,
                        AlertTopology.STATE_STORE);
    }
}
