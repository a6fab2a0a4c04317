package city.ordos.plan.reliability;

import city.ordos.plan.reliability.Reconciliation.RecordId;
import city.ordos.plan.reliability.Reconciliation.Statement;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationTest {

    private static final String FAI = "ordos-2025/fai";

    private static RecordId at(long offset) {
        return new RecordId("ordos.investment-reports", 0, offset);
    }

    private static Statement ytd(long offset, String source, String eventDay, String reportDay, String value) {
        return new Statement(at(offset), FAI, source, null, Instant.parse(eventDay + "T00:00:00Z"),
                Instant.parse(reportDay + "T00:00:00Z"), new BigDecimal(value));
    }

    @Test
    void latest_statement_per_source_wins_and_sources_sum() {
        List<Statement> accepted = List.of(
                ytd(0, "P1", "2025-03-31", "2025-04-05", "100"),
                ytd(1, "P2", "2025-03-31", "2025-04-05", "50"),
                ytd(2, "P1", "2025-04-30", "2025-05-05", "180"),
                ytd(3, "P1", "2025-02-28", "2025-05-06", "999"), // older period-end arriving late: ignored
                ytd(4, "P2", "2025-03-31", "2025-04-07", "60")); // same as-of, later report: restatement wins
        var result = Reconciliation.check(List.of(at(0), at(1), at(2), at(3), at(4), at(5)), List.of(at(5)),
                accepted, Map.of(FAI, new BigDecimal("240.000000")));

        assertThat(result.expected()).containsEntry(FAI, new BigDecimal("240"));
        assertThat(result.balanced()).as(result.toString()).isTrue();
    }

    @Test
    void a_record_neither_dead_lettered_nor_used_is_reported() {
        var result = Reconciliation.check(List.of(at(0), at(1)), List.of(),
                List.of(ytd(0, "P1", "2025-03-31", "2025-04-05", "10")), Map.of(FAI, BigDecimal.TEN));

        assertThat(result.balanced()).isFalse();
        assertThat(result.unaccounted()).containsExactly(at(1));
    }

    @Test
    void a_dead_letter_for_a_record_never_read_is_reported() {
        var result = Reconciliation.check(List.of(at(0)), List.of(at(0), at(7)), List.of(), Map.of());

        assertThat(result.phantomDeadLetters()).containsExactly(at(7));
        assertThat(result.balanced()).isFalse();
    }

    @Test
    void a_figure_counting_a_statement_twice_does_not_balance() {
        var result = Reconciliation.check(List.of(at(0), at(1)), List.of(),
                List.of(ytd(0, "P1", "2025-03-31", "2025-04-05", "10"), ytd(1, "P1", "2025-03-31", "2025-04-05", "10")),
                Map.of(FAI, new BigDecimal("20")));

        assertThat(result.figureMismatches()).containsKey(FAI);
        assertThat(result.balanced()).isFalse();
    }

    @Test
    void flows_keep_one_statement_per_period() {
        Statement jan = new Statement(at(0), FAI, "S1", "2025-01", Instant.parse("2025-01-31T00:00:00Z"),
                Instant.parse("2025-02-02T00:00:00Z"), new BigDecimal("5"));
        Statement feb = new Statement(at(1), FAI, "S1", "2025-02", Instant.parse("2025-02-28T00:00:00Z"),
                Instant.parse("2025-03-02T00:00:00Z"), new BigDecimal("7"));

        assertThat(Reconciliation.recompute(List.of(jan, feb))).containsEntry(FAI, new BigDecimal("12"));
    }
}
