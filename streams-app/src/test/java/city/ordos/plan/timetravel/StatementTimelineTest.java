package city.ordos.plan.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Statement;
import city.ordos.plan.avro.StatementVersion;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StatementTimelineTest {

    /** The versions by day, kept as the topology keeps them: the outcome's next version for its day. */
    private final TreeMap<Integer, StatementVersion> versions = new TreeMap<>();

    private final StatementTimeline.Days days = new StatementTimeline.Days() {
        @Override
        public StatementVersion on(int day) {
            return versions.get(day);
        }

        @Override
        public StatementTimeline.Standing before(int day) {
            Map.Entry<Integer, StatementVersion> e = versions.lowerEntry(day);
            return e == null ? null : StatementTimeline.standing(e.getValue());
        }

        @Override
        public Integer after(int day) {
            return versions.higherKey(day);
        }
    };

    private int ids;

    @Test
    void statements_in_order_each_stand_from_their_own_day_onwards() {
        StatementTimeline.Outcome may = apply(ytd("2025-05-31", "2025-06-03", "100", "WUSHEN"));
        StatementTimeline.Outcome june = apply(ytd("2025-06-30", "2025-07-03", "180", "WUSHEN"));

        assertThat(may.step()).isEqualTo(new StatementTimeline.Step(day("2025-05-31"), null, null, standing("100")));
        assertThat(june.step())
                .isEqualTo(new StatementTimeline.Step(day("2025-06-30"), null, standing("100"), standing("180")));
        assertThat(june.restated()).isFalse();
        assertThat(versions.keySet()).containsExactly(day("2025-05-31"), day("2025-06-30"));
        assertThat(standingOn(day("2025-06-29")).getValue()).isEqualByComparingTo("100");
        assertThat(standingOn(day("2025-05-30"))).isNull();
    }

    @Test
    void a_restatement_of_june_after_july_changes_june_until_july_only() {
        apply(ytd("2025-06-30", "2025-07-03", "300", "WUSHEN"));
        apply(ytd("2025-07-31", "2025-08-03", "350", "WUSHEN"));
        StatementTimeline.Outcome restated = apply(ytd("2025-06-30", "2025-08-10", "240", "WUSHEN"));

        assertThat(restated.restated()).isTrue();
        assertThat(restated.replaced().getValue()).isEqualByComparingTo("300");
        assertThat(restated.step())
                .isEqualTo(new StatementTimeline.Step(
                        day("2025-06-30"), day("2025-07-31"), standing("300"), standing("240")));
        assertThat(standingOn(day("2025-07-15")).getRestatements()).isEqualTo(1);
    }

    @Test
    void a_late_statement_about_may_fills_may_and_leaves_june_alone() {
        apply(ytd("2025-04-30", "2025-05-03", "60", null));
        apply(ytd("2025-06-30", "2025-07-03", "180", null));
        StatementTimeline.Outcome may = apply(ytd("2025-05-31", "2025-08-20", "110", null));

        assertThat(may.step())
                .isEqualTo(new StatementTimeline.Step(
                        day("2025-05-31"), day("2025-06-30"), standing("60", null), standing("110", null)));
        assertThat(may.restated()).isFalse();
    }

    @Test
    void duplicates_and_older_reports_of_the_same_day_change_nothing() {
        Statement first = ytd("2025-06-30", "2025-07-03", "300", "WUSHEN");
        apply(first);
        Statement again = Statement.newBuilder(first).setEventId("again").build();

        assertThat(apply(again).changed()).isFalse();
        assertThat(apply(ytd("2025-06-30", "2025-07-01", "999", "WUSHEN")).changed())
                .as("reported before the standing one")
                .isFalse();
        assertThat(versions).hasSize(1);
        assertThat(versions.firstEntry().getValue().getValue()).isEqualByComparingTo("300");
    }

    @Test
    void a_later_report_of_the_same_value_stands_without_changing_a_figure() {
        apply(ytd("2025-06-30", "2025-07-03", "300", "WUSHEN"));
        StatementTimeline.Outcome same = apply(ytd("2025-06-30", "2025-07-09", "300.000000", "WUSHEN"));

        assertThat(same.changed()).isTrue();
        assertThat(same.step()).isNull();
        assertThat(versions.firstEntry().getValue().getReportedAt()).isEqualTo(millis("2025-07-09"));
    }

    @Test
    void a_county_change_moves_the_value_between_counties() {
        apply(ytd("2025-06-30", "2025-07-03", "300", "WUSHEN"));
        StatementTimeline.Outcome moved = apply(ytd("2025-06-30", "2025-07-09", "300", "HANGJIN"));

        assertThat(moved.step())
                .isEqualTo(new StatementTimeline.Step(
                        day("2025-06-30"), null, standing("300", "WUSHEN"), standing("300", "HANGJIN")));
    }

    @Test
    void a_flow_counts_from_the_end_of_its_period_even_when_restated_later() {
        Statement march = flow("2025-03", "2025-03-31", "2025-04-02", "50");
        Statement restated = flow("2025-03", "2025-04-20", "2025-04-20", "55");

        assertThat(StatementTimeline.day(march)).isEqualTo(day("2025-03-31"));
        assertThat(StatementTimeline.day(restated)).isEqualTo(day("2025-03-31"));
        apply(march);
        StatementTimeline.Outcome o = apply(restated);
        assertThat(o.step())
                .isEqualTo(new StatementTimeline.Step(
                        day("2025-03-31"), null, standing("50", null), standing("55", null)));
        assertThat(o.restated())
                .as("a later event time is a new version, not the same as-of")
                .isFalse();
    }

    @Test
    void an_event_time_is_read_on_the_shanghai_calendar() {
        // 2025-06-30T17:00Z is 01:00 on 1 July in Ordos.
        Statement s = ytd("2025-06-30", "2025-07-03", "1", null);
        s.setEventTime(Instant.parse("2025-06-30T17:00:00Z").toEpochMilli());
        assertThat(StatementTimeline.day(s)).isEqualTo(day("2025-07-01"));
    }

    private StatementTimeline.Outcome apply(Statement s) {
        StatementTimeline.Outcome outcome = StatementTimeline.apply(days, s, StatementTimeline.Origin.NONE);
        if (outcome.changed()) {
            assertThat(outcome.next().getDay()).isEqualTo(outcome.day());
            versions.put(outcome.day(), outcome.next());
        }
        return outcome;
    }

    /** The version standing at the end of {@code day}. */
    private StatementVersion standingOn(int day) {
        Map.Entry<Integer, StatementVersion> e = versions.floorEntry(day);
        return e == null ? null : e.getValue();
    }

    private StatementTimeline.Standing standing(String value) {
        return standing(value, "WUSHEN");
    }

    private static StatementTimeline.Standing standing(String value, String county) {
        return new StatementTimeline.Standing(new BigDecimal(value).stripTrailingZeros(), county);
    }

    private Statement ytd(String asOf, String reportedOn, String value, String county) {
        return statement(null, millis(asOf), millis(reportedOn), value, county);
    }

    private Statement flow(String period, String eventDay, String reportedOn, String value) {
        return statement(period, millis(eventDay), millis(reportedOn), value, null);
    }

    private Statement statement(String period, long eventTime, long reportedAt, String value, String county) {
        return Statement.newBuilder()
                .setGoalKey("ordos-2025/fai")
                .setRole("FEED")
                .setSourceId("P1")
                .setPeriod(period)
                .setValue(new BigDecimal(value).setScale(6))
                .setUnit("亿元")
                .setCounty(county)
                .setEventTime(eventTime)
                .setReportedAt(reportedAt)
                .setEventId("e" + ++ids)
                .setSourceTopic("ordos.investment-reports")
                .setSourcePartition(0)
                .setSourceOffset(ids)
                .build();
    }

    private static int day(String date) {
        return (int) LocalDate.parse(date).toEpochDay();
    }

    private static long millis(String date) {
        return PlanCalendar.endOfDay(LocalDate.parse(date)).toEpochMilli();
    }
}
