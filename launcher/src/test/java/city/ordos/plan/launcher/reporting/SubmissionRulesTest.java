package city.ordos.plan.launcher.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.auth.Principal;
import city.ordos.plan.auth.Role;
import city.ordos.plan.avro.ReportSubmission;
import city.ordos.plan.avro.SubmissionState;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.catalog.Catalog;
import city.ordos.plan.producers.imports.CatalogFeeds;
import city.ordos.plan.producers.imports.RawRow;
import city.ordos.plan.producers.imports.RowValidator;
import city.ordos.plan.producers.imports.TableLayout;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The web reporting rules on the built-in catalog and the importer's real validators. */
class SubmissionRulesTest {

    private static final Catalog CATALOG = BuiltInCatalog.parse();
    private static final ReportingScope SCOPE = ReportingScope.of(CATALOG);
    private static final Instant NOW = Instant.parse("2025-07-31T02:00:00Z");

    private static RowValidator validator() throws Exception {
        return new TableLayout.Options(TableLayout.AUTO, "MUNICIPAL_MAJOR", 2025, CatalogFeeds.of(CATALOG))
                .validatorFor(ReportingRoutes.FORM_HEADER);
    }

    private static RawRow row(long line, String metric, String value) {
        List<String> cells = List.of(metric, "2025-06", value, "%");
        return new RawRow(line, cells, String.join(",", cells));
    }

    private static Principal reporter(String department) {
        return Principal.of("r", "r", Role.REPORTER, Set.of(department), Principal.Via.PASSWORD);
    }

    @Test
    void aTableIsAllOrNothingAndEveryBadRowIsNamedInChineseAndEnglish() throws Exception {
        SubmissionCheck.Result result = SubmissionCheck.check(
                List.of(row(2, "gdp.growth_yoy", "5.8"), row(3, "gdp.growth_yoy", "six")),
                validator(),
                SCOPE,
                reporter("市发展和改革委员会"));
        assertThat(result.accepted()).isFalse();
        assertThat(result.statements()).as("nothing half-submitted").isEmpty();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reasonCode()).isEqualTo("INVALID_DECIMAL");
            assertThat(p.zh()).isEqualTo("数值格式不正确（应为数字，最多6位小数）");
            assertThat(p.en()).contains("six");
        });
    }

    @Test
    void aTableWithoutRowsIsRefusedSayingSoInChineseAndEnglish() throws Exception {
        SubmissionCheck.Result result = SubmissionCheck.check(List.of(), validator(), SCOPE, reporter("市发展和改革委员会"));
        assertThat(result.accepted()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.reasonCode()).isEqualTo("NO_DATA_ROWS");
            assertThat(p.zh()).isEqualTo("表格中没有数据行");
            assertThat(p.en()).isEqualTo("the table has no data rows");
        });
    }

    @Test
    void aReporterSubmitsOnlyWhatTheirDepartmentAnswersForAndAnOperatorAnything() throws Exception {
        List<RawRow> gdp = List.of(row(2, "gdp.growth_yoy", "5.8"));
        SubmissionCheck.Result own = SubmissionCheck.check(gdp, validator(), SCOPE, reporter("市发展和改革委员会"));
        assertThat(own.accepted()).isTrue();
        assertThat(own.departments()).containsExactly("市发展和改革委员会");

        SubmissionCheck.Result other = SubmissionCheck.check(gdp, validator(), SCOPE, reporter("市教育局"));
        assertThat(other.accepted()).isFalse();
        assertThat(other.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.reasonCode()).isEqualTo("NOT_YOUR_DEPARTMENT"));

        Principal operator = Principal.of("op", "op", Role.OPERATOR, Set.of(), Principal.Via.PASSWORD);
        SubmissionCheck.Result byOperator = SubmissionCheck.check(gdp, validator(), SCOPE, operator);
        assertThat(byOperator.accepted()).isTrue();
        assertThat(byOperator.departments()).containsExactly("市发展和改革委员会");
    }

    @Test
    void aSubmissionIsDecidedOnceAndNeverByItsSubmitter() {
        ReportSubmission pending = ReportSubmission.newBuilder()
                .setSubmissionId("s-1")
                .setState(SubmissionState.PENDING)
                .setDepartment("市发展和改革委员会")
                .setSubmittedBy("fgw")
                .setSubmittedAt(NOW)
                .setFileName("form")
                .setHeader(ReportingRoutes.FORM_HEADER)
                .setRows(List.of())
                .build();
        assertThatThrownBy(() -> SubmissionDecision.approve(pending, "fgw", NOW))
                .isInstanceOf(SubmissionDecision.RefusedException.class)
                .hasMessageContaining("own submitter");
        assertThatThrownBy(() -> SubmissionDecision.reject(pending, "op", " ", NOW))
                .isInstanceOf(IllegalArgumentException.class);

        ReportSubmission approved = SubmissionDecision.approve(pending, "op", NOW);
        assertThat(approved.getState()).isEqualTo(SubmissionState.APPROVED);
        assertThat(approved.getDecidedBy()).isEqualTo("op");
        assertThatThrownBy(() -> SubmissionDecision.approve(approved, "op2", NOW))
                .isInstanceOf(SubmissionDecision.RefusedException.class)
                .hasMessageContaining("already approved by op");
        assertThatThrownBy(() -> SubmissionDecision.reject(approved, "op2", "wrong month", NOW))
                .isInstanceOf(SubmissionDecision.RefusedException.class);
    }

    @Test
    void theReportingPeriodIsThePlansLastMonthWithinThePlanYear() {
        // Shanghai time: the last evening of July is still July there, the first hours of August are not.
        assertThat(ReportingRoutes.reportingPeriod(Instant.parse("2025-07-31T15:00:00Z"), 2025))
                .isEqualTo(YearMonth.of(2025, 6));
        assertThat(ReportingRoutes.reportingPeriod(Instant.parse("2025-07-31T16:30:00Z"), 2025))
                .isEqualTo(YearMonth.of(2025, 7));
        assertThat(ReportingRoutes.reportingPeriod(Instant.parse("2025-01-01T00:00:00Z"), 2025))
                .as("a replay's first day: the plan's first month, not December before it")
                .isEqualTo(YearMonth.of(2025, 1));
        assertThat(ReportingRoutes.reportingPeriod(Instant.parse("2026-03-10T00:00:00Z"), 2025))
                .isEqualTo(YearMonth.of(2025, 12));
    }

    @Test
    void approvalIsRequiredUnlessTurnedOffAndAMisspeltSettingStopsTheStart() {
        assertThat(WebReporting.approvalRequired(null)).isTrue();
        assertThat(WebReporting.approvalRequired("required")).isTrue();
        assertThat(WebReporting.approvalRequired("none")).isFalse();
        assertThatThrownBy(() -> WebReporting.approvalRequired("off"))
                .hasMessageContaining("ordos.reporting.approval")
                .hasMessageContaining("'off'");
    }
}
