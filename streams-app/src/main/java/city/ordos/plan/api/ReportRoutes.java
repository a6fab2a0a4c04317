package city.ordos.plan.api;

import city.ordos.plan.audit.AuditEntry;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.auth.Role;
import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.ReportAlert;
import city.ordos.plan.avro.ReportGoal;
import city.ordos.plan.avro.ReportKind;
import city.ordos.plan.export.Labels;
import city.ordos.plan.reports.ReportBuilder;
import city.ordos.plan.reports.ReportCharts;
import city.ordos.plan.reports.ReportDocuments;
import city.ordos.plan.reports.ReportStore;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dispatch reports on the API: the list, one report's content, its workbook and PDF (Chinese,
 * or English with {@code lang=en}), and generation on demand for any day (a change: operators and up,
 * recorded in the audit trail).
 */
final class ReportRoutes {

    private final ReportService reports;
    private final ReportDocuments documents;
    private final TimeTravel timeTravel;
    private final ApiSecurity security;

    ReportRoutes(ReportService reports, ReportDocuments documents, TimeTravel timeTravel, ApiSecurity security) {
        this.reports = reports;
        this.documents = documents;
        this.timeTravel = timeTravel;
        this.security = security;
    }

    void register(Javalin app) {
        app.exception(
                ReportCharts.ReportFontException.class,
                (e, ctx) -> ctx.status(503).json(new Views.Problem(503, e.getMessage())));
        app.exception(
                ReportStore.NotPublishedException.class,
                (e, ctx) -> ctx.status(503).json(new Views.Problem(503, e.getMessage())));
        app.get(
                "/api/reports",
                ctx -> ctx.json(new ReportList(reports.log().all().stream()
                        .filter(r -> r.getPlanId().equals(plan(ctx)))
                        .map(ReportRoutes::summary)
                        .toList())),
                Role.VIEWER);
        app.get("/api/reports/{report}", ctx -> ctx.json(ReportView.of(report(ctx))), Role.VIEWER);
        app.get("/api/reports/{report}/workbook", this::workbook, Role.VIEWER);
        app.get("/api/reports/{report}/pdf", this::pdf, Role.VIEWER);
        app.post("/api/reports", this::generate, Role.OPERATOR);
    }

    private void workbook(Context ctx) {
        DispatchReport r = report(ctx);
        Labels l = ExportRoutes.labels(ctx);
        ctx.contentType(ExportRoutes.XLSX)
                .header("Content-Disposition", attachment(fileName(r, l, "xlsx")))
                .result(documents.workbook(r, l));
    }

    private void pdf(Context ctx) {
        DispatchReport r = report(ctx);
        Labels l = ExportRoutes.labels(ctx);
        ctx.contentType("application/pdf")
                .header("Content-Disposition", attachment(fileName(r, l, "pdf")))
                .result(documents.pdf(r, l));
    }

    private void generate(Context ctx) {
        String text = ctx.queryParam("date");
        if (text == null || text.isBlank()) {
            throw new BadRequestResponse("date is required: the plan day to report on, such as 2025-06-15");
        }
        Moment m = timeTravel.moment(text, null);
        LocalDate day = ((Moment.AsOf) m).date();
        DispatchReport r = reports.generate(day, ReportKind.ON_DEMAND);
        security.audit()
                .record(AuditEntry.by(
                                security.principal(ctx),
                                security.clientAddress(ctx),
                                "REPORT_GENERATED",
                                r.getReportId(),
                                AuditEntry.OK)
                        .withDetail("on demand for " + day));
        ctx.status(201).json(ReportView.of(r));
    }

    /** {@code /api/reports/2025-06} (month-end) or {@code /api/reports/2025-06-15} (on demand). */
    private DispatchReport report(Context ctx) {
        String id = ctx.pathParam("report");
        boolean month = id.length() == 7;
        try {
            if (month) {
                YearMonth.parse(id);
            } else {
                LocalDate.parse(id);
            }
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse(
                    "a report is named by its month (2025-06) or, asked for a day, by that day (2025-06-15); was '"
                            + DrillDownRoutes.clip(id) + "'");
        }
        return reports.log()
                .get(plan(ctx) + "/" + id)
                .orElseThrow(() -> new NotFoundResponse("no report " + plan(ctx) + "/" + id));
    }

    private String plan(Context ctx) {
        String plan = ctx.queryParam("plan");
        return plan == null || plan.isBlank() ? reports.planId() : plan;
    }

    private static String fileName(DispatchReport r, Labels l, String ext) {
        String day = r.getReportId().substring(r.getReportId().indexOf('/') + 1);
        return (l.lang() == Labels.Lang.ZH ? "月度调度通报-" : "dispatch-report-") + day + "." + ext;
    }

