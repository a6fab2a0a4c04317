package city.ordos.plan.producers.imports;

import java.util.List;

/** The columns of an investment report table (docs/import-format.md), with the headers accepted for each. */
public enum Column implements TableColumn {
    PROJECT_ID(true, "项目编号", "项目代码", "project_id", "projectid"),
    PROJECT_NAME(true, "项目名称", "project_name", "projectname"),
    COUNTY(true, "旗区", "所属旗区", "旗区名称", "county"),
    SECTOR(true, "行业", "所属行业", "行业类别", "sector"),
    AS_OF(true, "截至日期", "截止日期", "统计截至日期", "as_of", "asof"),
    VALUE(true, "完成投资", "本年完成投资", "累计完成投资", "completed_investment", "value"),
    UNIT(true, "单位", "计量单位", "unit"),
    TIER(false, "项目类别", "项目层级", "tier"),
    REPORTED_AT(false, "报送日期", "填报日期", "reported_at", "reportedat");

    private final boolean required;
    private final List<String> headers;

    Column(boolean required, String... headers) {
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
