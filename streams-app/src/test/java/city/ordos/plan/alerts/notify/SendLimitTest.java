package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendLimitTest {

    private static final Instant T0 = Instant.parse("2025-07-14T02:00:00Z");
    private static final List<SendLimit.Window> DINGTALK = List.of(new SendLimit.Window(20, Duration.ofMinutes(1)));

    @Test
    void twentyAMinuteGoAtOnceAndTheNextWaitsForTheFirstToLeaveTheWindowWithItsMargin() {
        SendLimit limit = new SendLimit(DINGTALK);
        for (int i = 0; i < 20; i++) {
            assertThat(limit.nextSlot(T0.plusSeconds(i))).isEqualTo(T0.plusSeconds(i));
            limit.record(T0.plusSeconds(i));
        }
        // 60 s after the first send, plus 3 s margin for the robot's own clock.
        assertThat(limit.nextSlot(T0.plusSeconds(20))).isEqualTo(T0.plusSeconds(63));
    }

    @Test
    void aRestartedDispatcherKeepsTheSendsOfTheLastWindowFromTheCommittedLog() {
        SendLimit before = new SendLimit(DINGTALK);
        for (int i = 0; i < 20; i++) {
            before.record(T0.plusSeconds(i));
        }
        SendLimit after = new SendLimit(DINGTALK);
        after.restore(before.log());

        assertThat(after.nextSlot(T0.plusSeconds(20))).isEqualTo(T0.plusSeconds(63));
    }

    @Test
    void anOffsetCommittedWithoutALogRestoresNothingAndAGarbledOneSaysSo() {
        SendLimit limit = new SendLimit(DINGTALK);
        limit.restore("");
        limit.restore(null);
        limit.restore(new SendLimit(DINGTALK).log());
        assertThat(limit.nextSlot(T0)).isEqualTo(T0);

        assertThatThrownBy(() -> limit.restore("sent:12,x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("send log");
    }
}
