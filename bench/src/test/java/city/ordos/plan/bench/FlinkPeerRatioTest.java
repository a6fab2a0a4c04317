package city.ordos.plan.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FlinkPeerRatioTest {

    @Test
    void theRatioWaitsForBothThroughputsWhicheverPipelineRanFirst() {
        ResultTable results = new ResultTable();
        results.add("flink_pipeline", "peer", 80_000, "events/s");

        FlinkPeer.addRatio(results); // --peer-first: the app has not run yet
        assertThat(results.has("ratio_pipeline_flink")).isFalse();

        results.add("pipeline", "app", 60_000, "events/s");
        FlinkPeer.addRatio(results);
        FlinkPeer.addRatio(results); // a second call adds no second row

        assertThat(results.value("ratio_pipeline_flink")).isCloseTo(0.75, within(1e-12));
        assertThat(results.table().split("ratio pipeline / Flink", -1)).hasSize(2);
    }
}
