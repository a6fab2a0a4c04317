package city.ordos.plan.alerts;

import static city.ordos.plan.alerts.Progress.at;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertMessagesTest {

    private final AlertMessages messages = new AlertMessages(Progress.SHANGHAI);
    private final GoalRule rule =
            new GoalRule(Duration.ofHours(72), Duration.ofHours(168), Duration.ofDays(30), "统计局", null);

    @Test
    void fallingBehindSaysShareOfExpectedProjectionAndTarget() {
        ProgressSnapshot s = ProgressSnapshot.of(Progress.of(GoalStatus.AT_RISK, at("2025-07-31T00:00")));

        AlertMessages.Message m =
                messages.describe(AlertKind.FALLING_BEHIND, AlertState.FIRING, Severity.WARNING, s, rule);

        assertThat(m.zh()).isEqualTo("【进度预警】固定资产投资增长: 截至2025-07-31 完成预期进度的 72%，预计全年 8.1%（目标 ≥10%）");
        assertThat(m.en())
                .isEqualTo("[Falling behind] Fixed-asset investment growth: as of 2025-07-31 at 72% of the "
                        + "expected progress, projected 8.1% for the year (target ≥10%)");
    }

    @Test
    void amountsInYiYuanReadAsMillionsOfYuanInEnglish() {
        ProgressSnapshot s = ProgressSnapshot.of(Progress.growth(GoalStatus.BEHIND, at("2025-09-30T23:59"))
                .setNameZh("重点项目完成投资")
                .setNameEn("Investment in key projects")
                .setKind(GoalKind.CUMULATIVE)
                .setUnit("亿元")
                .setTarget(new BigDecimal("1500.000000"))
                .setActual(new BigDecimal("812.345000"))
                .setExpectedByNow(new BigDecimal("1125.000000"))
                .setProjectedYearEnd(new BigDecimal("1083.126667"))
                .build());

        AlertMessages.Message m =
                messages.describe(AlertKind.FALLING_BEHIND, AlertState.ESCALATED, Severity.CRITICAL, s, rule);

        assertThat(m.zh()).isEqualTo("【预警升级：严重滞后】重点项目完成投资: 截至2025-09-30 完成预期进度的 72%，" + "预计全年 1,083.1亿元（目标 ≥1,500亿元）");
        assertThat(m.en())
                .isEqualTo(
                        "[Escalated: well behind] Investment in key projects: as of 2025-09-30 at 72% "
                                + "of the expected progress, projected 108,312.7 million yuan for the year (target ≥150,000 million yuan)");
    }

    @Test
    void capsCompareTheOtherWayRound() {
        ProgressSnapshot s = ProgressSnapshot.of(Progress.growth(GoalStatus.AT_RISK, at("2025-06-30T00:00"))
                .setNameZh("万元GDP用水量")
                .setNameEn("Water use per 10,000 yuan of GDP")
                .setKind(GoalKind.INTENSITY_CAP)
                .setComparator(Comparator.AT_MOST)
                .setUnit("立方米/万元")
                .setTarget(new BigDecimal("42.450000"))
                .setActual(new BigDecimal("50.000000"))
                .setExpectedByNow(new BigDecimal("42.450000"))
                .setProjectedYearEnd(null)
                .build());

        AlertMessages.Message m =
                messages.describe(AlertKind.FALLING_BEHIND, AlertState.FIRING, Severity.WARNING, s, rule);

        assertThat(m.zh()).isEqualTo("【进度预警】万元GDP用水量: 截至2025-06-30 完成预期进度的 85%（目标 ≤42.45立方米/万元）");
        assertThat(m.en())
                .isEqualTo("[Falling behind] Water use per 10,000 yuan of GDP: as of 2025-06-30 at 85% of "
                        + "the expected progress (target ≤42.45 m³ per 10,000 yuan)");
    }

    @Test
    void staleDataNamesTheLastReportAndTheCadence() {
        ProgressSnapshot s = ProgressSnapshot.of(Progress.growth(GoalStatus.STALE, at("2025-07-05T00:00"))
                .setLatestEventTime(at("2025-05-31T00:00"))
                .build());

        AlertMessages.Message fired =
                messages.describe(AlertKind.STALE_DATA, AlertState.FIRING, Severity.WARNING, s, rule);

        assertThat(fired.zh()).isEqualTo("【数据中断】固定资产投资增长: 最近一次数据截至2025-05-31，已超过30天的报送周期未更新");
        assertThat(fired.en())
                .isEqualTo("[Data overdue] Fixed-asset investment growth: no new report since 2025-05-31, "
                        + "longer than the 30-day reporting cadence");
    }

    @Test
    void achievedAndResolvedNotices() {
        ProgressSnapshot s = ProgressSnapshot.of(Progress.growth(GoalStatus.ACHIEVED, at("2025-12-31T00:00"))
                .setActual(new BigDecimal("10.250000"))
                .build());

        assertThat(messages.describe(AlertKind.ACHIEVED, AlertState.FIRING, Severity.INFO, s, rule)
                        .zh())
                .isEqualTo("【目标达成】固定资产投资增长: 截至2025-12-31 完成 10.25%，已达到目标（≥10%）");
        assertThat(messages.describe(AlertKind.FALLING_BEHIND, AlertState.RESOLVED, Severity.WARNING, s, rule)
                        .en())
                .isEqualTo("[Resolved] Fixed-asset investment growth: back on track as of 2025-12-31 at 103% of the "
                        + "expected progress, projected 8.1% for the year (target ≥10%)");
    }

    @Test
    void numbersAreRoundedSensiblyAndTargetsKeptExact() {
        assertThat(Quantities.rounded(new BigDecimal("8.100000"))).isEqualTo("8.1");
        assertThat(Quantities.rounded(new BigDecimal("1234.567000"))).isEqualTo("1,234.6");
        assertThat(Quantities.rounded(new BigDecimal("0.004000"))).isEqualTo("0");
        assertThat(Quantities.exact(new BigDecimal("42.450000"))).isEqualTo("42.45");
        assertThat(Quantities.exact(new BigDecimal("1500.000000"))).isEqualTo("1,500");
        assertThat(Quantities.enRounded(new BigDecimal("265.000000"), "万千瓦")).isEqualTo("2,650 MW");
        assertThat(Quantities.enRounded(new BigDecimal("3.5"), "某单位")).isEqualTo("3.5 某单位");
        assertThat(Quantities.enExact(new BigDecimal("45"), "亿斤")).isEqualTo("2,250 thousand tonnes");
        assertThat(Quantities.enExact(new BigDecimal("8"), "个")).isEqualTo("8");
        assertThat(Quantities.percent(new BigDecimal("0.7249"))).isEqualTo("72%");
    }

    @Test
    void aUnitIsNamedInEnglishForAValueLeftInIt() {
        // the English pages show the plan's figures as stated: the unit's name carries the multiplier
        assertThat(Quantities.enUnit("万千瓦")).isEqualTo("10 MW");
        assertThat(Quantities.enUnit("亿元")).isEqualTo("100 million yuan");
        assertThat(Quantities.enUnit("万元")).isEqualTo("10 thousand yuan");
        assertThat(Quantities.enUnit("万亿元")).isEqualTo("trillion yuan");
        assertThat(Quantities.enUnit("万亩")).isEqualTo("10 thousand mu");
        assertThat(Quantities.enUnit("万立方米")).isEqualTo("10 thousand m³");
        assertThat(Quantities.enUnit("亿千瓦时")).isEqualTo("100 million kWh");
        assertThat(Quantities.enUnit("亿斤")).isEqualTo("50 thousand tonnes");
        assertThat(Quantities.enUnit("公里")).isEqualTo("km");
        assertThat(Quantities.enUnit("立方米/万元")).isEqualTo("m³ per 10,000 yuan");
        assertThat(Quantities.enUnit("个")).isEmpty();
        assertThat(Quantities.enUnit("%")).isEqualTo("%");
        assertThat(Quantities.enUnit("某单位")).isEqualTo("某单位");
        assertThat(Quantities.enUnit(null)).isNull();
        // the same name and factor as the English alert messages: 1 万千瓦 is 10 MW, 1 亿元 100 million yuan
        assertThat(Quantities.enExact(BigDecimal.ONE, "万千瓦")).isEqualTo(Quantities.enUnit("万千瓦"));
        assertThat(Quantities.enExact(BigDecimal.ONE, "亿元")).isEqualTo(Quantities.enUnit("亿元"));
        assertThat(Quantities.enExact(new BigDecimal("265"), "亿千瓦时")).isEqualTo("26,500 million kWh");
    }
}
