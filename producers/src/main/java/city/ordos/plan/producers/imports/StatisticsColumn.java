package city.ordos.plan.producers.imports;

import java.util.List;

/** The columns of a statistics release table (docs/import-format.md), with the headers accepted for each. */
public enum StatisticsColumn implements TableColumn {
    METRIC(true, "指标代码", "metric", "indicator_code"),
    INDICATOR_NAME(false, "指标名称", "indicator_name", "name"),
    PERIOD(true, "统计期", "报告期", "统计时期", "period"),
    VALUE(true, "数值", "本期数", "value"),
    UNIT(true, "单位", "计量单位", "unit"),
    /** Only 全市 (or blank): county figures are refused, see {@link StatisticsRowValidator}. */
    COUNTY(false, "旗区", "地区", "county"),
    RELEASED_AT(false, "发布日期", "公布日期", "released_at", "reported_at");

    private final boolean required;
    private final List<String> headers;

    StatisticsColumn(boolean required, String... headers) {
        this.required = required;
        this.headers = List.of(headers);
    }

    @Override
    public boolean required() {
        return required;
    }

    @Override
    public List<String> headers() {
        return headers;
    }
}
