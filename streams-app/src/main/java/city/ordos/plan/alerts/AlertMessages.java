package city.ordos.plan.alerts;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.Severity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The Chinese and English text of an alert, written for the head of the department that owns the
 * goal: what happened, where the goal stands (share of the expected progress, projected year
 * end) and what the target is, e.g.
 * "【进度预警】固定资产投资增长: 截至2025-07-31 完成预期进度的 72%，预计全年 8.1%（目标 ≥10%）".
 */
public final class AlertMessages {

    /** The two texts of one alert. */
    public record Message(String zh, String en) {}

    private final ZoneId zone;

    public AlertMessages(ZoneId zone) {
        this.zone = zone;
    }

    public Message describe(AlertKind kind, AlertState state, Severity severity, ProgressSnapshot s, GoalRule rule) {
        return switch (kind) {
            case FALLING_BEHIND -> fallingBehind(state, severity, s, rule);
            case STALE_DATA -> staleData(state, s, rule);
            case ACHIEVED -> achieved(s, rule);
        };
    }

    private Message fallingBehind(AlertState state, Severity severity, ProgressSnapshot s, GoalRule rule) {
        String labelZh;
        String labelEn;
        if (state == AlertState.RESOLVED) {
            labelZh = "已恢复";
            labelEn = "Resolved";
        } else if (state == AlertState.ESCALATED) {
            labelZh = "预警升级：严重滞后";
            labelEn = "Escalated: well behind";
        } else if (severity == Severity.CRITICAL) {
            labelZh = "严重滞后";
            labelEn = "Well behind";
        } else {
            labelZh = "进度预警";
            labelEn = "Falling behind";
        }
        StringBuilder zh = new StringBuilder("【")
                .append(labelZh)
                .append("】")
                .append(s.nameZh())
                .append(": 截至")
                .append(date(s.asOf()));
        StringBuilder en = new StringBuilder("[").append(labelEn).append("] ").append(s.nameEn());
        en.append(state == AlertState.RESOLVED ? ": back on track as of " : ": as of ")
                .append(date(s.asOf()));
        BigDecimal share = shareOfExpected(s);
        if (share != null) {
            zh.append(" 完成预期进度的 ").append(Quantities.percent(share));
            en.append(" at ").append(Quantities.percent(share)).append(" of the expected progress");
        } else if (s.actual() != null) {
            zh.append(" 实际 ").append(Quantities.zh(Quantities.rounded(s.actual()), s.unit()));
            en.append(" the actual value is ").append(Quantities.enRounded(s.actual(), s.unit()));
        } else {
            zh.append(" 尚无实际数据");
            en.append(" there is no data yet");
        }
        if (s.projectedYearEnd() != null) {
            zh.append("，预计全年 ").append(Quantities.zh(Quantities.rounded(s.projectedYearEnd()), s.unit()));
            en.append(", projected ")
                    .append(Quantities.enRounded(s.projectedYearEnd(), s.unit()))
                    .append(" for the year");
        }
        zh.append("（目标 ").append(targetZh(s, rule)).append("）");
        en.append(" (target ").append(targetEn(s, rule)).append(")");
        if (state == AlertState.RESOLVED) {
            zh.append("，预警解除");
        }
        return new Message(zh.toString(), en.toString());
    }

    private Message staleData(AlertState state, ProgressSnapshot s, GoalRule rule) {
        String latest = s.latestEventTime() == null ? null : date(s.latestEventTime());
        if (state == AlertState.RESOLVED) {
            return new Message(
                    "【数据恢复】" + s.nameZh() + ": 已收到新数据" + (latest == null ? "" : "（数据截至" + latest + "）"),
                    "[Data resumed] " + s.nameEn() + ": new report received"
                            + (latest == null ? "" : " (data as of " + latest + ")"));
        }
        String cadenceZh = rule.cadence() == null ? "报送周期" : days(rule.cadence()) + "天的报送周期";
        String cadenceEn = rule.cadence() == null
                ? "its reporting cadence"
                : "the " + days(rule.cadence()) + "-day reporting cadence";
        if (latest == null) {
            return new Message(
                    "【数据中断】" + s.nameZh() + ": 截至" + date(s.asOf()) + " 超过" + cadenceZh + "仍无数据",
                    "[Data overdue] " + s.nameEn() + ": no report as of " + date(s.asOf()) + ", beyond " + cadenceEn);
        }
        return new Message(
                "【数据中断】" + s.nameZh() + ": 最近一次数据截至" + latest + "，已超过" + cadenceZh + "未更新",
                "[Data overdue] " + s.nameEn() + ": no new report since " + latest + ", longer than " + cadenceEn);
    }

    private Message achieved(ProgressSnapshot s, GoalRule rule) {
        String actualZh =
                s.actual() == null ? "" : " 完成 " + Quantities.zh(Quantities.rounded(s.actual()), s.unit()) + "，";
        String actualEn = s.actual() == null ? "" : " " + Quantities.enRounded(s.actual(), s.unit());
        return new Message(
                "【目标达成】" + s.nameZh() + ": 截至" + date(s.asOf()) + actualZh + "已达到目标（" + targetZh(s, rule) + "）",
                "[Target met] " + s.nameEn() + ":" + actualEn + " as of " + date(s.asOf()) + ", target reached ("
                        + targetEn(s, rule) + ")");
    }

    /**
     * Actual as a share of the value expected by now; inverted for caps, where less is better.
     * Null when either is missing or the divisor is zero, so no message shows a made-up ratio.
     */
    static BigDecimal shareOfExpected(ProgressSnapshot s) {
        if (s.actual() == null || s.expected() == null) {
            return null;
        }
        BigDecimal numerator = s.lowerIsBetter() ? s.expected() : s.actual();
        BigDecimal denominator = s.lowerIsBetter() ? s.actual() : s.expected();
        if (denominator.signum() == 0) {
            return null;
        }
        return numerator.divide(denominator, MathContext.DECIMAL64);
    }

    private static String targetZh(ProgressSnapshot s, GoalRule rule) {
        String value = Quantities.zh(Quantities.exact(s.target()), s.unit());
        Comparator c = s.comparator() == null ? Comparator.REACH : s.comparator();
        return switch (c) {
            case AT_LEAST -> "≥" + value;
            case AT_MOST -> "≤" + value;
            case ABOUT -> value + "左右" + tolerance(rule, s.unit(), true);
            case REACH -> "达到" + value;
            case HOLD_AT -> "稳定在" + value + tolerance(rule, s.unit(), true);
        };
    }

    private static String targetEn(ProgressSnapshot s, GoalRule rule) {
        String value = Quantities.enExact(s.target(), s.unit());
        Comparator c = s.comparator() == null ? Comparator.REACH : s.comparator();
        return switch (c) {
            case AT_LEAST -> "≥" + value;
            case AT_MOST -> "≤" + value;
            case ABOUT -> "about " + value + tolerance(rule, s.unit(), false);
            case REACH -> "reach " + value;
            case HOLD_AT -> "hold at " + value + tolerance(rule, s.unit(), false);
        };
    }

    private static String tolerance(GoalRule rule, String unit, boolean zh) {
        if (rule == null || rule.tolerance() == null || rule.tolerance().signum() == 0) {
            return "";
        }
        return zh
                ? "（±" + Quantities.zh(Quantities.exact(rule.tolerance()), unit) + "）"
                : " (±" + Quantities.enExact(rule.tolerance(), unit) + ")";
    }

    private String date(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), zone).toString();
    }

    private static long days(Duration d) {
        return d.toDays();
    }
}
