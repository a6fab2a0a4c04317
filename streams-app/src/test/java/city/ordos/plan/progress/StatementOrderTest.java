package city.ordos.plan.progress;

import static city.ordos.plan.progress.StatementOrder.Verdict.DUPLICATE;
import static city.ordos.plan.progress.StatementOrder.Verdict.OLDER;
import static city.ordos.plan.progress.StatementOrder.Verdict.SUPERSEDES;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class StatementOrderTest {

    private static StatementOrder.Version v(long eventTime, long reportedAt, String value) {
        return new StatementOrder.Version(eventTime, reportedAt, new BigDecimal(value), null);
    }

    @Test
    void theFirstStatementStands() {
        assertThat(StatementOrder.compare(null, v(10, 11, "5"))).isEqualTo(SUPERSEDES);
    }

    @Test
    void aLaterAsOfSupersedesWhetherLargerOrSmaller() {
        assertThat(StatementOrder.compare(v(10, 11, "5"), v(20, 21, "7"))).isEqualTo(SUPERSEDES);
        assertThat(StatementOrder.compare(v(10, 11, "5"), v(20, 21, "3"))).isEqualTo(SUPERSEDES);
    }

    @Test
    void anEarlierAsOfIsOlderEvenWhenReportedLater() {
        assertThat(StatementOrder.compare(v(20, 21, "5"), v(10, 99, "9"))).isEqualTo(OLDER);
    }

    @Test
    void sameAsOfIsDecidedByReportTimeThenArrival() {
        assertThat(StatementOrder.compare(v(20, 21, "5"), v(20, 30, "4"))).isEqualTo(SUPERSEDES);
        assertThat(StatementOrder.compare(v(20, 30, "5"), v(20, 21, "4"))).isEqualTo(OLDER);
        assertThat(StatementOrder.compare(v(20, 30, "5"), v(20, 30, "4"))).isEqualTo(SUPERSEDES);
    }

    @Test
    void theSameStatementAgainIsADuplicateWhateverTheScale() {
        assertThat(StatementOrder.compare(v(20, 30, "5"), v(20, 30, "5.000000")))
                .isEqualTo(DUPLICATE);
    }
}
