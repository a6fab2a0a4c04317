package city.ordos.plan.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.app.RunningAppAccess;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.topics.OrdosTopics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live dashboard in a real browser (Debian's headless Chromium through Selenium) over the real
 * application on the embedded broker: every catalog goal is a card, a new event changes its card
 * without a reload, the language switch works, markup in a goal name stays text; screenshots of the
 * wall-screen and laptop layouts go to target/.
 */
class DashboardBrowserIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    /** A goal name carrying markup and script: it must show as these characters, nothing else. */
    static final String INJECTED = "<img src=x onerror=\"window.__pwned=1\"><b>注入测试</b>";

    private static List<GoalDefinition> catalog;
    private static RunningAppAccess.App app;
    private static RunningAppAccess.Inputs inputs;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        catalog = new ArrayList<>(BuiltInCatalog.goals());
        GoalDefinition template = catalog.stream()
                .filter(g -> g.getGoalId().equals(RunningAppAccess.MAJOR_PROJECTS))
                .findFirst()
                .orElseThrow();
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

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--lang=zh-CN",
                "--window-size=1920,1080",
                "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        viewport(1920, 1080);
        browser.get(app.url("/"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
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
    }

    /** The page's own size (the window's would include browser chrome). */
    private static void viewport(int width, int height) {
        browser.manage().window().setSize(new Dimension(width, height + 200));
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                java.util.Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        js("window.dispatchEvent(new Event('resize'))");
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
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static void screenshot(String name) throws Exception {
        // Let charts finish their short animations before the picture.
        js("return new Promise(r => setTimeout(r, 800))");
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