    private static String attachment(String file) {
        return "attachment; filename=\"" + file.replaceAll("[^\\x20-\\x7e]", "_") + "\"; filename*=UTF-8''"
                + URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static ReportSummary summary(DispatchReport r) {
        String day = r.getReportId().substring(r.getReportId().indexOf('/') + 1);
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        ReportBuilder.countByStatus(r.getGoals()).forEach((s, n) -> byStatus.put(s.name(), n));
        return new ReportSummary(
                r.getReportId(),
                r.getKind().name(),
                r.getAsOfDate(),
                r.getPreviousReportId(),
                r.getGoals().size(),
                byStatus,
                ReportBuilder.statusChanged(r).size(),
                r.getNewAlerts().size(),
                r.getRecoveredAlerts().size(),
                ReportBuilder.restated(r).size(),
                "/api/reports/" + day + "/workbook",
                "/api/reports/" + day + "/pdf");
    }

    record ReportList(List<ReportSummary> reports) {}

    record ReportSummary(
            String reportId,
            String kind,
            String asOfDate,
            String previousReportId,
            int goals,
            Map<String, Integer> byStatus,
            int statusChanges,
            int newAlerts,
            int recoveredAlerts,
            int restated,
            String workbook,
            String pdf) {}

    record ReportGoalView(
            String goalKey,
            String section,
            String sectionTitleZh,
            String sectionTitleEn,
            String nameZh,
            String nameEn,
            String department,
            String unit,
            String comparator,
            BigDecimal target,
            BigDecimal actual,
            BigDecimal expected,
            BigDecimal projectedYearEnd,
            Double progressRatio,
            String status,
            Map<String, BigDecimal> byCounty,
            String countyUnit,
            String previousStatus,
            BigDecimal previousActual,
            BigDecimal previousActualNow) {
        static ReportGoalView of(ReportGoal g) {
            Map<String, BigDecimal> counties = new TreeMap<>();
            g.getByCounty().forEach((k, v) -> counties.put(k, Views.plain(v)));
            return new ReportGoalView(
                    g.getGoalKey(),
                    g.getSection(),
                    g.getSectionTitleZh(),
                    g.getSectionTitleEn(),
                    g.getNameZh(),
                    g.getNameEn(),
                    g.getDepartment(),
                    g.getUnit(),
                    g.getComparator().name(),
                    Views.plain(g.getTarget()),
                    Views.plain(g.getActual()),
                    Views.plain(g.getExpected()),
                    Views.plain(g.getProjectedYearEnd()),
                    g.getProgressRatio(),
                    g.getStatus().name(),
                    counties,
                    g.getCountyUnit() != null ? g.getCountyUnit() : g.getUnit(),
                    g.getPreviousStatus() == null ? null : g.getPreviousStatus().name(),
                    Views.plain(g.getPreviousActual()),
                    Views.plain(g.getPreviousActualNow()));
        }
    }

    record ReportAlertView(
            String alertId,
            String goalKey,
            String department,
            String kind,
            String severity,
            String state,
            String firedAt,
            String changedAt,
            String messageZh,
            String messageEn) {
        static ReportAlertView of(ReportAlert a) {
            return new ReportAlertView(
                    a.getAlertId(),
                    a.getGoalKey(),
                    a.getDepartment(),
                    a.getKind().name(),
                    a.getSeverity().name(),
                    a.getState().name(),
                    Views.time(a.getFiredAt()),
                    Views.time(a.getChangedAt()),
                    a.getMessageZh(),
                    a.getMessageEn());
        }
    }

    /** A report's content; the "changes" lists are derived from the goals and alerts. */
    record ReportView(
            ReportSummary summary,
            String previousAsOfDate,
            List<ReportGoalView> goals,
            List<String> statusChanged,
            List<String> restated,
            List<String> lagging,
            List<ReportAlertView> newAlerts,
            List<ReportAlertView> recoveredAlerts) {
        static ReportView of(DispatchReport r) {
            return new ReportView(
                    ReportRoutes.summary(r),
                    r.getPreviousAsOfDate(),
                    r.getGoals().stream().map(ReportGoalView::of).toList(),
                    ReportBuilder.statusChanged(r).stream()
                            .map(ReportGoal::getGoalKey)
                            .toList(),
                    ReportBuilder.restated(r).stream()
                            .map(ReportGoal::getGoalKey)
                            .toList(),
                    ReportBuilder.lagging(r).stream()
                            .map(ReportGoal::getGoalKey)
                            .toList(),
                    r.getNewAlerts().stream().map(ReportAlertView::of).toList(),
                    r.getRecoveredAlerts().stream().map(ReportAlertView::of).toList());
        }
    }
}
