package city.ordos.plan.timetravel.topology;

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
import org.junit.jupiter.api.Test;

/**
 * Pins the progress topology with the time-travel branch as the application builds it: its
 * processors, stores and their changelogs are named here, so a rename is a reviewed change of
 * {@code timetravel-topology.txt} and docs/topology.md.
 */
class TimeTravelTopologyDescriptionTest {

    private static Topology topology(Map<String, String> settings) {
        AppConfig config = AppConfig.of(settings);
        return TimeTravelTopology.build(
                config.topics(),
                new AvroSerdes(config.serdeConfigs()),
                config.progressSettings(),
                config.timeTravelSettings(),
                PlanClock.fixed(Instant.parse("2025-06-30T00:00:00Z")),
                TableUnits.standard());
    }

    @Test
    void the_topology_with_time_travel_matches_the_committed_description() throws IOException {
        String actual = topology(Map.of("schema.registry.url", "mock://describe-" + UUID.randomUUID()))
                .describe()
                .toString();
        Path written = Path.of("target", "timetravel-topology.actual.txt");
        Files.createDirectories(written.getParent());
        Files.writeString(written, actual, StandardCharsets.UTF_8);
        assertThat(actual)
                .as(
                        "topology changed; if intended, copy %s over src/test/resources/.../timetravel-topology.txt"
                                + " and update docs/topology.md",
                        written.toAbsolutePath())
                .isEqualTo(committed());
        assertThat(actual)
                .contains(
                        TimeTravelTopology.VERSIONS_STORE,
                        TimeTravelTopology.FIRST_DAYS_STORE,
                        TimeTravelTopology.DAY_DELTAS_STORE,
                        TimeTravelTopology.RESTATEMENTS_STORE,
                        TimeTravelTopology.SHOWN_STORE)
                .doesNotContain("KSTREAM-")
                .doesNotContain("STATE-STORE-");
    }

    @Test
    void docs_topology_md_shows_it() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "topology.md"), StandardCharsets.UTF_8);
        assertThat(doc).contains(committed().strip());
    }

    @Test
    void switched_off_it_is_the_progress_topology_alone() {
        String off = topology(Map.of(
                        "schema.registry.url",
                        "mock://describe-" + UUID.randomUUID(),
                        "ordos.timetravel.enabled",
                        "false"))
                .describe()
                .toString();
        assertThat(off).doesNotContain("timetravel-");
    }

    private String committed() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("timetravel-topology.txt")) {
            assertThat(in).as("committed description timetravel-topology.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
