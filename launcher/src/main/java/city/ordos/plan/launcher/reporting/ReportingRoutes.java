package city.ordos.plan.launcher.reporting;

import city.ordos.plan.api.ApiExtension;
import city.ordos.plan.audit.AuditEntry;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.auth.Principal;
import city.ordos.plan.auth.Role;
import city.ordos.plan.avro.ReportSubmission;
import city.ordos.plan.avro.SubmissionState;
import city.ordos.plan.avro.SubmittedRow;
import city.ordos.plan.catalog.FeedSpec;
import city.ordos.plan.catalog.GoalSpec;
import city.ordos.plan.producers.imports.ImportException;
import city.ordos.plan.producers.imports.InvestmentTemplate;
import city.ordos.plan.producers.imports.KafkaImportSink;
import city.ordos.plan.producers.imports.RawRow;
import city.ordos.plan.producers.imports.ReportTable;
import city.ordos.plan.producers.imports.RowOutcome;
import city.ordos.plan.producers.imports.RowValidator;
import city.ordos.plan.producers.imports.TableLayout;
import city.ordos.plan.topics.ImportHeaders;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import city.ordos.plan.web.JsonBody;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reporting on the web (docs/security.md#reporting-on-the-web): a department reporter sees the
 * goals their department answers for, submits a statement table (an upload in the importer's
 * layouts, or one figure in a form), sees every row's problem in Chinese and English with nothing
 * recorded, and a valid submission waits as PENDING on the report-submissions topic until an
 * operator approves it (its statements go to the input topics in the same transaction) or rejects
 * it with a reason. Every step is audited.
 */
public final class ReportingRoutes implements ApiExtension {

    private static final Logger LOG = LoggerFactory.getLogger(ReportingRoutes.class);
    /** The form is a one-row statistics table in the importer's layout: one validation for both. */
    static final List<String> FORM_HEADER = List.of("指标代码", "统计期", "数值", "单位");

    /**
     * A department's table is a few hundred rows; 5 MiB is room for thousands of rows in any of
     * the formats and keeps one request from filling the server's memory and temp directory.
     */
    static final long MAX_UPLOAD_BYTES = 5L * 1024 * 1024;

    /** How long a decision may wait for another instance's decision in flight and for the log to be read. */
    private static final Duration DECISION_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The API's reason code for any file it cannot take as a table; the problem's texts say which
     * kind ({@code ImportException#reason()}: unreadable, wrong encoding, a missing column ...).
     */
    static final String BAD_FILE = "BAD_FILE";

    record Form(String metric, String period, String value, String unit) {}

    record Decision(String reason) {}

    /** A statistics metric a goal reads: what the one-figure form offers, with the unit it expects. */
    record MetricView(String metric, String unit) {}

    record GoalView(
            String goalId,
            String nameZh,
            String nameEn,
            String unit,
            String department,
            List<String> reads,
            List<MetricView> metrics) {}

    /** @param period the month a report is usually for: the plan clock's last month */
    record Goals(String period, List<GoalView> goals) {}

    record SubmissionView(
            String submissionId,
            String state,
            String department,
            String submittedBy,
            String submittedAt,
            String fileName,
            int rows,
            String decidedBy,
            String decidedAt,
            String reason) {
        static SubmissionView of(ReportSubmission s) {
            return new SubmissionView(
                    s.getSubmissionId(),
                    s.getState().name(),
                    s.getDepartment(),
                    s.getSubmittedBy(),
                    s.getSubmittedAt().toString(),
                    s.getFileName(),
                    s.getRows().size(),
                    s.getDecidedBy(),
                    s.getDecidedAt() == null ? null : s.getDecidedAt().toString(),
                    s.getReason());
        }
    }

    record Submissions(List<SubmissionView> submissions) {}

    /** One submission with its table, as the operator reviews it before deciding. */
    record SubmissionDetail(SubmissionView submission, List<String> header, List<RowView> rows) {}

    record RowView(long line, List<String> cells) {}

    /** 422: the submission was not recorded; every row's problem is listed. */
    record Refusal(int status, String error, List<SubmissionCheck.Problem> problems) {}

    private final KafkaSubmissions submissions;
    private final ReportingScope scope;
    private final TableLayout.Options layout;
    private final OrdosTopics topics;
    private final Clock clock;
    private final int planYear;
    private final boolean approvalRequired;
    private ApiSecurity security;
    private Supplier<Instant> planNow;

    public ReportingRoutes(
            KafkaSubmissions submissions,
            ReportingScope scope,
            TableLayout.Options layout,
            OrdosTopics topics,
            Clock clock,
            boolean approvalRequired) {
        this.submissions = submissions;
        this.scope = scope;
        this.layout = layout;
        this.topics = topics;
        this.clock = clock;
        this.planYear = layout.planYear();
        this.approvalRequired = approvalRequired;
    }

    @Override
    public void register(Javalin app, ApiSecurity security, Supplier<Instant> planNow) {
        this.security = security;
        this.planNow = planNow;
        app.exception(
                SubmissionDecision.RefusedException.class,
                (e, ctx) -> ctx.status(409).json(new Refusal(409, e.getMessage(), List.of())));
        app.exception(
                KafkaSubmissions.NotRecordedException.class,
                (e, ctx) -> ctx.status(503).json(new Refusal(503, e.getMessage(), List.of())));
        app.get("/api/reporting/goals", this::goals, Role.REPORTER);
        app.get("/api/reporting/submissions", this::list, Role.REPORTER);
        app.get("/api/reporting/submissions/{id}", this::detail, Role.REPORTER);
        app.get("/api/reporting/template", this::template, Role.REPORTER);
        app.post("/api/reporting/submissions", this::submit, Role.REPORTER);
        app.post("/api/reporting/submissions/{id}/approve", this::approve, Role.OPERATOR);
        app.post("/api/reporting/submissions/{id}/reject", this::reject, Role.OPERATOR);
    }

    private void goals(Context ctx) {
        Principal who = security.principal(ctx);
        List<GoalSpec> goals = who.may(Role.OPERATOR) ? scope.allGoals() : scope.goalsOf(who.departments());
        ctx.json(new Goals(
                reportingPeriod(),
                goals.stream()
                        .map(g -> new GoalView(
                                g.id(),
                                g.nameZh(),
                                g.nameEn(),
                                g.unit(),
                                g.department(),
                                ReportingScope.feeds(g).stream()
                                        .map(f -> f.metric() == null ? f.stream() : f.stream() + " " + f.metric())
                                        .toList(),
                                ReportingScope.feeds(g).stream()
                                        .filter(f -> f.metric() != null)
                                        .map(f -> new MetricView(f.metric(), f.unit() == null ? g.unit() : f.unit()))
                                        .toList()))
                        .toList()));
    }

    /**
     * The table to fill in for a period, in the header the importer reads, so the filled file
     * uploads as it is. {@code kind=statistics} (default): one row per statistics metric of the
     * caller's goals (all goals for operators), the period filled in, the value left empty.
     * {@code kind=investment}: one row per project the caller's departments reported in approved
     * submissions before (the centre does not know their projects in advance), the month's last
     * day as the as-of date.
     */
    private void template(Context ctx) {
        Principal who = security.principal(ctx);
        String period = ctx.queryParam("period");
        if (period == null) {
            period = reportingPeriod();
        } else if (!period.matches("\\d{4}-\\d{2}")) {
            throw new BadRequestResponse("period must be YYYY-MM, was " + period);
        }
        String kind = Optional.ofNullable(ctx.queryParam("kind")).orElse("statistics");
        switch (kind) {
            case "statistics" ->
                sendWorkbook(
                        ctx,
                        "统计数据",
                        List.of("指标代码", "指标名称", "统计期", "数值", "单位"),
                        statisticsRows(who, period),
                        "statistics-" + period + ".xlsx");
            case "investment" ->
                sendWorkbook(
                        ctx,
                        "投资月报",
                        InvestmentTemplate.header(),
                        InvestmentTemplate.rows(earlierTables(who), YearMonth.parse(period)),
                        "investment-" + period + ".xlsx");
            default -> throw new BadRequestResponse("kind must be statistics or investment, was " + kind);
        }
    }

    private List<List<String>> statisticsRows(Principal who, String period) {
        List<GoalSpec> goals = who.may(Role.OPERATOR) ? scope.allGoals() : scope.goalsOf(who.departments());
        Set<String> metrics = new LinkedHashSet<>();
        List<List<String>> rows = new ArrayList<>();
        for (GoalSpec goal : goals) {
            for (FeedSpec feed : ReportingScope.feeds(goal)) {
                if (feed.metric() != null && metrics.add(feed.metric())) {
                    rows.add(List.of(
                            feed.metric(), goal.nameZh(), period, "", feed.unit() == null ? goal.unit() : feed.unit()));
                }
            }
        }
        return rows;
    }

    /** The caller's departments' approved submissions (all for operators), oldest first. */
    private List<InvestmentTemplate.Table> earlierTables(Principal who) {
        return submissions.all().stream()
                .filter(s -> s.getState() == SubmissionState.APPROVED && visibleTo(who, s))
                .sorted(Comparator.comparing(ReportSubmission::getSubmittedAt))
                .map(s -> new InvestmentTemplate.Table(
                        s.getHeader(),
                        s.getRows().stream().map(SubmittedRow::getCells).toList()))
                .toList();
    }

    private static void sendWorkbook(
            Context ctx, String sheetName, List<String> header, List<List<String>> rows, String fileName) {
        try (XSSFWorkbook workbook = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet(sheetName);
            List<List<String>> all = new ArrayList<>();
            all.add(header);
            all.addAll(rows);
            for (int r = 0; r < all.size(); r++) {
                Row row = sheet.createRow(r);
                List<String> cells = all.get(r);
                for (int c = 0; c < cells.size(); c++) {
                    // An empty cell stays blank: the one to fill in.
                    if (!cells.get(c).isEmpty()) {
                        row.createCell(c).setCellValue(cells.get(c));
                    }
                }
            }
            for (int i = 0; i < header.size(); i++) {
                sheet.setColumnWidth(i, 20 * 256);
            }
            workbook.write(out);
            ctx.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                    .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                    .result(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String reportingPeriod() {
        return reportingPeriod(planNow.get(), planYear).toString();
    }

    /**
     * The month a report is usually for: the plan clock's last month (a live year, a replay or a
     * fixed date alike, not the calendar's), kept within the plan year (a replay's clock starts at
     * its first day, when there is no last month of the plan yet).
     */
    static YearMonth reportingPeriod(Instant planNow, int planYear) {
        YearMonth last = YearMonth.from(planNow.atZone(PlanCalendar.ZONE)).minusMonths(1);
        YearMonth first = YearMonth.of(planYear, 1);
        YearMonth end = YearMonth.of(planYear, 12);
        return last.isBefore(first) ? first : last.isAfter(end) ? end : last;
    }

    private void list(Context ctx) {
        Principal who = security.principal(ctx);
        ctx.json(new Submissions(submissions.all().stream()
                .filter(s -> visibleTo(who, s))
                .map(SubmissionView::of)
                .toList()));
    }

    private void detail(Context ctx) {
        Principal who = security.principal(ctx);
        ReportSubmission s = find(ctx);
        if (!visibleTo(who, s)) {
            // Another department's submission: as if it did not exist, so ids cannot be probed.
            throw new NotFoundResponse("no submission " + s.getSubmissionId());
        }
        ctx.json(new SubmissionDetail(
                SubmissionView.of(s),
                s.getHeader(),
                s.getRows().stream()
                        .map(r -> new RowView(r.getLine(), r.getCells()))
                        .toList()));
    }

    /** Operators see every submission; a reporter those of a department they report for. */
    private static boolean visibleTo(Principal who, ReportSubmission s) {
        return who.may(Role.OPERATOR)
                || Arrays.stream(s.getDepartment().split(",")).anyMatch(who.departments()::contains);
    }

    private void submit(Context ctx) {
        Principal who = security.principal(ctx);
        // Checked before anything is read (the declared length; a chunked body is cut by Jetty's limit).
        if (ctx.contentLength() > MAX_UPLOAD_BYTES) {
            security.audit()
                    .record(AuditEntry.by(
                                    who, security.clientAddress(ctx), "REPORT_REFUSED", "upload", AuditEntry.REFUSED)
                            .withDetail("upload of " + ctx.contentLength() + " bytes, over " + MAX_UPLOAD_BYTES));
            ctx.status(413)
                    .json(new Refusal(
                            413,
                            "文件过大（上限 5 MiB），未提交任何内容 / the upload is larger than 5 MiB; nothing was "
                                    + "submitted: split the table or remove what is not needed",
                            List.of()));
            return;
        }
        String fileName;
        List<String> header;
        List<RawRow> rows;
        UploadedFile upload = ctx.isMultipartFormData() ? ctx.uploadedFile("file") : null;
        if (upload != null) {
            fileName = Path.of(upload.filename()).getFileName().toString();
            String encoding = ctx.formParam("encoding") == null ? "auto" : ctx.formParam("encoding");
            try (ReportTable table = open(upload, encoding)) {
                header = table.header();
                rows = new ArrayList<>();
                for (Iterator<RawRow> it = table.rows(); it.hasNext(); ) {
                    rows.add(it.next());
                }
            } catch (ImportException e) {
                refuse(
                        ctx,
                        who,
                        fileName,
                        List.of(new SubmissionCheck.Problem(
                                0, BAD_FILE, e.reason().zh(), e.getMessage())));
                return;
            } catch (Exception e) {
                throw new UncheckedIOException(new IOException("cannot read the upload " + fileName, e));
            }
        } else if (ctx.isMultipartFormData()) {
            throw new BadRequestResponse("attach the table as the form field 'file'");
        } else {
            Form form = JsonBody.read(ctx, Form.class, "a JSON object {metric, period, value, unit}");
            fileName = "form";
            header = FORM_HEADER;
            List<String> cells =
                    List.of(blank(form.metric()), blank(form.period()), blank(form.value()), blank(form.unit()));
            rows = List.of(new RawRow(1, cells, String.join(",", cells)));
        }
        Instant submittedAt = clock.instant();
        RowValidator validator;
        try {
            validator = reportedOn(submittedAt).validatorFor(header);
        } catch (ImportException e) {
            refuse(
                    ctx,
                    who,
                    fileName,
                    List.of(new SubmissionCheck.Problem(1, BAD_FILE, e.reason().zh(), e.getMessage())));
            return;
        }
        SubmissionCheck.Result checked = SubmissionCheck.check(rows, validator, scope, who);
        if (!checked.accepted()) {
            refuse(ctx, who, fileName, checked.problems());
            return;
        }
        ReportSubmission pending = ReportSubmission.newBuilder()
                .setSubmissionId(UUID.randomUUID().toString())
                .setState(SubmissionState.PENDING)
                .setDepartment(String.join(",", checked.departments()))
                .setSubmittedBy(who.name())
                .setSubmittedAt(submittedAt)
                .setFileName(fileName)
                .setHeader(header)
                .setRows(rows.stream()
                        .map(r -> new SubmittedRow(r.line(), r.cells()))
                        .toList())
                .build();
        if (!approvalRequired) {
            publishWithoutApproval(ctx, who, pending);
            return;
        }
        submissions.record(pending);
        security.audit()
                .record(AuditEntry.by(
                                who,
                                security.clientAddress(ctx),
                                "REPORT_SUBMITTED",
                                pending.getSubmissionId(),
                                AuditEntry.OK)
                        .withDetail(fileName + ", " + rows.size() + " rows for " + pending.getDepartment()));
        LOG.info(
                "submission {} by '{}': {} rows from {}", pending.getSubmissionId(), who.name(), rows.size(), fileName);
        ctx.status(201).json(SubmissionView.of(pending));
    }

    /** Approval turned off: the submission and its statements are published at once, in one transaction. */
    private void publishWithoutApproval(Context ctx, Principal who, ReportSubmission pending) {
        ReportSubmission approved = SubmissionDecision.withoutApproval(pending, clock.instant());
        List<KafkaSubmissions.Statement> statements = statementsOf(pending, who.name());
        submissions.publish(new KafkaSubmissions.Decided(approved, statements));
        security.audit()
                .record(AuditEntry.by(
                                who,
                                security.clientAddress(ctx),
                                "REPORT_PUBLISHED",
                                approved.getSubmissionId(),
                                AuditEntry.OK)
                        .withDetail(approved.getFileName() + ", " + statements.size()
                                + " statements published for " + approved.getDepartment()
                                + " (no approval required)"));
        LOG.info(
                "submission {} by '{}' published without approval: {} statements",
                approved.getSubmissionId(),
                who.name(),
                statements.size());
        ctx.status(201).json(SubmissionView.of(approved));
    }

    private void approve(Context ctx) {
        Principal who = security.principal(ctx);
        ReportSubmission pending = find(ctx);
        KafkaSubmissions.Decided decided = submissions.decide(
                pending.getSubmissionId(),
                current -> new KafkaSubmissions.Decided(
                        SubmissionDecision.approve(current, who.name(), clock.instant()),
                        statementsOf(current, who.name())),
                DECISION_TIMEOUT);
        ReportSubmission approved = decided.submission();
        List<KafkaSubmissions.Statement> statements = decided.statements();
        security.audit()
                .record(AuditEntry.by(
                                who,
                                security.clientAddress(ctx),
                                "REPORT_APPROVED",
                                pending.getSubmissionId(),
                                AuditEntry.OK)
                        .withDetail(
                                statements.size() + " statements published, submitted by " + pending.getSubmittedBy()));
        ctx.json(SubmissionView.of(approved));
    }

    private void reject(Context ctx) {
        Principal who = security.principal(ctx);
        ReportSubmission pending = find(ctx);
        Decision decision = JsonBody.read(ctx, Decision.class, "a JSON object {reason}");
        if (decision.reason() == null || decision.reason().isBlank()) {
            throw new BadRequestResponse("a rejection needs a reason the department can act on");
        }
        ReportSubmission rejected = submissions
                .decide(
                        pending.getSubmissionId(),
                        current -> new KafkaSubmissions.Decided(
                                SubmissionDecision.reject(current, who.name(), decision.reason(), clock.instant()),
                                List.of()),
                        DECISION_TIMEOUT)
                .submission();
        security.audit()
                .record(AuditEntry.by(
                                who,
                                security.clientAddress(ctx),
                                "REPORT_REJECTED",
                                pending.getSubmissionId(),
                                AuditEntry.OK)
                        .withDetail(rejected.getReason()));
        ctx.json(SubmissionView.of(rejected));
    }

    /**
     * A row without a release or report date of its own was reported on the day it was submitted,
     * at approval too: an approved figure is the department's latest, not one dated from its
     * period's end that any release already standing would outrank (latest report wins).
     */
    private TableLayout.Options reportedOn(Instant submittedAt) {
        return layout.reportedOn(PlanCalendar.dateOf(submittedAt));
    }

    /** The rows again through the same validator: what the submitter was shown is what gets published. */
    private List<KafkaSubmissions.Statement> statementsOf(ReportSubmission submission, String approvedBy) {
        RowValidator validator;
        try {
            validator = reportedOn(submission.getSubmittedAt()).validatorFor(submission.getHeader());
        } catch (ImportException e) {
            throw new SubmissionDecision.RefusedException(
                    "the submission's table no longer validates: " + e.getMessage());
        }
        List<KafkaSubmissions.Statement> statements = new ArrayList<>();
        for (SubmittedRow row : submission.getRows()) {
            RawRow raw = new RawRow(row.getLine(), row.getCells(), String.join(",", row.getCells()));
            if (!(validator.validate(raw) instanceof RowOutcome.Accepted a)) {
                throw new SubmissionDecision.RefusedException("line " + row.getLine()
                        + " no longer validates (the catalog changed since it was submitted): reject it");
            }
            statements.add(new KafkaSubmissions.Statement(
                    KafkaImportSink.inputTopic(a.event(), topics),
                    a.key(),
                    a.event(),
                    ImportHeaders.of(
                            submission.getFileName(),
                            row.getLine(),
                            submission.getSubmissionId(),
                            submission.getSubmittedBy(),
                            approvedBy)));
        }
        return statements;
    }

    private ReportSubmission find(Context ctx) {
        String id = ctx.pathParam("id");
        return submissions.get(id).orElseThrow(() -> new NotFoundResponse("no submission " + id));
    }

    private void refuse(Context ctx, Principal who, String fileName, List<SubmissionCheck.Problem> problems) {
        security.audit()
                .record(AuditEntry.by(who, security.clientAddress(ctx), "REPORT_REFUSED", fileName, AuditEntry.REFUSED)
                        .withDetail(problems.size() + " problems, first: line "
                                + problems.get(0).line() + " " + problems.get(0).reasonCode()));
        ctx.status(422)
                .json(new Refusal(
                        422,
                        "提交未被接受，请修改后重新提交 / nothing was submitted: fix the rows listed and submit again",
                        problems));
    }

    /** The upload as a file the importer opens by its name (the extension says CSV or Excel). */
    private static ReportTable open(UploadedFile upload, String encoding) throws ImportException, IOException {
        Path dir = Files.createTempDirectory("ordos-upload");
        Path file = dir.resolve(Path.of(upload.filename()).getFileName().toString());
        try (InputStream in = upload.content()) {
            Files.copy(in, file);
            return ReportTable.open(file, encoding);
        } finally {
            // ReportTable reads the whole file when it opens it.
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static String blank(String s) {
        return s == null ? "" : s.strip();
    }
}
