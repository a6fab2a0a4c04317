package city.ordos.plan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    @Test
    void tableListsEveryFigureInOrderWithItsUnit() {
        ResultTable t = new ResultTable()
                .add("raw_produce", "raw produce", 123456.7, "records/s")
                .add("latency_p99", "p99", 12.3456, "ms");
        String[] lines = t.table().split("\n");
        assertThat(lines[2]).contains("raw produce").contains("123,457").endsWith("records/s");
        assertThat(lines[3]).contains("p99").contains("12.346").endsWith("ms");
    }

    @Test
    void jsonCarriesContextAndFiguresAndMissingValuesAsNull() throws Exception {
        ResultTable t = new ResultTable()
                .context("events", 500)
                .add("pipeline", "pipeline", 42.0, "events/s")
                .add("vm_hwm", "memory", Double.NaN, "MiB");
        JsonNode doc = new ObjectMapper().readTree(t.json());
        assertThat(doc.at("/context/events").asInt()).isEqualTo(500);
        assertThat(doc.at("/figures/pipeline/value").asDouble()).isEqualTo(42.0);
        assertThat(doc.at("/figures/pipeline/unit").asText()).isEqualTo("events/s");
        assertThat(doc.at("/figures/vm_hwm/value").isNull()).isTrue();
        assertThat(t.table()).contains("n/a");
    }
}
