package city.ordos.plan.app;

import city.ordos.plan.alerts.topology.AlertTopology;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.progress.topology.ProgressTopology;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.timetravel.topology.TimeTravelTopology;
import city.ordos.plan.topics.OrdosTopics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/**
 * The application's whole topology, a pure function of its settings, serdes, plan clock and
 * metrics: the progress branch, the time-travel branch beside it (docs/timetravel.md), and the alert
 * branch reading the progress history and sharing the progress branch's global goal store. docs/topology.md shows its description; a test pins it.
 */
public final class OrdosTopology {

    private OrdosTopology() {}

    public static Topology build(AppConfig config, AvroSerdes serdes, PlanClock clock, PipelineMetrics metrics) {
        OrdosTopics topics = config.topics();
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.ProgressStreams progress =
                ProgressTopology.addTo(builder, topics, serdes, config.progressSettings(), clock, metrics);
        TimeTravelTopology.addTo(builder, progress, serdes, config.timeTravelSettings());
        AlertTopology.addTo(
                builder, topics, serdes, config.alertConfig(), clock::now, ProgressTopology.GOAL_DEFINITIONS_STORE);
        return builder.build(config.streamsProperties());
    }
}
