package city.ordos.plan.launcher.reporting;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.OrdosInstance;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.auth.PasswordHashing;
import city.ordos.plan.auth.Role;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.launcher.CatalogPublishing;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.testing.DocBlocks;
import city.ordos.plan.testing.HeadlessChromium;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Web reporting on the real application and broker: a reporter of the goal's department submits a
 * figure, an operator approves it, and the goal's figure moves; a bad figure and another
 * department's reporter are refused with nothing recorded; every step is in the audit trail.
 */
class WebReportingIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final String TOKEN = "web-reporting-token";
    private static final String PASSWORD = "correct horse battery staple";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** gdp-growth is 市发展和改革委员会's and reads the statistics metric gdp.growth_yoy. */
    private static final String FIGURE =
            "{\"metric\":\"gdp.growth_yoy\",\"period\":\"2025-06\",\"value\":\"5.8\",\"unit\":\"%\"}";

    @TempDir
    static Path dir;

    private static int port;
    private static OrdosInstance app;

    private record Session(String cookie, String csrf) {}

    @BeforeAll
    static void start() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        String hash = PasswordHashing.hash(PASSWORD);
        Path users = Files.writeString(
                dir.resolve("users.yaml"),
                "users:\n"
                        + user("fgw", hash, "reporter", "市发展和改革委员会")
                        + user("jyj", hash, "reporter", "市教育局")
                        + user("op", hash, "operator", "市大数据中心")
                        + user("viewer", hash, "viewer", "市大数据中心"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>();
        kafka.streamsProperties(topics.prefix() + "web-reporting-it")
                .forEach((k, v) -> settings.put(k.toString(), v.toString()));
        settings.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(AppConfig.CLOCK, "fixed:2025-07-31");
        settings.put(ApiSecurity.Settings.KIOSK, "true");
        settings.put(ApiSecurity.Settings.USERS_FILE, users.toString());
        settings.put(AppConfig.HTTP_HOST, "127.0.0.1");
        settings.put(AppConfig.HTTP_PORT, Integer.toString(port));
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        // The month-end reports the instance writes belong to this run, not to the source tree.
        settings.put(ReportSettings.DIRECTORY, dir.resolve("reports").toString());
        AppConfig config = AppConfig.of(settings);
        CatalogPublishing.publish(CatalogPublishing.builtIn(), config.serdeConfigs(), topics);
        app = OrdosInstance.start(
                config,
                TOKEN,
                Optional.empty(),
                List.of(() -> WebReporting.open(config, BuiltInCatalog.parse(), 2025)));
        app.awaitRunning(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aDepartmentsFigureCountsOnceAnOperatorApprovesIt() throws Exception {
        Session fgw = signIn("fgw");
        Session op = signIn("op");

        JsonNode goals =
                JSON.readTree(call("GET", "/api/reporting/goals", fgw, null).body());
        assertThat(goals.get("goals").findValuesAsText("goalId")).contains("gdp-growth");
        assertThat(goals.get("goals").findValuesAsText("department")).containsOnly("市发展和改革委员会");

        HttpResponse<String> bad = call("POST", "/api/reporting/submissions", fgw, FIGURE.replace("5.8", "about six"));
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
        JsonNode problem = JSON.readTree(bad.body()).get("problems").get(0);
        assertThat(problem.get("reasonCode").asText()).isEqualTo("INVALID_DECIMAL");
        assertThat(problem.get("zh").asText()).contains("数值格式不正确");
        assertThat(problem.get("en").asText()).contains("about six");

        HttpResponse<String> submitted = call("POST", "/api/reporting/submissions", fgw, FIGURE);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        JsonNode pending = JSON.readTree(submitted.body());
        assertThat(pending.get("state").asText()).isEqualTo("PENDING");
        assertThat(pending.get("submittedBy").asText()).isEqualTo("fgw");
        String id = pending.get("submissionId").asText();
        assertThat(goal("gdp-growth").path("progress").path("actual").isNumber())
                .as("nothing counts before approval")
                .isFalse();

        assertThat(call("POST", "/api/reporting/submissions/" + id + "/approve", fgw, "{}")
                        .statusCode())
                .as("a reporter cannot approve")
                .isEqualTo(403);
        HttpResponse<String> approved = call("POST", "/api/reporting/submissions/" + id + "/approve", op, "{}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(JSON.readTree(approved.body()).get("decidedBy").asText()).isEqualTo("op");
        assertThat(call("POST", "/api/reporting/submissions/" + id + "/approve", op, "{}")
                        .statusCode())
                .as("applied once")
                .isEqualTo(409);

        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(goal("gdp-growth")
                                .path("progress")
                                .path("actual")
                                .decimalValue())
                        .isEqualByComparingTo("5.8"));
        // The figure names the submission that carried it (and the form's one line).
        JsonNode source = JSON.readTree(
                        call("GET", "/api/goals/gdp-growth/sources", op, null).body())
                .get("sources")
                .get(0);
        assertThat(source.get("submissionId").asText()).isEqualTo(id);
        assertThat(source.get("submittedBy").asText()).isEqualTo("fgw");
        assertThat(source.get("approvedBy").asText()).isEqualTo("op");
        assertThat(source.get("importFile").asText()).isEqualTo("form");
        assertThat(source.get("importLine").asInt()).isEqualTo(1);

        JsonNode audit = JSON.readTree(call("GET", "/api/audit", op, null).body());
        String trail = audit.toString();
        assertThat(trail).contains("REPORT_REFUSED", "REPORT_SUBMITTED", "REPORT_APPROVED");
        assertThat(audit.findValues("actor").stream().map(JsonNode::asText)).contains("fgw", "op");
    }

    /**
     * A figure reported on the web is the department's latest word on its period: it dates from the
     * day it was submitted, so it supersedes a release of that period already standing. Dated from
     * the period's end, as a table without a release date is, it lost to that release (latest report
     * wins) while its approval still said "published".
     */
    @Test
    void aFigureReportedOnTheWebSupersedesAReleaseOfItsPeriodAlreadyStanding() throws Exception {
        Session fgw = signIn("fgw");
        Session op = signIn("op");
        String goal = "fixed-asset-investment-growth";
        // The statistics bureau's release, dated a fortnight after the period.
        byte[] release =
                "指标代码,统计期,数值,单位,发布日期\nfixed_asset_investment.growth_yoy,2025-06,7.1,%,2025-07-15\n".getBytes(UTF_8);
        HttpResponse<String> uploaded = upload(fgw, "统计快报-2025-06.csv", release);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        approve(op, JSON.readTree(uploaded.body()).get("submissionId").asText());
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(
                                goal(goal).path("progress").path("actual").decimalValue())
                        .isEqualByComparingTo("7.1"));

        // The department's correction of that period, on the form (which has no date field).
        LocalDate before = LocalDate.now(PlanCalendar.ZONE);
        HttpResponse<String> submitted = call(
                "POST",
                "/api/reporting/submissions",
                fgw,
                "{\"metric\":\"fixed_asset_investment.growth_yoy\",\"period\":\"2025-06\",\"value\":\"9.4\","
                        + "\"unit\":\"%\"}");
        LocalDate after = LocalDate.now(PlanCalendar.ZONE);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String id = JSON.readTree(submitted.body()).get("submissionId").asText();
        approve(op, id);

        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(
                                goal(goal).path("progress").path("actual").decimalValue())
                        .isEqualByComparingTo("9.4"));
        JsonNode source = JSON.readTree(
                        call("GET", "/api/goals/" + goal + "/sources", op, null).body())
                .get("sources")
                .get(0);
        assertThat(source.get("submissionId").asText()).isEqualTo(id);
        LocalDate reported =
                PlanCalendar.dateOf(Instant.parse(source.get("latestReportedAt").asText()));
        assertThat(reported).as("reported on the day it was submitted").isBetween(before, after);
    }

    private static void approve(Session operator, String submissionId) throws Exception {
        HttpResponse<String> approved =
                call("POST", "/api/reporting/submissions/" + submissionId + "/approve", operator, "{}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    }

    /**
     * The same cycle as a department and the monitoring centre do it, in a real browser: sign in,
     * the page lists the department's goals and offers the plan's last month, an upload with a bad
     * row shows that row's problem in Chinese with nothing submitted, the fixed file is submitted,
     * and an operator reviews it, approves it and sees the goal's card on the screen move; the goal's
     * page names the file, line and people, and the audit trail has every step with its person.
     */
    @Test
    void aReporterFixesAnUploadInTheBrowserAndAnOperatorApprovesIt() throws Exception {
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        String id;
        try (HeadlessChromium chromium = HeadlessChromium.start("WebReportingIT (browser)", 1366, 900)) {
            ChromeDriver browser = chromium.driver();
            browser.get(uri("/reporting.html").toString());
            signInOnThePage(browser, "fgw");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(browser.getCurrentUrl()).endsWith("/reporting.html"));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    browser.findElement(By.id("rp-goals")).getText())
                            .contains("城乡居民人均可支配收入")
                            .doesNotContain("市教育局"));
            assertThat(browser.findElement(By.id("rp-period")).getAttribute("value"))
                    .as("the plan clock's last month, not the browser's")
                    .isEqualTo("2025-06");
            assertThat(browser.findElement(By.id("rp-template")).getAttribute("href"))
                    .endsWith("/api/reporting/template?period=2025-06");

            // The template, downloaded by the browser, filled in for one metric (the rows not
            // reported this month deleted), first with a value that is not a number.
            browser.executeCdpCommand(
                    "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            browser.findElement(By.id("rp-template")).click();
            Path template = await().atMost(Duration.ofSeconds(30)).until(() -> xlsxIn(downloads), Objects::nonNull);
            String metric = "disposable_income_per_capita.growth_yoy";
            int line = templateRowOf(template, metric);
            Path bad = fillIn(template, metric, "六点五", dir.resolve("居民收入-2025-06.xlsx"));
            Path fixed = fillIn(template, metric, "6.5", dir.resolve("居民收入-2025-06-修改.xlsx"));

            int before = submissionsOf(signIn("op"));
            browser.findElement(By.id("rp-file")).sendKeys(bad.toString());
            browser.findElement(By.id("rp-upload-button")).click();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !browser.findElements(By.id("rp-problems")).isEmpty());
            String problems = browser.findElement(By.id("rp-problems")).getText();
            assertThat(problems).contains("INVALID_DECIMAL", "数值格式不正确", "六点五");
            assertThat(browser.findElement(By.cssSelector("#rp-problems td.line"))
                            .getText())
                    .isEqualTo(Integer.toString(line));
            assertThat(submissionsOf(signIn("op"))).as("nothing submitted").isEqualTo(before);
            chromium.screenshot("reporting-refused-row-1366x900.png");

            browser.findElement(By.id("rp-file")).sendKeys(fixed.toString());
            browser.findElement(By.id("rp-upload-button")).click();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    browser.findElement(By.id("rp-result")).getText())
                            .contains("等待监测中心审核"));
            String file = "居民收入-2025-06-修改.xlsx";
            await().atMost(Duration.ofSeconds(30))
                    .ignoreException(StaleElementReferenceException.class)
                    .untilAsserted(() -> assertThat(stateOf(browser, file)).isEqualTo("PENDING"));
            assertThat(browser.findElements(By.cssSelector("#rp-submissions button.approve")))
                    .as("a reporter is offered no approval")
                    .isEmpty();

            browser.findElement(By.id("sign-out")).click();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(browser.getCurrentUrl()).contains("/signin.html"));
            signInOnThePage(browser, "op");
            // The operator lands on the screen and goes to reporting through the header's link.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !browser.findElements(By.id("reporting-link")).isEmpty());
            browser.findElement(By.id("reporting-link")).click();
            clickIn(browser, file, "button.view");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    browser.findElement(By.id("rp-detail")).getText())
                            .contains("disposable_income_per_capita.growth_yoy", "6.5"));
            clickIn(browser, file, "button.approve");
            await().atMost(Duration.ofSeconds(30))
                    .ignoreException(StaleElementReferenceException.class)
                    .untilAsserted(() -> assertThat(stateOf(browser, file)).isEqualTo("APPROVED"));

            id = submissionRow(browser, file).orElseThrow().getAttribute("data-submission");

            browser.get(uri("/").toString());
            String card = ".goal-card[data-goal$='/disposable-income-growth']";
            // The dashboard draws its cards after the page has loaded: until then there is none to find.
            await().atMost(Duration.ofSeconds(90))
                    .ignoreExceptionsMatching(
                            e -> e instanceof NoSuchElementException || e instanceof StaleElementReferenceException)
                    .untilAsserted(() -> assertThat(browser.findElement(By.cssSelector(card + " .goal-actual"))
                                    .getText())
                            .contains("6.5"));
            assertThat(chromium.js("return window.__cspViolations.join()")).isEqualTo("");
            chromium.screenshot("reporting-approved-1366x900.png");

            // The goal's page says where the figure came from: the file, the line and the
            // submission, which opens on the reporting page with its rows.
            browser.findElement(By.cssSelector(card + " a.goal-link")).click();
            WebElement submission = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> browser.findElements(By.cssSelector("a.tt-submission")).stream()
                                    .findFirst()
                                    .orElse(null),
                            Objects::nonNull);
            assertThat(submission.getText()).isEqualTo("网上填报 " + id.substring(0, 8));
            assertThat(browser.findElement(By.id("tt-page")).getText())
                    .contains(file + ":" + line)
                    .contains("填报 fgw · 审核 op");
            submission.click();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    browser.findElement(By.id("rp-detail")).getText())
                            .contains(file, "fgw", "disposable_income_per_capita.growth_yoy"));
        }

        // The audit trail has each step with the person who took it.
        JsonNode events = JSON.readTree(
                        call("GET", "/api/audit?limit=1000", signIn("op"), null).body())
                .get("events");
        List<String> steps = new ArrayList<>();
        for (JsonNode e : events) {
            String target = e.get("target").asText();
            if (target.equals("居民收入-2025-06.xlsx") || target.equals(id)) {
                steps.add(e.get("action").asText() + " " + e.get("actor").asText());
            }
        }
        assertThat(steps).contains("REPORT_REFUSED fgw", "REPORT_SUBMITTED fgw", "REPORT_APPROVED op");
    }

    @Test
    void anotherDepartmentsReporterIsRefusedAndNothingIsRecorded() throws Exception {
        Session jyj = signIn("jyj");
        HttpResponse<String> refused = call("POST", "/api/reporting/submissions", jyj, FIGURE);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode problem = JSON.readTree(refused.body()).get("problems").get(0);
        assertThat(problem.get("reasonCode").asText()).isEqualTo("NOT_YOUR_DEPARTMENT");
        assertThat(problem.get("en").asText()).contains("市发展和改革委员会");
        assertThat(JSON.readTree(call("GET", "/api/reporting/submissions", jyj, null)
                                .body())
                        .get("submissions"))
                .isEmpty();
        assertThat(call("POST", "/api/reporting/submissions", null, FIGURE).statusCode())
                .as("not signed in (kiosk mode only reads)")
                .isEqualTo(401);
    }

    @Test
    void realFilesUploadAsTheImporterReadsThemAndABadOrHugeOneSubmitsNothing() throws Exception {
        Session fgw = signIn("fgw");
        int before = submissionsOf(fgw);

        // A statistics table saved by a Chinese office suite: CSV in GBK, Chinese header.
        byte[] gbk = "指标代码,统计期,数值,单位\ngdp.growth_yoy,2025-07,5.7,%\n".getBytes(Charset.forName("GBK"));
        HttpResponse<String> accepted = upload(fgw, "统计快报-2025-07.csv", gbk);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        JsonNode pending = JSON.readTree(accepted.body());
        assertThat(pending.get("state").asText()).isEqualTo("PENDING");
        // The Chinese header was decoded (a mis-decoded one is refused: 表头缺少必需的列).
        assertThat(pending.get("rows").asInt()).isEqualTo(1);
        assertThat(pending.get("fileName").asText()).isEqualTo("统计快报-2025-07.csv");

        HttpResponse<String> notAWorkbook = upload(fgw, "报表.xlsx", "这不是表格 / not a workbook".getBytes(UTF_8));
        assertThat(notAWorkbook.statusCode()).as(notAWorkbook.body()).isEqualTo(422);
        JsonNode problem = JSON.readTree(notAWorkbook.body()).get("problems").get(0);
        assertThat(problem.get("reasonCode").asText()).isEqualTo("BAD_FILE");
        assertThat(problem.get("zh").asText()).isEqualTo("文件无法读取");
        assertThat(problem.get("en").asText()).contains("报表.xlsx");

        byte[] huge = new byte[(int) ReportingRoutes.MAX_UPLOAD_BYTES + 1];
        HttpResponse<String> tooLarge = upload(fgw, "huge.csv", huge);
        assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).get("error").asText()).contains("文件过大", "larger than 5 MiB");

        // A form body that is not the form's JSON object: the client's error, not the server's.
        for (String body : List.of("{bad", "[]", "null", "{\"metric\":{\"a\":1}}")) {
            HttpResponse<String> notAForm = call("POST", "/api/reporting/submissions", fgw, body);
            assertThat(notAForm.statusCode())
                    .as(body + " -> " + notAForm.body())
                    .isEqualTo(400);
            assertThat(JSON.readTree(notAForm.body()).get("error").asText())
                    .contains("a JSON object {metric, period, value, unit}");
        }

        assertThat(submissionsOf(fgw))
                .as("only the good file became a submission")
                .isEqualTo(before + 1);
    }

    @Test
    void theTemplateFilledInUploadsAsItIs() throws Exception {
        Session fgw = signIn("fgw");
        byte[] template = download(fgw, "/api/reporting/template?period=2025-08");
        byte[] filled;
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(template));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("指标代码");
            Row gdp = null;
            for (Row row : sheet) {
                if (row.getRowNum() > 0) {
                    assertThat(row.getCell(2).getStringCellValue()).as("period").isEqualTo("2025-08");
                    if (row.getCell(0).getStringCellValue().equals("gdp.growth_yoy")) {
                        gdp = row;
                    }
                }
            }
            assertThat(gdp).as("the department's GDP metric is in its template").isNotNull();
            // Only this row filled in: the others stay empty, so they are not part of the submission.
            for (Row row : sheet) {
                if (row.getRowNum() > 0 && row != gdp) {
                    row.getCell(0).setBlank();
                    row.getCell(1).setBlank();
                    row.getCell(2).setBlank();
                    row.getCell(4).setBlank();
                }
            }
            gdp.createCell(3).setCellValue(5.6);
            workbook.write(out);
            filled = out.toByteArray();
        }
        HttpResponse<String> accepted = upload(fgw, "statistics-2025-08.xlsx", filled);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(JSON.readTree(accepted.body()).get("rows").asInt()).isEqualTo(1);
    }

    /**
     * The investment template lists the projects the department reported before (approved), with
     * their name, county and sector, and the month's last day; filled in, it uploads as it is.
     */
    @Test
    void theInvestmentTemplateListsTheProjectsReportedBeforeAndUploadsFilledIn() throws Exception {
        Session fgw = signIn("fgw");
        Session op = signIn("op");
        byte[] may = ("项目编号,项目名称,旗区,行业,截至日期,完成投资,单位\n" + "ORD-ZD-901,杭锦旗光伏治沙测试项目,杭锦旗,能源,2025-05-31,3.5,亿元\n")
                .getBytes(UTF_8);
        HttpResponse<String> submitted = upload(fgw, "投资月报-2025-05.csv", may);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String id = JSON.readTree(submitted.body()).get("submissionId").asText();
        HttpResponse<String> approved = call("POST", "/api/reporting/submissions/" + id + "/approve", op, "{}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        byte[] template = download(fgw, "/api/reporting/template?kind=investment&period=2025-06");
        byte[] filled;
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(template));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.getSheetAt(0);
            List<String> header = new ArrayList<>();
            sheet.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
            assertThat(header).startsWith("项目编号", "项目名称", "旗区", "行业", "截至日期", "完成投资");
            Row project = sheet.getRow(1);
            assertThat(project.getCell(0).getStringCellValue()).isEqualTo("ORD-ZD-901");
            assertThat(project.getCell(1).getStringCellValue()).isEqualTo("杭锦旗光伏治沙测试项目");
            assertThat(project.getCell(2).getStringCellValue()).isEqualTo("杭锦旗");
            assertThat(project.getCell(3).getStringCellValue()).isEqualTo("能源");
            assertThat(project.getCell(4).getStringCellValue()).isEqualTo("2025-06-30");
            assertThat(project.getCell(5)).as("the value is left to fill in").isNull();
            project.createCell(5).setCellValue(4.2);
            workbook.write(out);
            filled = out.toByteArray();
        }
        HttpResponse<String> june = upload(fgw, "投资月报-2025-06.xlsx", filled);
        assertThat(june.statusCode()).as(june.body()).isEqualTo(201);
        assertThat(JSON.readTree(june.body()).get("rows").asInt()).isEqualTo(1);

        assertThat(call("GET", "/api/reporting/template?kind=projects", fgw, null)
                        .statusCode())
                .isEqualTo(400);
    }

    /**
     * streams-app's RouteAccessTest cannot load the launcher's routes; this walks every operation
     * of docs/openapi.yaml marked {@code x-ordos-module: launcher} with each role and checks that
     * exactly the roles the file names get past sign-in (401/403 for the others). A route that
     * loses its rule, or a new one without it, fails here.
     */
    @Test
    void everyLauncherRouteLetsInExactlyTheRolesDocsOpenapiNames() throws Exception {
        Path openapi = DocBlocks.repository().resolve("docs/openapi.yaml");
        JsonNode paths =
                new ObjectMapper(new YAMLFactory()).readTree(openapi.toFile()).get("paths");
        List<Role> ladder = List.of(Role.VIEWER, Role.REPORTER, Role.OPERATOR);
        Map<Role, Session> sessions =
                Map.of(Role.VIEWER, signIn("viewer"), Role.REPORTER, signIn("jyj"), Role.OPERATOR, signIn("op"));
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!"launcher"
                        .equals(operation.getValue().path("x-ordos-module").asText())) {
                    continue;
                }
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                Role needed = Role.valueOf(
                        operation.getValue().get("x-ordos-role").asText().toUpperCase(Locale.ROOT));
                String url = path.getKey().replace("{id}", "no-such-submission");
                String body = method.equals("GET") ? null : "{}";
                assertThat(call(method, url, null, body).statusCode())
                        .as("anonymous " + method + " " + url)
                        .isIn(401, 403);
                for (Role role : ladder) {
                    int status = call(method, url, sessions.get(role), body).statusCode();
                    if (role.includes(needed)) {
                        assertThat(status).as(role + " " + method + " " + url).isNotIn(401, 403);
                    } else {
                        assertThat(status).as(role + " " + method + " " + url).isIn(401, 403);
                    }
                }
                checked.add(method + " " + path.getKey());
            }
        }
        assertThat(checked).contains("POST /api/reporting/submissions", "GET /api/reporting/template");
    }

    /** The newest finished .xlsx download, or null while there is none. */
    private static Path xlsxIn(Path downloads) throws Exception {
        try (var files = Files.list(downloads)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".xlsx"))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** The template's row (Excel row number, 1-based, as the importer counts lines) of a metric. */
    private static int templateRowOf(Path template, String metric) throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook(Files.newInputStream(template))) {
            for (Row row : workbook.getSheetAt(0)) {
                if (row.getCell(0).getStringCellValue().equals(metric)) {
                    return row.getRowNum() + 1;
                }
            }
        }
        throw new AssertionError(metric + " is not in the template");
    }

    /** The template with the metric's value filled in and every other metric's row deleted. */
    private static Path fillIn(Path template, String metric, String value, Path to) throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook(Files.newInputStream(template))) {
            Sheet sheet = workbook.getSheetAt(0);
            List<Row> others = new ArrayList<>();
            for (Row row : sheet) {
                if (row.getRowNum() == 0) {
                    continue;
                }
                if (row.getCell(0).getStringCellValue().equals(metric)) {
                    row.createCell(3).setCellValue(value);
                } else {
                    others.add(row);
                }
            }
            others.forEach(sheet::removeRow);
            try (var out = Files.newOutputStream(to)) {
                workbook.write(out);
            }
        }
        return to;
    }

    private static void signInOnThePage(ChromeDriver browser, String user) {
        // the sign-in page may still be loading after the redirect: no form yet is not a failure
        await().atMost(Duration.ofSeconds(30))
                .ignoreException(NoSuchElementException.class)
                .until(() -> browser.findElement(By.id("signin-form")).isDisplayed());
        // The form shows once the page knows how one signs in here: no single sign-on, no link to it.
        assertThat(browser.findElement(By.id("sso")).isDisplayed())
                .as("the single sign-on link without single sign-on configured")
                .isFalse();
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("signin")).click();
    }

    /** The submission's state as its row on the reporting page shows it; null while it has no row. */
    private static String stateOf(ChromeDriver browser, String fileName) {
        return submissionRow(browser, fileName)
                .map(tr -> tr.getAttribute("data-state"))
                .orElse(null);
    }

    /** Clicks a button in the submission's row; the list is redrawn every few seconds, so find it afresh. */
    private static void clickIn(ChromeDriver browser, String fileName, String button) {
        await().atMost(Duration.ofSeconds(30))
                .ignoreException(StaleElementReferenceException.class)
                .until(() -> {
                    Optional<WebElement> row = submissionRow(browser, fileName);
                    if (row.isEmpty()) {
                        return false;
                    }
                    row.get().findElement(By.cssSelector(button)).click();
                    return true;
                });
    }

    private static Optional<WebElement> submissionRow(ChromeDriver browser, String fileName) {
        return browser.findElements(By.cssSelector("#rp-submissions tbody tr")).stream()
                .filter(tr -> tr.getText().contains(fileName))
                .findFirst();
    }

    /** A file the signed-in person downloads (200 expected). */
    private static byte[] download(Session session, String path) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Cookie", session.cookie())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private static int submissionsOf(Session session) throws Exception {
        return JSON.readTree(
                        call("GET", "/api/reporting/submissions", session, null).body())
                .get("submissions")
                .size();
    }

    private static HttpResponse<String> upload(Session session, String fileName, byte[] content) throws Exception {
        String boundary = "ordos-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(uri("/api/reporting/submissions"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("Cookie", session.cookie())
                        .header(ApiSecurity.CSRF_HEADER, session.csrf())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String user(String name, String hash, String role, String department) {
        return "  - name: " + name + "\n    passwordHash: \"" + hash + "\"\n    role: " + role + "\n    departments: ["
                + department + "]\n";
    }

    private static Session signIn(String user) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(uri("/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("sign-in of " + user + ": " + r.body()).isEqualTo(200);
        String cookie = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ApiSecurity.SESSION_COOKIE + "="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];
        return new Session(cookie, JSON.readTree(r.body()).get("csrfToken").asText());
    }

    private static HttpResponse<String> call(String method, String path, Session session, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Cookie", session.cookie()).header(ApiSecurity.CSRF_HEADER, session.csrf());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode goal(String goalId) throws Exception {
        return JSON.readTree(call("GET", "/api/goals/" + goalId, null, null).body());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
