package city.ordos.plan.reports;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.ReportGoal;
import city.ordos.plan.avro.ReportKind;
import city.ordos.plan.avro.Severity;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.export.Labels;
import city.ordos.plan.export.Spreadsheet;
import city.ordos.plan.registry.AvroTrust;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {

    /**
     * Comparing two reports walks their Avro enums, which Avro 1.12 refuses for untrusted packages;
     * the app trusts the contract before its first decode, and this class must not rely on another
     * test class having run first (it failed when run alone).
     */
    @BeforeAll
    static void trustTheContract() {
        AvroTrust.trustContractPackages();
    }

    private static final LocalDate MAY = LocalDate.parse("2025-05-31");
    private static final LocalDate JUNE = LocalDate.parse("2025-06-30");
    private static final List<GoalDefinition> CATALOG =
            List.of(goal("a", "市发改委"), goal("b", "市能源局"), goal("c", "市能源局"));

    @Test
    void theFirstReportHasNothingToCompareWith() {
        DispatchReport may = ReportBuilder.build(
                "ordos-2025",
                ReportKind.MONTH_END,
                MAY,
                CATALOG,
                Map.of("ordos-2025/a", figure(GoalStatus.ON_TRACK, "10")),
                null,
                Map.of(),
                List.of());

        assertThat(may.getReportId()).isEqualTo("ordos-2025/2025-05");
        assertThat(may.getPreviousReportId()).isNull();
        assertThat(may.getGoals())
                .extracting(ReportGoal::getGoalKey)
                .containsExactly("ordos-2025/a", "ordos-2025/b", "ordos-2025/c");
        assertThat(may.getGoals().get(1).getStatus())
                .as("a goal without a figure")
                .isEqualTo(GoalStatus.NO_DATA);
        assertThat(ReportBuilder.statusChanged(may)).isEmpty();
        assertThat(ReportBuilder.restated(may)).isEmpty();
    }

    @Test
    void changesSinceThePreviousReportStatusesRestatementsAndAlertsOfTheWindow() {
        DispatchReport may = ReportBuilder.build(
                "ordos-2025",
                ReportKind.MONTH_END,
                MAY,
                CATALOG,
                Map.of(
                        "ordos-2025/a", figure(GoalStatus.ON_TRACK, "10"),
                        "ordos-2025/b", figure(GoalStatus.AT_RISK, "5"),
                        "ordos-2025/c", figure(GoalStatus.ON_TRACK, "7")),
                null,
                Map.of(),
                List.of());
        ReportBuilder.Window window = ReportBuilder.window(JUNE, may);
        assertThat(window.after()).isEqualTo(PlanCalendar.endOfDay(MAY));
        assertThat(window.upTo()).isEqualTo(PlanCalendar.endOfDay(JUNE));

        DispatchReport june = ReportBuilder.build(
                "ordos-2025",
                ReportKind.MONTH_END,
                JUNE,
                CATALOG,
                Map.of(
                        "ordos-2025/a", figure(GoalStatus.BEHIND, "11"),
                        "ordos-2025/b", figure(GoalStatus.AT_RISK, "9"),
                        "ordos-2025/c", figure(GoalStatus.ON_TRACK, "12")),
                may,
                // May as known now: b's May figure was restated from 5 to 4.
                Map.of("ordos-2025/a", dec("10"), "ordos-2025/b", dec("4"), "ordos-2025/c", dec("7")),
                List.of(
                        alert("a-behind", "a", 1, AlertState.FIRING, "2025-06-12"),
                        alert("b-behind", "b", 3, AlertState.RESOLVED, "2025-06-20"),
                        alert("c-stale", "c", 2, AlertState.ESCALATED, "2025-06-21")));

        assertThat(june.getPreviousReportId()).isEqualTo("ordos-2025/2025-05");
        assertThat(ReportBuilder.statusChanged(june))
                .extracting(ReportGoal::getGoalKey)
                .containsExactly("ordos-2025/a");
        assertThat(june.getGoals().get(0).getPreviousStatus()).isEqualTo(GoalStatus.ON_TRACK);
        assertThat(ReportBuilder.restated(june))
                .extracting(ReportGoal::getGoalKey)
                .containsExactly("ordos-2025/b");
        assertThat(june.getGoals().get(1).getPreviousActual()).isEqualByComparingTo("5");
        assertThat(june.getGoals().get(1).getPreviousActualNow()).isEqualByComparingTo("4");
        assertThat(june.getNewAlerts()).extracting(a -> a.getAlertId()).containsExactly("a-behind");
        assertThat(june.getRecoveredAlerts()).extracting(a -> a.getAlertId()).containsExactly("b-behind");
        assertThat(ReportBuilder.lagging(june))
                .extracting(ReportGoal::getGoalKey)
                .as("BEHIND before AT_RISK")
                .containsExactly("ordos-2025/a", "ordos-2025/b");
        assertThat(ReportBuilder.countByStatus(june.getGoals()))
                .containsEntry(GoalStatus.BEHIND, 1)
                .containsEntry(GoalStatus.AT_RISK, 1)
                .containsEntry(GoalStatus.ON_TRACK, 1)
                .containsEntry(GoalStatus.NO_DATA, 0);
    }

    @Test
    void theSameDayAndDataGiveTheSameReportWhateverTheOrderOfTheInputs() {
        Map<String, ReportBuilder.Figure> figures = Map.of(
                "ordos-2025/a", figure(GoalStatus.ON_TRACK, "10"), "ordos-2025/b", figure(GoalStatus.BEHIND, "3"));
        List<GoalAlert> alerts = List.of(
                alert("x", "a", 1, AlertState.FIRING, "2025-06-03"),
                alert("y", "b", 1, AlertState.FIRING, "2025-06-02"));
        DispatchReport one =
                ReportBuilder.build("ordos-2025", ReportKind.ON_DEMAND, JUNE, CATALOG, figures, null, Map.of(), alerts);
        DispatchReport two = ReportBuilder.build(
                "ordos-2025",
                ReportKind.ON_DEMAND,
                JUNE,
                CATALOG,
                figures,
                null,
                Map.of(),
                List.of(alerts.get(1), alerts.get(0)));

        assertThat(one).isEqualTo(two);
        assertThat(ReportFiles.fingerprint(one)).isEqualTo(ReportFiles.fingerprint(two));
        assertThat(one.getReportId()).isEqualTo("ordos-2025/2025-06-30");
        assertThat(one.getNewAlerts()).extracting(a -> a.getAlertId()).containsExactly("y", "x");
    }

    @Test
    void theCountySheetGivesARatiosCountiesInItsNumeratorsUnit() {
        GoalDefinition share = GoalDefinition.newBuilder(goal("s", "市能源局"))
                .setUnit("%")
                .setKind(GoalKind.SHARE)
                .setNumerator(FeedSelector.newBuilder()
                        .setStream(InputStream.ENERGY)
                        .setMetric("power.capacity")
                        .setCategories(List.of("WIND", "SOLAR"))
                        .setStatement(StatementType.LEVEL)
                        .setUnit("万千瓦")
                        .build())
                .build();
        DispatchReport june = ReportBuilder.build(
                "ordos-2025",
                ReportKind.MONTH_END,
                JUNE,
                List.of(goal("a", "市发改委"), share),
                Map.of(
                        "ordos-2025/a",
                        figure(GoalStatus.ON_TRACK, "10"),
                        "ordos-2025/s",
                        figure(GoalStatus.ON_TRACK, "7880")),
                null,
                Map.of(),
                List.of());

        Spreadsheet.Table counties = ReportTables.counties(june, new Labels(Labels.Lang.ZH));
        int unit = counties.columns().stream()
                .map(Spreadsheet.Column::header)
                .toList()
                .indexOf("单位");
        assertThat(counties.rows()).extracting(r -> r.get(unit)).containsExactly("亿元", "万千瓦");
    }

    private static ReportBuilder.Figure figure(GoalStatus status, String actual) {
        return new ReportBuilder.Figure(status, dec(actual), dec("10"), dec("20"), 0.5, Map.of("WUSHEN", dec(actual)));
    }

    private static GoalAlert alert(String id, String goal, int sequence, AlertState state, String day) {
        Instant at = PlanCalendar.endOfDay(LocalDate.parse(day)).minusSeconds(3600);
        return GoalAlert.newBuilder()
                .setAlertId(id)
                .setSequence(sequence)
                .setPlanId("ordos-2025")
                .setGoalId(goal)
                .setSection("1")
                .setDepartment("市发改委")
                .setKind(AlertKind.FALLING_BEHIND)
                .setState(state)
                .setSeverity(Severity.WARNING)
                .setStatusBefore(GoalStatus.ON_TRACK)
                .setStatusAfter(GoalStatus.BEHIND)
                .setUnit("亿元")
                .setTarget(dec("20"))
                .setFiredAt(at.minusSeconds(86_400L * (sequence - 1)))
                .setChangedAt(at)
                .setMessageZh("消息")
                .setMessageEn("message")
                .build();
    }

    private static GoalDefinition goal(String id, String department) {
        return GoalDefinition.newBuilder()
                .setPlanId("ordos-2025")
                .setGoalId(id)
                .setPlanYear(2025)
                .setSection("1")
                .setSectionTitleZh("节")
                .setSectionTitleEn("Section")
                .setPhraseZh("短语")
                .setNameZh("目标" + id)
                .setNameEn("Goal " + id)
                .setUnit("亿元")
                .setComparator(Comparator.AT_LEAST)
                .setTarget(dec("20"))
                .setKind(GoalKind.CUMULATIVE)
                .setDepartment(department)
                .setPace("LINEAR")
                .setCadenceDays(45)
                .build();
    }

    private static BigDecimal dec(String v) {
        return new BigDecimal(v).setScale(6);
    }
}
