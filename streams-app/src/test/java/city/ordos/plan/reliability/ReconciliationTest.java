package city.ordos.plan.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.registry.AvroTrust;
import city.ordos.plan.reliability.Reconciliation.RecordId;
import city.ordos.plan.reliability.Reconciliation.Statement;
import city.ordos.plan.testing.TestGoals;
import city.ordos.plan.units.UnitTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    /**
     * The tests copy generated records (GoalDefinition.newBuilder(definition)), which Avro allows
     * for trusted classes only; in the product the deserializer trusts the contract before any
     * record exists, here nothing is decoded first.
     */
    @BeforeAll
    static void trustTheContract() {
        AvroTrust.trustContractPackages();
    }

    private static final String FAI = "ordos-2025/fai";

    private static RecordId at(long offset) {
        return new RecordId("ordos.investment-reports", 0, offset);
    }

    private static Statement ytd(long offset, String source, String eventDay, String reportDay, String value) {
        return new Statement(
                at(offset),
                FAI,
                source,
                null,
                Instant.parse(eventDay + "T00:00:00Z"),
                Instant.parse(reportDay + "T00:00:00Z"),
                new BigDecimal(value));
    }

    @Test
    void latestStatementPerSourceWinsAndSourcesSum() {
        List<Statement> accepted = List.of(
                ytd(0, "P1", "2025-03-31", "2025-04-05", "100"),
                ytd(1, "P2", "2025-03-31", "2025-04-05", "50"),
                ytd(2, "P1", "2025-04-30", "2025-05-05", "180"),
                ytd(3, "P1", "2025-02-28", "2025-05-06", "999"), // older period-end arriving late: ignored
                ytd(4, "P2", "2025-03-31", "2025-04-07", "60")); // same as-of, later report: restatement wins
        var result = Reconciliation.check(
                List.of(at(0), at(1), at(2), at(3), at(4), at(5)),
                List.of(at(5)),
                accepted,
                Map.of(FAI, new BigDecimal("240.000000")));

        assertThat(result.expected()).containsEntry(FAI, new BigDecimal("240"));
        assertThat(result.balanced()).as(result.toString()).isTrue();
    }

    @Test
    void aRecordNeitherDeadLetteredNorUsedIsReported() {
        var result = Reconciliation.check(
                List.of(at(0), at(1)),
                List.of(),
                List.of(ytd(0, "P1", "2025-03-31", "2025-04-05", "10")),
                Map.of(FAI, BigDecimal.TEN));

        assertThat(result.balanced()).isFalse();
        assertThat(result.unaccounted()).containsExactly(at(1));
    }

    @Test
    void aDeadLetterForARecordNeverReadIsReported() {
        var result = Reconciliation.check(List.of(at(0)), List.of(at(0), at(7)), List.of(), Map.of());

        assertThat(result.phantomDeadLetters()).containsExactly(at(7));
        assertThat(result.balanced()).isFalse();
    }

    @Test
    void aFigureCountingAStatementTwiceDoesNotBalance() {
        var result = Reconciliation.check(
                List.of(at(0), at(1)),
                List.of(),
                List.of(ytd(0, "P1", "2025-03-31", "2025-04-05", "10"), ytd(1, "P1", "2025-03-31", "2025-04-05", "10")),
                Map.of(FAI, new BigDecimal("20")));

        assertThat(result.figureMismatches()).containsKey(FAI);
        assertThat(result.balanced()).isFalse();
    }

    @Test
    void flowsKeepOneStatementPerPeriod() {
        Statement jan = new Statement(
                at(0),
                FAI,
                "S1",
                "2025-01",
                Instant.parse("2025-01-31T00:00:00Z"),
                Instant.parse("2025-02-02T00:00:00Z"),
                new BigDecimal("5"));
        Statement feb = new Statement(
                at(1),
                FAI,
                "S1",
                "2025-02",
                Instant.parse("2025-02-28T00:00:00Z"),
                Instant.parse("2025-03-02T00:00:00Z"),
                new BigDecimal("7"));

        assertThat(Reconciliation.feedSums(Reconciliation.recompute(List.of(jan, feb))))
                .containsEntry(FAI, new BigDecimal("12"));
    }

    // ---- the full check, per goal kind ----

    private static final String MAJOR = "ordos-2025/major-investment";
    private static final String SHARE = "ordos-2025/clean-share";

    private static Statement feed(long offset, String goal, String role, String source, String value) {
        return new Statement(
                at(offset),
                goal,
                role,
                source,
                null,
                Instant.parse("2025-06-30T00:00:00Z"),
                Instant.parse("2025-07-05T00:00:00Z"),
                new BigDecimal(value));
    }

    private static GoalDefinition goal(String id, GoalKind kind, String unit, FeedSelector feed) {
        return TestGoals.goal(id)
                .setNameZh("目标")
                .setNameEn("Goal")
                .setUnit(unit)
                .setTarget(BigDecimal.TEN)
                .setKind(kind)
                .setFeed(kind == GoalKind.SHARE ? null : feed)
                .setNumerator(kind == GoalKind.SHARE ? feed : null)
                .setDenominator(kind == GoalKind.SHARE ? feed : null)
                .setRatioScale(kind == GoalKind.SHARE ? new BigDecimal("100") : null)
                .build();
    }

    private static FeedSelector selector(String unit) {
        return FeedSelector.newBuilder()
                .setStream(InputStream.INVESTMENT)
                .setMetric("m")
                .setStatement(StatementType.YEAR_TO_DATE)
                .setUnit(unit)
                .build();
    }

    private static GoalProgress progress(GoalDefinition g, String actual, String numerator, String denominator) {
        return GoalProgress.newBuilder()
                .setPlanId(g.getPlanId())
                .setGoalId(g.getGoalId())
                .setSection("1")
                .setNameZh("目标")
                .setNameEn("Goal")
                .setUnit(g.getUnit())
                .setKind(g.getKind())
                .setComparator(g.getComparator())
                .setTarget(g.getTarget())
                .setActual(actual == null ? null : new BigDecimal(actual))
                .setNumerator(numerator == null ? null : new BigDecimal(numerator))
                .setDenominator(denominator == null ? null : new BigDecimal(denominator))
                .setStatus(actual == null ? GoalStatus.NO_DATA : GoalStatus.ON_TRACK)
                .setContributingSources(1)
                .setAsOf(Instant.parse("2025-07-06T00:00:00Z"))
                .setComputedAt(Instant.parse("2025-07-06T00:00:00Z"))
                .build();
    }

    @Test
    void aCumulativeFigureIsTheFeedSumInTheGoalUnitToSixDecimals() {
        GoalDefinition major = goal("major-investment", GoalKind.CUMULATIVE, "亿元", selector("万元"));
        List<Statement> accepted =
                List.of(feed(0, MAJOR, "FEED", "P1", "12345.678000"), feed(1, MAJOR, "FEED", "P2", "0.000050"));
        // 12345.67805 万元 = 1.234567805 亿元 -> 1.234568
        var right = Reconciliation.check(
                List.of(at(0), at(1)),
                List.of(),
                accepted,
                Map.of(MAJOR, major),
                Map.of(MAJOR, progress(major, "1.234568", null, null)),
                UnitTable.standard());
        var wrong = Reconciliation.check(
                List.of(at(0), at(1)),
                List.of(),
                accepted,
                Map.of(MAJOR, major),
                Map.of(MAJOR, progress(major, "1.234567", null, null)),
                UnitTable.standard());

        assertThat(right.balanced()).as(right.toString()).isTrue();
        assertThat(wrong.figureMismatches()).containsEntry(MAJOR, "actual: published 1.234567, recomputed 1.234568");
    }

    @Test
    void aShareChecksNumeratorDenominatorAndTheirRatio() {
        GoalDefinition share = goal("clean-share", GoalKind.SHARE, "%", selector("万千瓦"));
        List<Statement> accepted = List.of(
                feed(0, SHARE, "NUMERATOR", "W1", "1"),
                feed(0, SHARE, "DENOMINATOR", "W1", "1"),
                feed(1, SHARE, "DENOMINATOR", "C1", "2"));
        var right = Reconciliation.check(
                List.of(at(0), at(1)),
                List.of(),
                accepted,
                Map.of(SHARE, share),
                Map.of(SHARE, progress(share, "33.333333", "1", "3")),
                UnitTable.standard());
        var wrongDenominator = Reconciliation.check(
                List.of(at(0), at(1)),
                List.of(),
                accepted,
                Map.of(SHARE, share),
                Map.of(SHARE, progress(share, "50.000000", "1", "2")),
                UnitTable.standard());

        assertThat(right.balanced()).as(right.toString()).isTrue();
        assertThat(wrongDenominator.figureMismatches().get(SHARE))
                .contains("denominator: published 2, recomputed 3")
                .contains("actual: published 50.000000");
    }

    @Test
    void aGoalWithoutStatementsMustPublishNoActual() {
        GoalDefinition major = goal("major-investment", GoalKind.CUMULATIVE, "亿元", selector("万元"));
        var noData = Reconciliation.check(
                List.of(),
                List.of(),
                List.of(),
                Map.of(MAJOR, major),
                Map.of(MAJOR, progress(major, null, null, null)),
                UnitTable.standard());
        var invented = Reconciliation.check(
                List.of(),
                List.of(),
                List.of(),
                Map.of(MAJOR, major),
                Map.of(MAJOR, progress(major, "5", null, null)),
                UnitTable.standard());
        var lost = Reconciliation.check(
                List.of(at(0)),
                List.of(),
                List.of(feed(0, MAJOR, "FEED", "P1", "1")),
                Map.of(MAJOR, major),
                Map.of(),
                UnitTable.standard());

        assertThat(noData.balanced()).isTrue();
        assertThat(invented.figureMismatches()).containsEntry(MAJOR, "actual: published 5, recomputed none");
        assertThat(lost.figureMismatches()).containsEntry(MAJOR, "actual: published none, recomputed 0.000100");
    }

    @Test
    void growthAgainstABaselineIsListedAsNotRecomputed() {
        GoalDefinition fai = GoalDefinition.newBuilder(goal("fai", GoalKind.GROWTH, "%", selector("亿元")))
                .setBaseline2024(new BigDecimal("1000"))
                .build();
        var result = Reconciliation.check(
                List.of(at(0)),
                List.of(),
                List.of(feed(0, FAI, "FEED", "P1", "600")),
                Map.of(FAI, fai),
                Map.of(FAI, progress(fai, "3.2", null, null)),
                UnitTable.standard());

        assertThat(result.unchecked()).containsExactly(FAI);
        assertThat(result.balanced()).isTrue();
    }

    @Test
    void an_application_with_records_left_and_no_member_is_down_not_lagging() {
        var unbalanced = Reconciliation.check(List.of(at(0)), List.of(), List.of(), Map.of());
        assertThat(report(unbalanced, new ReconciliationReport.Application("STABLE", 2, List.of()))
                        .exitCode())
                .as("instances are consuming: it lags, check again")
                .isEqualTo(ReconciliationReport.NOT_CAUGHT_UP);
        ReconciliationReport down = report(
                unbalanced,
                new ReconciliationReport.Application(
                        "EMPTY", 0, List.of("ordos.investment-reports-0@0 (key 'P1', 1048450 bytes)")));
        assertThat(down.exitCode()).isEqualTo(ReconciliationReport.APPLICATION_DOWN);
        assertThat(down.render())
                .contains("Application consumer group: EMPTY, 0 member(s): NOT RUNNING")
                .contains("It stopped at (first unprocessed record per partition):\n"
                        + "  ordos.investment-reports-0@0 (key 'P1', 1048450 bytes)")
                .contains("the application is not running");
        assertThat(report(unbalanced, new ReconciliationReport.Application("unknown (timeout)", -1, List.of()))
                        .exitCode())
                .as("when the group cannot be read, assume it lags")
                .isEqualTo(ReconciliationReport.NOT_CAUGHT_UP);
    }

    private static ReconciliationReport report(Reconciliation.Result result, ReconciliationReport.Application app) {
        return new ReconciliationReport(
                Map.of("ordos.investment-reports", 1L),
                0,
                0,
                Map.of(),
                0,
                Set.of(),
                1,
                1,
                1,
                app,
                0,
                0,
                Set.of(),
                result,
                Duration.ofMillis(5));
    }
}
