package city.ordos.plan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import city.ordos.plan.avro.Statement;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceContributionsTest {

    private static final String GOAL = "ordos-2025/gas";

    @Test
    void aSourcesPeriodsAreSummedAndItsLatestStatementNamed() {
        Statement january = statement("FEED", "W", "2025-01", "10.500000", "DS", day(31), day(40), "e-jan");
        Statement february = statement("FEED", "W", "2025-02", "20.000000", "KBS", day(59), day(35), "e-feb");

        assertThat(SourceContributions.of(List.of(january, february)))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.role()).isEqualTo("FEED");
                    assertThat(c.sourceId()).isEqualTo("W");
                    assertThat(c.value()).isEqualByComparingTo("30.5");
                    assertThat(c.statements()).isEqualTo(2);
                    assertThat(c.unit()).isEqualTo("亿立方米");
                    assertThat(c.county()).as("the latest period's").isEqualTo("KBS");
                    assertThat(c.latestEventId()).isEqualTo("e-feb");
                    assertThat(c.sourceOffset()).isEqualTo(day(59));
                    assertThat(c.latestEventTime())
                            .isEqualTo(Instant.ofEpochMilli(day(59)).toString());
                    assertThat(c.latestReportedAt())
                            .as("the greatest report time, though January's report came later")
                            .isEqualTo(Instant.ofEpochMilli(day(40)).toString());
                });
    }

    @Test
    void eachRoleAndSourceIsItsOwnContributionEvenWhenOneIdExtendsAnother() {
        List<Views.Contribution> contributions = SourceContributions.of(List.of(
                statement("NUMERATOR", "W", null, "1.000000", null, day(1), day(1), "n"),
                statement("DENOMINATOR", "W", null, "4.000000", null, day(1), day(1), "d"),
                statement("NUMERATOR", "W|2", null, "2.000000", null, day(1), day(1), "n2")));

        assertThat(contributions)
                .extracting(
                        Views.Contribution::role,
                        Views.Contribution::sourceId,
                        c -> c.value().toPlainString())
                .containsExactly(
                        tuple("NUMERATOR", "W", "1"), tuple("DENOMINATOR", "W", "4"), tuple("NUMERATOR", "W|2", "2"));
    }

    @Test
    void ofTwoStatementsAboutTheSameTimeTheLaterReportIsTheLatest() {
        Statement first = statement("FEED", "W", "2025-03", "1.000000", "DS", day(90), day(91), "first");
        Statement second = statement("FEED", "W", "2025-03-31", "2.000000", "KBS", day(90), day(92), "second");

        assertThat(SourceContributions.of(List.of(second, first)))
                .singleElement()
                .satisfies(c -> assertThat(c.latestEventId()).isEqualTo("second"));
        assertThat(SourceContributions.of(List.of(first, second)))
                .singleElement()
                .satisfies(c -> assertThat(c.latestEventId()).isEqualTo("second"));
    }

    private static long day(int n) {
        return n * 86_400_000L;
    }

    private static Statement statement(
            String role,
            String source,
            String period,
            String value,
            String county,
            long eventTime,
            long reportedAt,
            String eventId) {
        return Statement.newBuilder()
                .setGoalKey(GOAL)
                .setRole(role)
                .setSourceId(source)
                .setPeriod(period)
                .setValue(new BigDecimal(value))
                .setUnit("亿立方米")
                .setCounty(county)
                .setEventTime(eventTime)
                .setReportedAt(reportedAt)
                .setEventId(eventId)
                .setSourceTopic("ordos.energy-readings")
                .setSourcePartition(0)
                .setSourceOffset(eventTime)
                .build();
    }
}
