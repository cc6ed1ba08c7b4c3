package dev.audioexport.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through /usr/bin/chromedriver: Selenium is given the driver
 * so that it never downloads one. Without chromium the console tests are skipped on a workstation
 * and fail under CI (CI=true), where .ci/run installs it.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Dimension LAPTOP = new Dimension(1366, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    final ChromeDriver driver;

    private ConsoleBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(CHROMIUM + " or " + CHROMEDRIVER + " is missing: under CI the console tests must "
                    + "run (.ci/run installs them: apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed: the console tests are skipped");
    }

    static ConsoleBrowser open(Dimension window) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + window.getWidth() + "," + window.getHeight());
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(window);
        return new ConsoleBrowser(driver);
    }

    void get(String url) {
        driver.get(url);
    }

    WebElement find(String id) {
        return driver.findElement(By.id(id));
    }

    String text(String id) {
        return find(id).getText();
    }

    /** Waits until {@code condition} gives a value that is neither null nor false; returns it. */
    <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
        // Pages redraw what they refresh: an element looked up a moment ago may be gone.
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** The whole page (beyond the window) as a PNG under target/console-screenshots/, for people to look at. */
    Path screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        // The page's whole size, and at least the window's: Chrome's content size leaves out the scrollbar's width.
        List<?> size = (List<?>) driver.executeScript("const e = document.documentElement; return ["
                + "Math.max(e.scrollWidth, window.innerWidth), Math.max(e.scrollHeight, window.innerHeight)];");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                "width", ((Number) size.get(0)).doubleValue(), "height", ((Number) size.get(1)).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Path to = SCREENSHOTS.resolve(name + ".png");
        Files.write(to, Base64.getDecoder().decode((String) shot.get("data")));
        return to;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
