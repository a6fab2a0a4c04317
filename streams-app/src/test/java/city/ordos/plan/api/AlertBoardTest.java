package city.ordos.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertBoardTest {

    private static final Instant T = Instant.parse("2025-07-08T00:00:00Z");

    @Test
    void anEpisodeIsActiveUntilResolvedAndEveryUpdateIsRecent() {
        AlertBoard board = new AlertBoard(10);
        board.add(Samples.alert("fai", AlertState.FIRING, 1, T));
        board.add(Samples.alert("fai", AlertState.ESCALATED, 2, T.plusSeconds(60)));
        assertThat(board.snapshot().active())
                .extracting(Views.AlertView::sequence)
                .containsExactly(2);
        board.add(Samples.alert("fai", AlertState.RESOLVED, 3, T.plusSeconds(120)));
        assertThat(board.snapshot().active()).isEmpty();
        assertThat(board.snapshot().recent())
                .extracting(Views.AlertView::sequence)
                .containsExactly(3, 2, 1);
    }

    @Test
    void aTargetMetNoticeIsNeverActiveNorOpenAtAnyMoment() {
        // The figure met the target, then a correction put the goal well behind: the notice (never
        // resolved by the engine) must not stand beside the falling-behind alert as if still true.
        GoalAlert met = Samples.alert("nre", AlertState.FIRING, 1, T);
        met.setAlertId("ordos-2025/nre/achieved/1");
        met.setKind(AlertKind.ACHIEVED);
        met.setSeverity(Severity.INFO);
        GoalAlert behind = Samples.alert("nre", AlertState.FIRING, 1, T.plusSeconds(60));
        AlertBoard board = new AlertBoard(10);
        AlertLog log = new AlertLog(10);
        for (GoalAlert a : List.of(met, behind)) {
            board.add(a);
            log.add(a);
        }

        assertThat(board.snapshot().active())
                .extracting(Views.AlertView::alertId)
                .containsExactly(behind.getAlertId());
        assertThat(board.active(met.getAlertId())).as("nothing to acknowledge").isEmpty();
        assertThat(board.snapshot().recent())
                .extracting(Views.AlertView::kind)
                .containsExactly("FALLING_BEHIND", "ACHIEVED");
        assertThat(log.at(T.plusSeconds(60), true)).containsExactly(behind);
        assertThat(log.at(T, true)).isEmpty();
        assertThat(log.at(T.plusSeconds(60), false)).containsExactlyInAnyOrder(met, behind);
    }

    @Test
    void aRedeliveredUpdateIsIgnored() {
        AlertBoard board = new AlertBoard(10);
        board.add(Samples.alert("fai", AlertState.FIRING, 1, T));
        board.add(Samples.alert("fai", AlertState.FIRING, 1, T));
        assertThat(board.snapshot().recent()).hasSize(1);
        // also once the episode is no longer open
        board.add(Samples.alert("fai", AlertState.RESOLVED, 2, T.plusSeconds(60)));
        board.add(Samples.alert("fai", AlertState.RESOLVED, 2, T.plusSeconds(60)));
        assertThat(board.snapshot().recent())
                .extracting(Views.AlertView::sequence)
                .containsExactly(2, 1);
    }

    @Test
    void recentIsBounded() {
        AlertBoard board = new AlertBoard(2);
        for (int i = 1; i <= 4; i++) {
            board.add(Samples.alert("g" + i, AlertState.FIRING, 1, T.plusSeconds(i)));
        }
        assertThat(board.snapshot().recent())
                .extracting(Views.AlertView::goalId)
                .containsExactly("g4", "g3");
    }
}
