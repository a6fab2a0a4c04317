package city.ordos.plan.timetravel.topology;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.OrdosTopology;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.progress.topology.ProgressTopology;
import city.ordos.plan.registry.AvroSerdes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The time-travel branch in the application's topology (pinned as a whole by
 * OrdosTopologyDescriptionTest): its processors and stores under their own names, beside the live
 * path, and gone when switched off.
 */
class TimeTravelTopologyDescriptionTest {

    private static String describe(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("schema.registry.url", "mock://describe-" + UUID.randomUUID());
        AppConfig config = AppConfig.of(settings);
        return OrdosTopology.build(
                        config,
                        new AvroSerdes(config.serdeConfigs()),
                        PlanClock.fixed(Instant.parse("2025-06-30T00:00:00Z")),
                        PipelineMetrics.NONE)
                .describe()
                .toString();
    }

    @Test
    void its_processors_read_what_the_live_path_emits_and_its_stores_are_named() {
        String text = describe(Map.of());
        assertThat(text)
                .contains(
                        "Processor: " + TimeTravelTopology.STATEMENT_HISTORY + " (stores: [",
                        TimeTravelTopology.DAYS_STORE,
                        TimeTravelTopology.FIRST_DAYS_STORE,
                        TimeTravelTopology.DAY_DELTAS_STORE,
                        TimeTravelTopology.RESTATEMENTS_STORE,
                        "Processor: " + TimeTravelTopology.SHOWN_PROGRESS + " (stores: ["
                                + TimeTravelTopology.SHOWN_STORE + "])")
                // Only statements the intake and the sums accepted reach the history (not refused ones).
                .contains("Processor: " + ProgressTopology.ACCEPTED_STATEMENTS + " (stores: [])\n      --> "
                        + TimeTravelTopology.STATEMENT_HISTORY + "\n")
                .contains("--> progress-history-no-tombstones, progress-sink, " + TimeTravelTopology.SHOWN_PROGRESS);
    }

    @Test
    void switched_off_it_leaves_the_application_topology_as_without_it() {
        assertThat(describe(Map.of("ordos.timetravel.enabled", "false"))).doesNotContain("timetravel-");
    }
}
