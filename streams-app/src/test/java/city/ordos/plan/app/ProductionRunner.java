package city.ordos.plan.app;

import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.registry.AvroSerdes;
import java.time.Clock;

/** The production topology under a {@link StreamsRunner}, as {@link OrdosInstance} builds it, without the API. */
public final class ProductionRunner {

    private ProductionRunner() {}

    /** Serdes from the settings, the plan clock they name over the system clock, no metrics. */
    public static StreamsRunner of(AppConfig config) {
        return new StreamsRunner(
                config,
                OrdosTopology.build(
                        config,
                        new AvroSerdes(config.serdeConfigs()),
                        config.newClock(Clock.systemUTC()),
                        PipelineMetrics.NONE));
    }
}
