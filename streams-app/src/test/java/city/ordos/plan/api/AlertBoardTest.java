package city.ordos.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.AlertState;
import java.time.Instant;
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
    void aRedeliveredUpdateIsIgnored() {
        AlertBoard board = new AlertBoard(10);
        board.add(Samples.alert("fai", AlertState.FIRING, 1, T));
        board.add(Samples.alert("fai", AlertState.FIRING, 1, T));
        assertThat(board.snapshot().recent()).hasSize(1);
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
