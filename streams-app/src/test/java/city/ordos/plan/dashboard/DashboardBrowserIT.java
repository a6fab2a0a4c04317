package city.ordos.plan.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.alerts.Quantities;
import city.ordos.plan.app.RunningAppAccess;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroTrust;
import city.ordos.plan.testing.HeadlessChromium;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The live dashboard in a real browser (Debian's headless Chromium through Selenium) over the real
 * application on the embedded broker: every catalog goal is a card, a new event changes its card
 * without a reload, the language switch works, markup in a goal name stays text; screenshots of the
 * wall-screen and laptop layouts go to target/.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DashboardBrowserIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    /** A goal name carrying markup and script: it must show as these characters, nothing else. */
    static final String INJECTED = "<img src=x onerror=\"window.__pwned=1\"><b>注入测试</b>";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<GoalDefinition> catalog;
    private static OrdosTopics topics;
    private static RunningAppAccess.App app;
    private static RunningAppAccess.Inputs inputs;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.start("DashboardBrowserIT", 1920, 1080);
        browser = chromium.driver();
        topics = kafka.createTopics();
        catalog = new ArrayList<>(BuiltInCatalog.goals());
        GoalDefinition template = catalog.stream()
                .filter(g -> g.getGoalId().equals(RunningAppAccess.MAJOR_PROJECTS))
                .findFirst()
                .orElseThrow();
        // A copy builder deep-copies through Avro, which decodes only trusted classes (as the app's deserializer
        // arranges).
        AvroTrust.trustContractPackages();
        catalog.add(GoalDefinition.newBuilder(template)
                .setGoalId("injected-name")
                .setNameZh(INJECTED)
                .setNameEn(INJECTED)
                .build());
        inputs = RunningAppAccess.inputs(kafka, topics);
        inputs.catalog(catalog);
        app = RunningAppAccess.start(kafka, topics, topics.prefix() + "dashboard-it", "fixed:2025-07-31");
        inputs.majorProjectInvestment("P-001", County.DONGSHENG, "400", LocalDate.of(2025, 6, 30));
        inputs.majorProjectInvestment("P-002", County.ETUOKE, "250", LocalDate.of(2025, 6, 30));

        browser.get(app.url("/"));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
        if (inputs != null) {
            inputs.close();
        }
    }

    @Test
    void theDashboardLiveUpdatesSwitchesLanguageEscapesNamesAndFitsWallAndLaptop() throws Exception {
        // Every goal of the catalog is a card, grouped by plan section.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(browser.findElements(By.cssSelector(".goal-card")))
                        .hasSize(catalog.size()));
        assertThat(browser.findElements(By.cssSelector(".goal-card")).stream().map(e -> e.getAttribute("data-goal")))
                .containsExactlyInAnyOrderElementsOf(catalog.stream()
                        .map(g -> g.getPlanId() + "/" + g.getGoalId())
                        .toList());
        assertThat(browser.findElements(By.cssSelector(".section")).size()).isEqualTo((int)
                catalog.stream().map(GoalDefinition::getSection).distinct().count());

        WebElement major = card(RunningAppAccess.MAJOR_PROJECTS);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(card(RunningAppAccess.MAJOR_PROJECTS)
                                .findElement(By.cssSelector(".goal-actual"))
                                .getText())
                        .isEqualTo("650"));
        assertThat(major.findElement(By.cssSelector(".goal-name")).getText())
                .isEqualTo(template().getNameZh());

        // Markup in a goal name is shown as text, and nothing it carries runs.
        WebElement injected = card("injected-name");
        assertThat(injected.findElement(By.cssSelector(".goal-name")).getText()).isEqualTo(INJECTED);
        assertThat(injected.findElements(By.tagName("img"))).isEmpty();
        assertThat(injected.findElements(By.tagName("b"))).isEmpty();
        assertThat(js("return window.__pwned === undefined")).isEqualTo(true);

        // A new event changes the card without reloading the page (pushed over SSE).
        js("window.__sameDocument = 'yes'");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "live"
                        .equals(js(
                                "return document.getElementById('conn').classList.contains('live') ? 'live' : 'no'")));
        inputs.majorProjectInvestment("P-003", County.WUSHEN, "350", LocalDate.of(2025, 7, 20));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(card(RunningAppAccess.MAJOR_PROJECTS)
                                .findElement(By.cssSelector(".goal-actual"))
                                .getText())
                        .isEqualTo("1,000"));
        assertThat(js("return window.__sameDocument")).isEqualTo("yes");

        screenshot("dashboard-wall-1920x1080.png");

        // Language switch: English names and labels, and back.
        browser.findElement(By.id("lang-toggle")).click();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("title")).getText()).contains("Ordos 2025");
            assertThat(card(RunningAppAccess.MAJOR_PROJECTS)
                            .findElement(By.cssSelector(".goal-name"))
                            .getText())
                    .isEqualTo(template().getNameEn());
        });
        assertThat(card("injected-name")
                        .findElement(By.cssSelector(".goal-name"))
                        .getText())
                .isEqualTo(INJECTED);
        screenshot("dashboard-wall-1920x1080-en.png");
        browser.findElement(By.id("lang-toggle")).click();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.id("title")).getText())
                                .startsWith("鄂尔多斯市"));

        viewport(1366, 768);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ((Number) js("return window.innerWidth")).intValue() <= 1366);
        screenshot("dashboard-laptop-1366x768.png");
        assertThat(js("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling")
                .isEqualTo(true);

        // Everything above ran under the product's Content-Security-Policy (bundled scripts only).
        assertThat(js("return JSON.stringify(window.__cspViolations)"))
                .as("nothing the dashboard needs is blocked by its CSP")
                .isEqualTo("[]");
        // ... and a script smuggled into the page does not run.
        js("var s = document.createElement('script'); s.textContent = 'window.__inline = 1';"
                + " document.body.appendChild(s)");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(js("return window.__cspViolations.join()"))
                        .asString()
                        .startsWith("script-src"));
        assertThat(js("return window.__inline === undefined")).isEqualTo(true);
    }

    /**
     * Time travel in the browser: the whole screen at June 30 (the July report not in it), clearly
     * marked as not live; from a goal to its page, its county and its sources; the goal page's Excel
     * download holds what the API says; back to live.
     */
    @Test
    void aPastDayDrillsDownFromGoalToCountyAndSourcesAndItsExcelMatchesTheApi() throws Exception {
        try {
            pastDayDrillDownAndExcel();
        } finally {
            browser.get(app.url("/")); // live again for the other test, whatever happened here
        }
    }

    private void pastDayDrillDownAndExcel() throws Exception {
        // A past day's screen is fetched once when it is picked: pick it once both June reports
        // are in the statement history, or it shows what had arrived by then.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(JSON.readTree(httpGet(app.url(
                                        "/api/goals/" + RunningAppAccess.MAJOR_PROJECTS + "/sources?asOf=2025-06-30")))
                                .get("actual")
                                .decimalValue())
                        .isEqualByComparingTo("650"));
        viewport(1920, 1080);
        browser.get(app.url("/"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !browser.findElements(By.cssSelector(".goal-card")).isEmpty());

        // Pick the day with the header's own controls.
        new Select(browser.findElement(By.id("tt-mode"))).selectByValue("asOf");
        js("const d = document.getElementById('tt-date'); d.value = '2025-06-30';"
                + " d.dispatchEvent(new Event('change'));");
        browser.findElement(By.id("tt-go")).click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            WebElement banner = browser.findElement(By.id("tt-banner"));
            assertThat(banner.isDisplayed()).isTrue();
            assertThat(banner.getText()).contains("非实时").contains("2025-06-30");
            assertThat(card(RunningAppAccess.MAJOR_PROJECTS)
                            .findElement(By.cssSelector(".goal-actual"))
                            .getText())
                    .as("P-003's report as of July 20 is not in June 30")
                    .isEqualTo("650");
        });
        assertThat(browser.getCurrentUrl()).endsWith("#/?asOf=2025-06-30");
        screenshot("dashboard-past-day.png");

        // From the card to the goal's page.
        card(RunningAppAccess.MAJOR_PROJECTS)
                .findElement(By.cssSelector("a.goal-link"))
                .click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(browser.findElements(By.cssSelector(".tt-head h2")))
                    .as(
                            () -> "page: "
                                    + js(
                                            "return location.hash + ' ' + document.getElementById('tt-page').outerHTML.slice(0, 2000)"))
                    .isNotEmpty();
            assertThat(browser.findElement(By.cssSelector(".tt-head h2")).getText())
                    .isEqualTo(template().getNameZh());
            assertThat(browser.findElement(By.cssSelector(".tt-actual")).getText())
                    .startsWith("650");
            assertThat(sourceIds()).containsExactly("P-001", "P-002");
        });
        assertThat(browser.getCurrentUrl()).contains("#/goal/ordos-2025%2F" + RunningAppAccess.MAJOR_PROJECTS);
        // Sort the sources by contribution, smallest first.
        WebElement valueHeader =
                browser.findElements(By.cssSelector(".tt-sources-table th")).get(3);
        valueHeader.click();
        valueHeader.click();
        assertThat(sourceIds()).containsExactly("P-002", "P-001");
        screenshot("dashboard-past-goal.png");

        // The goal page's workbook, downloaded by the browser, holds what the API says.
        Path downloads = Files.createTempDirectory("ordos-downloads");
        browser.executeCdpCommand(
                "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        browser.findElement(By.cssSelector(".tt-head a.tt-export")).click();
        await().atMost(Duration.ofSeconds(60)).until(() -> xlsxIn(downloads) != null);
        JsonNode apiSources = JSON.readTree(
                httpGet(app.url("/api/goals/" + RunningAppAccess.MAJOR_PROJECTS + "/sources?asOf=2025-06-30")));
        try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(xlsxIn(downloads)))) {
            Sheet summary = wb.getSheet("概况");
            assertThat(cellRight(summary, "实际值"))
                    .isEqualTo(apiSources.get("actual").decimalValue().toPlainString());
            Sheet sources = wb.getSheet("来源");
            Map<String, Double> inSheet = new TreeMap<>();
            int header = -1;
            for (Row row : sources) {
                if (header < 0
                        && row.getCell(0) != null
                        && "口径".equals(row.getCell(0).toString())) {
                    header = row.getRowNum();
                } else if (header >= 0) {
                    inSheet.put(
                            row.getCell(1).getStringCellValue(), row.getCell(3).getNumericCellValue());
                }
            }
            Map<String, Double> inApi = new TreeMap<>();
            apiSources
                    .get("sources")
                    .forEach(x ->
                            inApi.put(x.get("sourceId").asText(), x.get("value").asDouble()));
            assertThat(inSheet).isEqualTo(inApi).containsEntry("P-001", 400.0).containsEntry("P-002", 250.0);
        }

        // From the goal to a county.
        js("window.__errors = []; window.addEventListener('error', e => __errors.push(e.message));"
                + " window.addEventListener('unhandledrejection', e => __errors.push(String(e.reason)));");
        browser.findElement(By.linkText("东胜区")).click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(browser.findElements(By.cssSelector(".tt-head h2")))
                    .as(() -> "page: "
                            + js("return location.hash + ' ' + JSON.stringify(window.__errors) + ' '"
                                    + " + document.getElementById('tt-page').outerHTML.slice(0, 1500)"))
                    .isNotEmpty();
            assertThat(browser.findElement(By.cssSelector(".tt-head h2")).getText())
                    .isEqualTo("东胜区");
            List<WebElement> rows = browser.findElements(By.cssSelector(".tt-county-goals tbody tr"));
            assertThat(rows.stream().map(WebElement::getText))
                    .anySatisfy(
                            t -> assertThat(t).contains(template().getNameZh()).contains("400"));
        });
        assertThat(browser.getCurrentUrl()).contains("#/county/DONGSHENG?asOf=2025-06-30");
        // The markup-carrying goal name is text on the pages too.
        assertThat(js("return window.__pwned === undefined")).isEqualTo(true);

        // Back to live from the banner.
        browser.findElement(By.cssSelector("#tt-banner a.tt-live")).click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("tt-banner")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("goals")).isDisplayed()).isTrue();
        });
    }

    /**
     * A page's head does not name the page twice (its title, then the same word again in the links
     * beside it), in Chinese or in English.
     */
    @Test
    void noPageHeadRepeatsItsTitle() throws Exception {
        try {
            viewport(1920, 1080);
            browser.get(app.url("/"));
            language("zh-CN");
            pageHeadIs("#/departments", "部门", "重大项目");
            pageHeadIs("#/projects", "重大项目", "部门");
            pageHeadIs("#/reports", "调度通报", "部门");
            js("location.hash = '#/'");
            language("en");
            pageHeadIs("#/departments", "Departments", "Major projects");
            screenshot("dashboard-departments-en.png");
            pageHeadIs("#/projects", "Major projects", "Departments");
            pageHeadIs("#/reports", "Dispatch reports", "Departments");
        } finally {
            language("zh-CN"); // Chinese and the screen again for the other tests
            browser.get(app.url("/"));
        }
    }

    /**
     * The English pages name units in English, as the English alert messages do (the figures stay as
     * stated, so 亿元 is "100 million yuan"), the Chinese ones as the plan writes them.
     */
    @Test
    void theEnglishPagesNameUnitsInEnglish() throws Exception {
        try {
            units();
        } finally {
            language("zh-CN"); // Chinese and the screen again for the other tests
            browser.get(app.url("/"));
        }
    }

    private void units() throws Exception {
        viewport(1920, 1080);
        String unit = template().getUnit();
        String unitEn = Quantities.enUnit(unit);
        assertThat(unitEn).isNotEqualTo(unit).doesNotContainPattern("\\p{IsHan}");
        browser.get(app.url("/"));
        language("zh-CN");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(card(RunningAppAccess.MAJOR_PROJECTS)
                                .findElement(By.cssSelector(".goal-unit"))
                                .getText())
                        .isEqualTo(unit));

        language("en");
        assertThat(unit).isEqualTo("亿元");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            WebElement cardUnit = card(RunningAppAccess.MAJOR_PROJECTS).findElement(By.cssSelector(".goal-unit"));
            // 650 × 100m yuan: one figure, short enough for a card; the full name on hover
            assertThat(cardUnit.getText()).isEqualTo("× 100m yuan");
            assertThat(cardUnit.getAttribute("title")).isEqualTo(unitEn);
        });
        screenshot("dashboard-wall-en-units.png");
        js("location.hash = '#/goal/ordos-2025%2F" + RunningAppAccess.MAJOR_PROJECTS + "'");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(browser.findElement(By.cssSelector(".tt-head h2")).getText())
                    .isEqualTo(template().getNameEn());
            assertThat(browser.findElement(By.cssSelector(".tt-actual")).getText())
                    .endsWith(" × " + unitEn);
            assertThat(browser.findElement(By.xpath("//dl[@class='tt-facts']/dt[.='Target']/following-sibling::dd[1]"))
                            .getText())
                    .endsWith(" × " + unitEn);
        });
        screenshot("dashboard-goal-en-units.png");
    }

    /**
     * The dead-letters page (the monitoring centre's) says what a reason code means in the page's
     * language, the code beside it; the browser reads the API as the operators do (here with the API
     * token, which this test app has in place of a sign-in).
     */
    @Test
    void theDeadLettersPageSaysWhatEachReasonMeans() throws Exception {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand(
                "Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("Authorization", "Bearer " + RunningAppAccess.API_TOKEN)));
        try {
            deadLetterReasons();
        } finally {
            browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
            language("zh-CN");
            browser.get(app.url("/"));
        }
    }

    private void deadLetterReasons() throws Exception {
        inputs.raw(topics.investment().name(), "P-BAD", "not avro at all".getBytes(StandardCharsets.UTF_8));
        viewport(1920, 1080);
        browser.get(app.url("/#/dead-letters"));
        language("zh-CN");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            browser.get(app.url("/#/dead-letters?reason=NOT_AVRO"));
            assertThat(browser.findElements(By.cssSelector(".tt-dead-letters tbody tr")))
                    .as(() -> String.valueOf(js("return document.getElementById('tt-page').innerText")))
                    .isNotEmpty();
            assertThat(browser.findElement(By.cssSelector(".tt-dead-letters tbody tr"))
                            .getText())
                    .contains("数据格式无法解读")
                    .contains("NOT_AVRO");
        });
        WebElement reason = browser.findElement(By.cssSelector(".tt-dead-letters tbody tr .tt-reason"));
        assertThat(reason.findElement(By.cssSelector("code.tt-code")).getText())
                .as("the code stays beside the meaning, to search by")
                .isEqualTo("NOT_AVRO");
        assertThat(browser.findElement(By.cssSelector(".tt-dl-counts a[data-reason='NOT_AVRO']"))
                        .getText())
                .startsWith("数据格式无法解读")
                .contains("NOT_AVRO");
        screenshot("dashboard-dead-letters.png");

        language("en");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.cssSelector(".tt-dead-letters tbody tr .tt-reason"))
                                        .getText())
                                .isEqualTo("Cannot be decoded (not the agreed Avro format) NOT_AVRO"));
        assertThat(browser.findElement(By.cssSelector(".tt-head h2")).getText()).isEqualTo("Dead letters");
        screenshot("dashboard-dead-letters-en.png");
    }

    /** Switches the screen to {@code lang} (its html lang) with the header's button, unless it is in it. */
    private static void language(String lang) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !browser.findElements(By.id("lang-toggle")).isEmpty());
        if (!lang.equals(js("return document.documentElement.lang"))) {
            browser.findElement(By.id("lang-toggle")).click();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> lang.equals(js("return document.documentElement.lang")));
    }

    /** The page at {@code hash} is headed {@code title}, and its links name other pages, not it again. */
    private static void pageHeadIs(String hash, String title, String otherPage) {
        js("location.hash = '" + hash + "'");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(browser.findElement(By.cssSelector(".tt-head h2")).getText())
                    .isEqualTo(title);
            List<String> links = browser.findElements(By.cssSelector(".tt-head .tt-nav a")).stream()
                    .map(WebElement::getText)
                    .toList();
            assertThat(links).as(hash).contains(otherPage).doesNotContain(title);
        });
    }

    private static List<String> sourceIds() {
        return browser.findElements(By.cssSelector(".tt-sources-table tbody tr td:first-child")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static Path xlsxIn(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".xlsx")).findFirst().orElse(null);
        }
    }

    /** The text in the cell right of the one holding {@code label} (first column). */
    private static String cellRight(Sheet sheet, String label) {
        for (Row row : sheet) {
            if (row.getCell(0) != null && label.equals(row.getCell(0).toString())) {
                return row.getCell(1).getStringCellValue();
            }
        }
        throw new AssertionError(label + " not in " + sheet.getSheetName());
    }

    private static String httpGet(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static void viewport(int width, int height) {
        chromium.viewport(width, height);
    }

    private static GoalDefinition template() {
        return catalog.stream()
                .filter(g -> g.getGoalId().equals(RunningAppAccess.MAJOR_PROJECTS))
                .findFirst()
                .orElseThrow();
    }

    private static WebElement card(String goalId) {
        return browser.findElement(By.cssSelector(".goal-card[data-goal='ordos-2025/" + goalId + "']"));
    }

    private static Object js(String script) {
        return chromium.js(script);
    }

    private static void screenshot(String name) throws Exception {
        chromium.screenshot(name);
    }
}
