package city.ordos.plan.export;

import city.ordos.plan.alerts.Quantities;
import city.ordos.plan.vocabulary.Departments;
import java.util.Locale;
import java.util.Map;

/**
 * The words of exports and reports in Chinese (the default, as the screen) and English: column
 * headers, sheet names, statuses with their print colours, comparators.
 */
public final class Labels {

    public enum Lang {
        ZH,
        EN;

        /** {@code zh} (default) or {@code en}; anything else is a client error. */
        public static Lang parse(String text) {
            if (text == null || text.isBlank()) {
                return ZH;
            }
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "zh", "zh-cn", "cn" -> ZH;
                case "en", "en-us", "en-gb" -> EN;
                default -> throw new IllegalArgumentException("lang must be zh or en, was '" + text + "'");
            };
        }
    }

    private static final Map<String, String[]> WORDS = Map.ofEntries(
            w("section", "章节", "Section"),
            w("goal", "指标", "Goal"),
            w("goalId", "指标代码", "Goal id"),
            w("unit", "单位", "Unit"),
            w("comparator", "要求", "Comparator"),
            w("target", "目标值", "Target"),
            w("actual", "实际值", "Actual"),
            w("expected", "应达值", "Expected by then"),
            w("projected", "预计全年", "Projected year-end"),
            w("progress", "完成进度", "Progress"),
            w("status", "状态", "Status"),
            w("department", "责任部门", "Department"),
            w("latestData", "数据截至", "Data as of"),
            w("sources", "来源数", "Sources"),
            w("date", "日期", "Date"),
            w("county", "旗区", "County"),
            w("value", "数值", "Value"),
            w("share", "占比", "Share"),
            w("role", "口径", "Role"),
            w("source", "来源", "Source"),
            w("periods", "期数", "Periods"),
            w("period", "统计期", "Period"),
            w("asOf", "截至日期", "As of"),
            w("reportedAt", "报送时间", "Reported"),
            w("eventId", "事件编号", "Event id"),
            w("topic", "主题", "Topic"),
            w("partition", "分区", "Partition"),
            w("offset", "偏移", "Offset"),
            w("importFile", "导入文件", "Import file"),
            w("importLine", "行号", "Line"),
            w("submission", "网上填报编号", "Web submission"),
            w("submittedBy", "填报人", "Submitted by"),
            w("approvedBy", "审核人", "Approved by"),
            w("restatements", "更正次数", "Restatements"),
            w("firstValue", "原值", "First value"),
            w("firstReportedAt", "原报送时间", "First reported"),
            w("latestValue", "更正后", "Latest value"),
            w("latestReportedAt", "更正时间", "Latest reported"),
            w("alert", "预警", "Alert"),
            w("kind", "类型", "Kind"),
            w("severity", "级别", "Severity"),
            w("state", "阶段", "State"),
            w("firedAt", "触发时间", "Fired"),
            w("changedAt", "变更时间", "Changed"),
            w("message", "内容", "Message"),
            w("project", "项目", "Project"),
            w("goals", "指标数", "Goals"),
            w("openAlerts", "未解除预警", "Open alerts"),
            w("item", "项目", "Item"),
            w("plan", "计划表述", "Plan sentence"),
            w("pace", "进度曲线", "Pace"),
            w("startLevel", "年初水平", "Level on 1 January"),
            w("startLevel.none", "未给出（全年按目标值衡量）", "not given (judged against the target all year)"),
            // the pace profiles, as the goal page names them
            w("pace.LINEAR", "全年均匀", "Even over the year"),
            w("pace.CONSTRUCTION_SEASONAL", "施工季节性（冬季停工）", "Construction season (winter pause)"),
            w("pace.FRONT_LOADED", "前高后低", "Front-loaded"),
            w("pace.YEAR_END", "年底集中", "Year-end"),
            w("pace.CONSTANT", "全年按目标值衡量", "Target all year"),
            w("cadence", "报送周期(天)", "Reporting cadence (days)"),
            w("note", "口径说明", "Reading note"),
            // sheets
            w("sheet.goals", "指标进度", "Goals"),
            w("sheet.summary", "概况", "Summary"),
            w("sheet.history", "历史", "History"),
            w("sheet.counties", "旗区", "Counties"),
            w("sheet.sources", "来源", "Sources"),
            w("sheet.restatements", "数据更正", "Restatements"),
            w("sheet.alerts", "预警", "Alerts"),
            w("sheet.departments", "部门", "Departments"),
            w("sheet.projects", "重大项目", "Projects"),
            // moments
            w("mode.LIVE", "实时（计划日期 %s）", "Live (plan date %s)"),
            w("mode.AS_OF", "%s 的数据（按今日所知，含此后的更正）", "Figures for %s as known today (later restatements included)"),
            w("mode.KNOWN_AT", "%s 当时屏幕所示（不含此后的更正）", "As shown at %s (without later restatements)"),
            w("moment", "数据时点：%s", "Moment: %s"),
            w("exported", "导出时间：%s（北京时间）", "Exported: %s (Asia/Shanghai)"),
            w(
                    "unitsNote",
                    "数值单位见“单位”列；进度 = 实际值 / 目标值（上限类指标为 目标值 / 实际值）",
                    "Values are in the Unit column; progress = actual / target (target / actual for caps)"),
            // the dispatch report
            w("report.title", "鄂尔多斯市2025年国民经济和社会发展计划 月度调度通报", "Ordos 2025 Development Plan - Monthly Dispatch Report"),
            w("report.titleDay", "鄂尔多斯市2025年国民经济和社会发展计划 调度通报", "Ordos 2025 Development Plan - Dispatch Report"),
            w("report.period", "（%s）", " (%s)"),
            w(
                    "report.asOf",
                    "数据时点：%s 24时（按通报生成时所知，含此前收到的更正）",
                    "Figures as of the end of %s, as known when the report was generated (corrections received by then included)"),
            w("report.previous", "对比上期：%s（%s）", "Compared with: %s (%s)"),
            w("report.first", "本年首期通报，无上期对比", "First report of the year: nothing to compare with"),
            w("report.id", "通报编号：%s", "Report: %s"),
            w("report.s1", "一、总体情况", "1. Overview"),
            w("report.s2", "二、分项指标进展", "2. Every goal"),
            w("report.s3", "三、与上期相比的变化", "3. Changes since the previous report"),
            w("report.s4", "四、滞后及有风险指标", "4. Goals behind or at risk"),
            w("report.s5", "五、旗区汇总", "5. By county-level unit"),
            w("report.s6", "六、部门汇总", "6. By department"),
            w("report.statusChanges", "状态变化", "Status changes"),
            w("report.newAlerts", "新增预警", "New alerts"),
            w("report.recovered", "解除预警", "Recovered alerts"),
            w("report.restated", "数据更正引起的上期数值变化", "Figures moved by restatements"),
            w("report.none", "无", "None"),
            w("report.total", "指标总数：%d", "Goals: %d"),
            w("report.count", "个数", "Goals"),
            w("report.previousStatus", "上期状态", "Previous status"),
            w("report.previousActual", "上期通报值", "As published"),
            w("report.previousActualNow", "上期时点现值", "Same day, known now"),
            w("report.change", "变化", "Change"),
            w("report.chart.status", "指标状态分布", "Goals by status"),
            w("report.chart.lagging", "滞后及有风险指标完成进度（实际/目标，%）", "Goals behind or at risk: progress (actual/target, %)"),
            w("report.chart.expected", "应达进度", "Expected"),
            w("report.chart.actual", "实际进度", "Actual"),
            w(
                    "report.countyNote",
                    "比值类指标列分子口径，增速类指标列本年数量，单位见单位列",
                    "For ratios the numerator, for growth rates this year's amounts; units as in the unit column"),
            w("report.page", "第 %d 页", "Page %d"),
            w("sheet.overview", "总览", "Overview"),
            w("sheet.changes", "变化情况", "Changes"),
            w("sheet.lagging", "滞后指标", "Behind"),
            w("sheet.countySummary", "旗区汇总", "Counties"),
            w("sheet.departmentSummary", "部门汇总", "Departments"),
            w("sheet.charts", "图表", "Charts"),
            w("sheet.reports", "通报", "Reports"),
            // statuses
            w("ACHIEVED", "已完成", "Achieved"),
            w("ON_TRACK", "正常", "On track"),
            w("AT_RISK", "有风险", "At risk"),
            w("BEHIND", "滞后", "Behind"),
            w("NO_DATA", "无数据", "No data"),
            w("STALE", "数据过期", "Stale"),
            w("AT_LEAST", "不低于", "at least"),
            w("AT_MOST", "不高于", "at most"),
            w("ABOUT", "左右", "about"),
            w("REACH", "达到", "reach"),
            w("HOLD_AT", "保持", "hold at"),
            w("FEED", "合计", "feed"),
            w("NUMERATOR", "分子", "numerator"),
            w("DENOMINATOR", "分母", "denominator"),
            w("FIRING", "触发", "Firing"),
            w("ESCALATED", "升级", "Escalated"),
            w("RESOLVED", "解除", "Resolved"),
            w("INFO", "通知", "Info"),
            w("WARNING", "预警", "Warning"),
            w("CRITICAL", "严重", "Critical"),
            w("FALLING_BEHIND", "进度滞后", "Falling behind"),
            w("STALE_DATA", "数据逾期", "Data overdue"));

    /** Fills for statuses on white paper, in the screen's hues. */
    private static final Map<String, String> STATUS_RGB = Map.of(
            "ACHIEVED", "B7E9DF",
            "ON_TRACK", "C6EFCE",
            "AT_RISK", "FFE699",
            "BEHIND", "FFC7CE",
            "STALE", "E4DFEC",
            "NO_DATA", "E7E6E6");

    private final Lang lang;

    public Labels(Lang lang) {
        this.lang = lang;
    }

    public Lang lang() {
        return lang;
    }

    /** The word for a key; an unknown key is shown as itself (a new enum symbol still exports). */
    public String get(String key) {
        String[] w = WORDS.get(key);
        return w == null ? key : w[lang == Lang.ZH ? 0 : 1];
    }

    public String format(String key, Object... args) {
        return String.format(Locale.ROOT, get(key), args);
    }

    /** A status cell: its label on its colour. */
    public Spreadsheet.Status status(String status) {
        return new Spreadsheet.Status(get(status), STATUS_RGB.getOrDefault(status, "FFFFFF"));
    }

    /** The RGB of a status, for charts and printed tables. */
    public static String rgb(String status) {
        return STATUS_RGB.getOrDefault(status, "FFFFFF");
    }

    /** Chinese or English of a pair the data carries (names, messages). */
    public String pick(String zh, String en) {
        return lang == Lang.ZH ? (zh != null ? zh : en) : (en != null ? en : zh);
    }

    /**
     * A unit (as the catalog states it, in Chinese) named in this language for a unit column or
     * label, as the English pages and alert messages name it ({@link Quantities#enUnit}); the
     * figures stay in the unit. A measure word (个, 座, 套 …) has no English unit after a number
     * ("8 of 10"), but a column left blank reads as a unit missing, so it says {@code count}; the
     * irrigation coefficient's 系数 says {@code coefficient}.
     */
    public String unit(String unit) {
        if (lang == Lang.ZH || unit == null) {
            return unit;
        }
        String english = Quantities.enUnit(unit);
        if (!english.isBlank()) {
            return english;
        }
        return unit.strip().equals("系数") ? "coefficient" : "count";
    }

    /** A department (named in Chinese by the catalog) in this language. */
    public String department(String chineseName) {
        return lang == Lang.ZH ? chineseName : Departments.englishName(chineseName);
    }

    private static Map.Entry<String, String[]> w(String key, String zh, String en) {
        return Map.entry(key, new String[] {zh, en});
    }
}
