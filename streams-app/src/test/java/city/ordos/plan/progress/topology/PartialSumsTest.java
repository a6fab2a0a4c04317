package city.ordos.plan.progress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.GoalAggregate;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartialSumsTest {

    private static final String RATIO = "ordos-2025/forest-cover";

    @Test
    void aGoalsTotalAddsItsPartialsRoleByRoleAndCountyByCounty() {
        GoalAggregate p0 = partial(0, "12.500000", null, Map.of("ordos.KBS", "12.500000"), 3, 100L, 150L);
        GoalAggregate p1 = partial(
                1, "7.250000", "4.000000", Map.of("ordos.KBS", "2.000000", "ordos.DS", "5.250000"), 2, 300L, 120L);

        GoalAggregate total = PartialSums.total(RATIO, List.of(p0, p1));

        assertThat(total.getGoalKey()).isEqualTo(RATIO);
        assertThat(total.getInputPartition()).as("a total is no partial").isNull();
        assertThat(total.getNumerator()).isEqualTo(new BigDecimal("19.750000"));
        assertThat(total.getDenominator())
                .as("only one partition has denominator statements")
                .isEqualTo(new BigDecimal("4.000000"));
        assertThat(total.getFeed())
                .as("no partition has feed statements: still no data, not zero")
                .isNull();
        assertThat(total.getByCounty())
                .containsOnly(
                        Map.entry("ordos.KBS", new BigDecimal("14.500000")),
                        Map.entry("ordos.DS", new BigDecimal("5.250000")));
        assertThat(total.getContributions()).isEqualTo(5);
        assertThat(total.getLatestEventTime()).isEqualTo(300L);
        assertThat(total.getLatestReportedAt()).isEqualTo(150L);
    }

    @Test
    void aGoalWithoutPartialsHasNoTotal() {
        assertThat(PartialSums.total(RATIO, List.of())).isNull();
    }

    private static GoalAggregate partial(
            int partition,
            String numerator,
            String denominator,
            Map<String, String> byCounty,
            int contributions,
            long eventTime,
            long reportedAt) {
        Map<String, BigDecimal> counties = new HashMap<>();
        byCounty.forEach((k, v) -> counties.put(k, new BigDecimal(v)));
        return GoalAggregate.newBuilder()
                .setGoalKey(RATIO)
                .setInputPartition(partition)
                .setNumerator(new BigDecimal(numerator))
                .setDenominator(denominator == null ? null : new BigDecimal(denominator))
                .setByCounty(counties)
                .setContributions(contributions)
                .setLatestEventTime(eventTime)
                .setLatestReportedAt(reportedAt)
                .build();
    }
}
