package city.ordos.plan.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Selenium, as the browser tests use it: Chinese locale,
 * a page-sized viewport, and every Content-Security-Policy violation collected in
 * {@code window.__cspViolations} from the first script of every page on.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /**
     * Starts the browser, or skips the calling test (a JUnit assumption) with the reason where a
     * developer's machine lacks it. .ci/run installs both and checks they are there before the
     * build, so CI never skips a browser test.
     */
    public static HeadlessChromium start(String testName, int width, int height) {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                testName + " skipped: it drives Debian's " + CHROMIUM + " through " + CHROMEDRIVER
                        + ", not found here (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
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
                "--window-size=" + width + "," + height,
                "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        HeadlessChromium browser = new HeadlessChromium(new ChromeDriver(service, options));
        browser.viewport(width, height);
        browser.driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument",
                Map.of(
                        "source",
                        "window.__cspViolations = [];"
                                + "document.addEventListener('securitypolicyviolation',"
                                + " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"));
        return browser;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** The page's own size (the window's would include browser chrome). */
    public void viewport(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height + 200));
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        js("window.dispatchEvent(new Event('resize'))");
    }

    /** A screenshot under target/, after the page's short chart animations have finished. */
    public void screenshot(String name) throws Exception {
        js("return new Promise(r => setTimeout(r, 800))");
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
