package city.ordos.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryBufferTest {

    private static GoalProgress at(String instant, String actual) {
        return Samples.progress(
                "fai", "3", "固定资产投资", actual, "100", GoalStatus.ON_TRACK, Instant.parse(instant), Map.of());
    }

    @Test
    void keepsTheLatestFigureOfEachPlanDayInShanghaiTime() {
        HistoryBuffer buffer = new HistoryBuffer(10);
        buffer.add(at("2025-03-01T01:00:00Z", "10"));
        buffer.add(at("2025-03-01T15:00:00Z", "12")); // 23:00 in Shanghai: same plan day
        buffer.add(at("2025-03-01T16:30:00Z", "13")); // 00:30 on 2 March in Shanghai
        assertThat(buffer.history("ordos-2025/fai"))
                .extracting(p -> p.actual().toPlainString())
                .containsExactly("12", "13");
    }

    @Test
    void anOlderFigureArrivingLateDoesNotReplaceANewerOne() {
        HistoryBuffer buffer = new HistoryBuffer(10);
        buffer.add(at("2025-03-01T08:00:00Z", "12"));
        buffer.add(at("2025-03-01T02:00:00Z", "10"));
        assertThat(buffer.history("ordos-2025/fai"))
                .extracting(p -> p.actual().toPlainString())
                .containsExactly("12");
    }

    @Test
    void dropsTheOldestDaysBeyondItsBound() {
        HistoryBuffer buffer = new HistoryBuffer(3);
        for (int day = 1; day <= 5; day++) {
            buffer.add(at("2025-04-0" + day + "T04:00:00Z", Integer.toString(day)));
        }
        assertThat(buffer.history("ordos-2025/fai"))
                .extracting(p -> p.actual().toPlainString())
                .containsExactly("3", "4", "5");
        assertThat(buffer.history("ordos-2025/unknown")).isEmpty();
    }
}
