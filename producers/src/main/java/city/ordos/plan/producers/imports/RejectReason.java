package city.ordos.plan.producers.imports;

/**
 * Why a report table, or a row of it, is turned down, with what that means in Chinese and in
 * English: the one place those texts live. The command-line importer, its dead letters and the web
 * reporting page all take them from here. A row's code is its dead-letter {@code reasonCode}; the
 * validator's own message (naming the column and value) is said next to the text, not instead of it.
 */
public enum RejectReason {

    // ---- a row (the row validators; NOT_YOUR_DEPARTMENT is web reporting's department rule) ----
    MISSING_FIELD("必填项为空", "a required cell is empty"),
    INVALID_DECIMAL("数值格式不正确（应为数字，最多6位小数）", "the value is not a number with at most 6 decimal places"),
    NEGATIVE_AMOUNT("数值不能为负数", "the value must not be negative"),
    AMOUNT_TOO_LARGE("数值超出允许范围", "the value is beyond the allowed range"),
    UNKNOWN_UNIT("计量单位无法识别", "the unit is not a known unit"),
    UNIT_MISMATCH("计量单位与该指标要求的单位不一致", "the unit does not measure what the goal counts"),
    UNKNOWN_COUNTY("旗区名称无法识别", "the county is not one of the nine county-level units of Ordos"),
    OUTSIDE_PLAN_YEAR("日期或统计期不在计划年度内", "the date or period is outside the plan year"),
    INVALID_PERIOD("统计期格式不正确", "the period is not one the importer reads"),
    NO_MATCHING_GOAL(
            "没有目标读取该数据（请核对指标代码或项目类别）", "no goal reads this figure (check the metric code or the project tier)"),
    BAD_ROW("该行无法读取", "the row cannot be read"),
    CONFLICTING_ROW(
            "与表中前面一行是同一数据（同一对象、日期和报送日期），但内容不同",
            "states the same figure as an earlier row (same source, date and report date) with other content"),
    NOT_YOUR_DEPARTMENT("该数据不属于您所在部门负责的目标", "the figure belongs to goals your department does not report"),

    // ---- a whole file (ImportException): nothing of it is published ----
    UNREADABLE_FILE("文件无法读取", "the file cannot be read"),
    UNKNOWN_ENCODING("无法识别指定的文字编码", "the encoding given is not known"),
    UNDECODABLE_TEXT("文件内容与文字编码不符", "the file's bytes are not valid in its encoding"),
    NO_HEADER("文件为空，缺少表头行", "the file is empty: a header row is expected"),
    MISSING_COLUMN("表头缺少必需的列", "the header lacks a required column"),
    NO_DATA_ROWS("表格中没有数据行", "the table has no data rows");

    private final String zh;
    private final String en;

    RejectReason(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    /** What the reason means, in Chinese. */
    public String zh() {
        return zh;
    }

    /** What the reason means, in English. */
    public String en() {
        return en;
    }

    /**
     * A rejected row for the console, e.g. {@code 第 7 行 INVALID_DECIMAL：数值格式不正确…… / line 7
     * INVALID_DECIMAL: 完成投资 'abc' is not a number}.
     *
     * @param detail the validator's message, naming the column and value
     */
    public String rowLine(long line, String detail) {
        return "第 " + line + " 行 " + name() + "：" + zh + " / line " + line + " " + name() + ": " + detail;
    }

    /** A file that is not imported, e.g. {@code 文件 a.csv 未导入 MISSING_COLUMN：表头缺少必需的列 / a.csv not imported …}. */
    public String fileLine(String fileName, String detail) {
        return "文件 " + fileName + " 未导入 " + name() + "：" + zh + " / " + fileName + " not imported, " + name() + ": "
                + detail;
    }
}
