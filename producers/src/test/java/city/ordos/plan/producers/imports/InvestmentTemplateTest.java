package city.ordos.plan.producers.imports;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.catalog.BuiltInCatalog;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvestmentTemplateTest {

    private static final TableLayout.Options OPTIONS =
            new TableLayout.Options(TableLayout.AUTO, "MUNICIPAL_MAJOR", 2025, CatalogFeeds.of(BuiltInCatalog.parse()));

    private static final InvestmentTemplate.Table MAY = new InvestmentTemplate.Table(
            List.of("项目编号", "项目名称", "旗区", "行业", "截至日期", "完成投资（亿元）", "项目类别"),
            List.of(
                    List.of("ORD-ZD-001", "准格尔旗煤制烯烃项目二期", "准格尔旗", "工业", "2025-05-31", "10.2", "市级重大项目"),
                    List.of("ORD-ZD-002", "鄂托克旗光伏治沙项目", "鄂托克旗", "能源", "2025-05-31", "6", "市级重大项目")));
    /** June's table in another layout (English headers, columns reordered): project 1 renamed. */
    private static final InvestmentTemplate.Table JUNE = new InvestmentTemplate.Table(
            List.of("county", "project_id", "project_name", "sector", "as_of", "value", "unit"),
            List.of(List.of("准格尔旗", "ORD-ZD-001", "准格尔旗煤制烯烃二期（更名）", "制造业", "2025-06-30", "12.35", "亿元")));

    private static final InvestmentTemplate.Table STATISTICS = new InvestmentTemplate.Table(
            List.of("指标代码", "统计期", "数值", "单位"), List.of(List.of("gdp.growth_yoy", "2025-06", "5.8", "%")));

    @Test
    void everyProjectReportedBeforeIsARowWithItsLatestDetailsAndTheMonthsLastDay() {
        List<List<String>> rows = InvestmentTemplate.rows(List.of(MAY, STATISTICS, JUNE), YearMonth.of(2025, 7));

        assertThat(InvestmentTemplate.header())
                .containsExactly("项目编号", "项目名称", "旗区", "行业", "截至日期", "完成投资", "单位", "项目类别", "报送日期");
        assertThat(rows)
                .containsExactly(
                        List.of("ORD-ZD-001", "准格尔旗煤制烯烃二期（更名）", "准格尔旗", "制造业", "2025-07-31", "", "亿元", "", ""),
                        List.of("ORD-ZD-002", "鄂托克旗光伏治沙项目", "鄂托克旗", "能源", "2025-07-31", "", "亿元", "市级重大项目", ""));
    }

    @Test
    void theTemplateFilledInPassesTheImportersValidation() {
        List<String> header = InvestmentTemplate.header();
        RowValidator validator;
        try {
            validator = OPTIONS.validatorFor(header);
        } catch (ImportException e) {
            throw new AssertionError(e);
        }
        int line = 1;
        for (List<String> row : InvestmentTemplate.rows(List.of(MAY), YearMonth.of(2025, 6))) {
            List<String> filled = new ArrayList<>(row);
            filled.set(header.indexOf("完成投资"), "12.5");
            RowOutcome outcome = validator.validate(new RawRow(++line, filled, String.join(",", filled)));
            assertThat(outcome).as("line %d: %s", line, filled).isInstanceOf(RowOutcome.Accepted.class);
        }
        assertThat(line).isEqualTo(3);
    }

    @Test
    void aDepartmentThatNeverReportedGetsTheHeaderAlone() {
        assertThat(InvestmentTemplate.rows(List.of(STATISTICS), YearMonth.of(2025, 6)))
                .isEmpty();
    }
}
