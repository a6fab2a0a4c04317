package city.ordos.plan.producers.imports;

import java.util.Map;

/**
 * What each rejection reason means, in Chinese, for people who fix report tables (the web reporting
 * page shows it next to the validator's English message, which names the column and value).
 */
public final class RejectionTexts {

    private static final Map<String, String> ZH = Map.ofEntries(
            Map.entry("MISSING_FIELD", "必填项为空"),
            Map.entry("INVALID_DECIMAL", "数值格式不正确（应为数字，最多6位小数）"),
            Map.entry("NEGATIVE_AMOUNT", "数值不能为负数"),
            Map.entry("AMOUNT_TOO_LARGE", "数值超出允许范围"),
            Map.entry("UNKNOWN_UNIT", "计量单位无法识别"),
            Map.entry("UNIT_MISMATCH", "计量单位与该指标要求的单位不一致"),
            Map.entry("UNKNOWN_COUNTY", "旗区名称无法识别"),
            Map.entry("OUTSIDE_PLAN_YEAR", "日期或统计期不在计划年度内"),
            Map.entry("INVALID_PERIOD", "统计期格式不正确"),
            Map.entry("NO_MATCHING_GOAL", "没有目标读取该指标（请核对指标代码）"),
            Map.entry("BAD_ROW", "该行无法读取"),
            Map.entry("NOT_YOUR_DEPARTMENT", "该数据不属于您所在部门负责的目标"),
            Map.entry("BAD_FILE", "文件无法读取"));

    private RejectionTexts() {}

    /** The Chinese explanation of a reason code; the code itself for one without a text. */
    public static String zh(String reasonCode) {
        return ZH.getOrDefault(reasonCode, reasonCode);
    }
}
