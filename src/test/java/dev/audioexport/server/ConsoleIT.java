package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.audioexport.batch.TestExports;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The operator console in a real browser (headless chromium) against the bootable JAR, logged in
 * with HTTP Basic as automation does it ({@code http://user:password@host/}): an operator starts a
 * run from the form, watches its progress change, stops it, restarts it and sees it COMPLETED
 * with its CSV whole and its rejects listed (never their raw lines); a viewer sees no action
 * buttons and is refused a forged POST; a POST sent by another site's page is refused.
 * Screenshots of every page go to target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    /** 112 MB in chunks of 10 lines: long enough to watch and stop (6-60 s on this machine). */
    private static final int LINES = 60_000;
    private static final int[] BAD = {7, 1_000, 1_001, 37_777, 59_999};
    private static final int CHUNK = 10;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

    static Path home;
    static Path input;
    static Path output;
    static EmbeddedExport.Output expected;
    static BootableServer server;
    static ConsoleBrowser operator;
    /** The execution stopped from the console (later restarted), and its restart. */
    static long stopped;
    static long restarted;

    @BeforeAll
    static void aServerWithAnExportInItsInputDirectory() throws Exception {
        ConsoleBrowser.requireChromium();
        Path dir = Files.createDirectories(Path.of(System.getProperty("audioexport.it.dir"), "console-" + System.nanoTime()));
        home = dir.resolve("server-home");
        output = home.resolve("output");
        // The source sits in the server's input directory and is named relative to it: the server
        // runs there, so the name resolves the same whether or not file sources are confined to it.
        input = Files.createDirectories(home.resolve("input"));
        Path source = TestExports.write(input.resolve("console-export.ndjson"), LINES, BAD);
        expected = EmbeddedExport.run(source, dir.resolve("expected.csv"), CHUNK);
        server = BootableServer.start(input, Map.of("AUDIOEXPORT_SERVER_HOME", home.toString()));
        operator = ConsoleBrowser.open(ConsoleBrowser.LAPTOP);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (operator != null) {
            operator.close();
        }
        if (server != null && server.isAlive()) {
            server.terminate(Duration.ofMinutes(2));
        }
    }

    @Test
    @Order(1)
    void anOperatorStartsARunFromTheFormWatchsItsProgressStopsAndRestartsItAndItsCsvIsWhole() throws Exception {
        operator.get(pageUrl("it-operator", "it-operator-Secret-1", ""));
        operator.await(PAGE_TIMEOUT, "the list names the operator", d -> operator.text("who").contains("it-operator · operator"));
        operator.screenshot("01-executions-empty");

        operator.find("start-link").click();
        WebElement source = operator.await(PAGE_TIMEOUT, "the start form", d -> d.findElement(By.id("parameter-source")));
        assertEquals("1000", operator.find("parameter-skipLimit").getAttribute("value"), "the form shows the defaults");
        source.sendKeys("console-export.ndjson");
        operator.find("parameter-csv").sendKeys("console.csv");
        WebElement chunkSize = operator.find("parameter-chunkSize");
        chunkSize.clear();
        chunkSize.sendKeys(String.valueOf(CHUNK));
        operator.screenshot("02-start-form");
        operator.find("start").click();

        operator.await(PAGE_TIMEOUT, "the new execution's page", d -> d.getCurrentUrl().contains("execution.html?id="));
        stopped = Long.parseLong(operator.driver.getCurrentUrl().replaceAll(".*id=", ""));
        String first = operator.await(RUN_TIMEOUT, "a first percent", d -> percentShown());
        String later = operator.await(RUN_TIMEOUT, "the percent changing without a reload",
                d -> { String now = percentShown(); return now != null && !now.equals(first) ? now : null; });
        assertTrue(percent(later) > percent(first), first + " then " + later);
        operator.await(PAGE_TIMEOUT, "a speed and a time left", d -> operator.text("speed").endsWith("MB/s")
                && !operator.text("eta").equals("–"));
        operator.screenshot("03-execution-running");

        operator.get(pageUrl(null, null, ""));
        // The list is drawn again on every refresh: look the row up each time.
        By row = By.cssSelector("tr[data-id='" + stopped + "']");
        operator.await(PAGE_TIMEOUT, "the running execution with its live progress in the list",
                d -> d.findElements(row).stream().anyMatch(r -> r.getText().contains("MB/s")
                        && "STARTED".equals(r.getAttribute("data-status"))));
        operator.screenshot("04-executions-running");

        operator.get(pageUrl(null, null, "execution.html?id=" + stopped));
        operator.await(PAGE_TIMEOUT, "the stop button", d -> operator.find("stop").isDisplayed());
        operator.find("stop").click();
        operator.await(RUN_TIMEOUT, "STOPPED without a reload", d -> operator.text("status").equals("STOPPED"));
        operator.await(PAGE_TIMEOUT, "the restart button", d -> operator.find("restart").isDisplayed());
        assertTrue(operator.find("abandon").isDisplayed());
        assertFalse(operator.find("stop").isDisplayed());
        operator.screenshot("05-execution-stopped");

        operator.find("restart").click();
        operator.await(PAGE_TIMEOUT, "the restart's page",
                d -> !d.getCurrentUrl().endsWith("id=" + stopped) && d.getCurrentUrl().contains("execution.html?id="));
        restarted = Long.parseLong(operator.driver.getCurrentUrl().replaceAll(".*id=", ""));
        operator.await(RUN_TIMEOUT, "COMPLETED", d -> operator.text("status").equals("COMPLETED"));
        operator.await(PAGE_TIMEOUT, "the rejects listed", d -> d.findElements(By.cssSelector("#rejects tr.reject")).size()
                == BAD.length);
        operator.screenshot("06-execution-completed");

        ServerJobIT.assertOutputsEqual(expected.csv(), output.resolve("console.csv"));
        assertEquals(String.format("%,d", expected.totals().rowsWritten()), operator.text("rows-written"));
        assertEquals(String.valueOf(BAD.length), operator.text("lines-rejected"));
    }

    @Test
    @Order(2)
    void theRejectsShowLineOffsetAndReasonButNeverTheRawLine() throws Exception {
        List<String> shown = new ArrayList<>();
        for (WebElement row : operator.driver.findElements(By.cssSelector("#rejects tr.reject"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            shown.add(cells.get(0).getText() + "|" + cells.get(1).getText() + "|" + cells.get(2).getText());
        }
        List<String> wanted = new ArrayList<>();
        Set<String> raws = new LinkedHashSet<>();
        for (String record : Files.readAllLines(EmbeddedExport.rejectsOf(expected.csv()), StandardCharsets.UTF_8)) {
            JsonObject reject = Json.createReader(new StringReader(record)).readObject();
            wanted.add(String.format("%,d|%,d|%s", reject.getJsonNumber("line").longValue(),
                    reject.getJsonNumber("offset").longValue(), reject.getString("reason")));
            raws.add(reject.getString("raw"));
        }
        assertEquals(wanted, shown);
        String page = operator.driver.getPageSource();
        for (String raw : raws) {
            assertFalse(page.contains(raw) || page.contains(escapedForHtml(raw)), "the page shows a raw line: " + raw);
        }
        String api = OperatorClient.operator(server.base()).get("api/jobexecutions/" + restarted + "/rejects").body();
        assertFalse(api.contains("\"raw\""), api);
    }

    @Test
    @Order(3)
    void aViewerSeesThePagesWithoutButtonsAndIsRefusedAForgedPost() throws Exception {
        try (ConsoleBrowser viewer = ConsoleBrowser.open(ConsoleBrowser.PHONE)) {
            viewer.get(pageUrl("it-viewer", "it-viewer-Secret-2", ""));
            viewer.await(PAGE_TIMEOUT, "the list", d -> d.findElements(By.cssSelector("tr[data-id='" + restarted + "']"))
                    .size() == 1);
            assertTrue(viewer.text("who").contains("it-viewer · viewer"));
            assertFalse(viewer.find("start-link").isDisplayed());
            assertFitsTheWindow(viewer);
            viewer.screenshot("07-viewer-executions-phone");

            viewer.get(pageUrl(null, null, "execution.html?id=" + stopped));
            viewer.await(PAGE_TIMEOUT, "the stopped execution", d -> viewer.text("status").equals("STOPPED"));
            viewer.await(PAGE_TIMEOUT, "its parameters", d -> d.findElements(By.cssSelector("#parameters tr")).size() > 0);
            assertTrue(viewer.driver.findElements(By.cssSelector("button")).stream().noneMatch(WebElement::isDisplayed),
                    "a viewer sees no action button");
            viewer.await(PAGE_TIMEOUT, "its rejects", d -> !viewer.text("rejects-summary").isEmpty());
            assertEquals(viewer.text("lines-rejected"), String.valueOf(viewer.driver.findElements(By.cssSelector("#rejects tr.reject"))
                    .size()), "the rejects its last checkpoint committed, not those its restart added to the file");
            assertFitsTheWindow(viewer);
            viewer.screenshot("08-viewer-execution-phone");

            Object status = viewer.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(location.origin + '/api/jobexecutions/' + arguments[0] + '/abandon', {method: 'POST',
                        headers: {'Content-Type': 'application/json'}, body: '{}'}).then(r => done(r.status));""",
                    stopped);
            assertEquals(403L, status, "the server refuses a viewer's POST whatever the page shows");
            viewer.get(pageUrl(null, null, "start.html"));
            viewer.await(PAGE_TIMEOUT, "the start page says why", d -> viewer.find("viewer-note").isDisplayed());
            assertFalse(viewer.find("start-form").isDisplayed());
        }
        assertEquals("STOPPED", OperatorClient.operator(server.base()).execution(stopped).getString("batchStatus"));
    }

    @Test
    @Order(4)
    void aPostSentByAnotherSitesPageIsRefused() throws Exception {
        // Another site (localhost is not the same site as 127.0.0.1) whose page submits a form to the
        // API with the browser's cached operator credentials: the classic cross-site request forgery.
        HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String form = """
                <!DOCTYPE html><html><body><form method="post" enctype="text/plain" action="%s">
                <input name='{"skipLimit":"1","x":"' value='"}'></form>
                <script>document.forms[0].submit()</script></body></html>"""
                .formatted(server.base().resolve("api/jobexecutions/" + stopped + "/abandon"));
        attacker.createContext("/", exchange -> {
            byte[] page = form.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        attacker.start();
        try {
            operator.get("http://localhost:" + attacker.getAddress().getPort() + "/");
            operator.await(PAGE_TIMEOUT, "the server's answer to the forged form", d -> d.getCurrentUrl().contains("/abandon"));
            String answer = operator.driver.findElement(By.tagName("body")).getText();
            assertTrue(answer.contains("came from another site (Sec-Fetch-Site: cross-site)"), answer);
            operator.screenshot("09-cross-site-post-refused");
        } finally {
            attacker.stop(0);
        }
        assertEquals("STOPPED", OperatorClient.operator(server.base()).execution(stopped).getString("batchStatus"));

        // A browser that sends Origin but not Sec-Fetch-Site, with a JSON body a preflight would allow.
        OperatorClient.Reply withOrigin = OperatorClient.operator(server.base()).postWith("api/jobexecutions/" + stopped + "/abandon",
                Map.of("Origin", "http://evil.example", "Content-Type", "application/json"));
        assertEquals(403, withOrigin.status(), withOrigin.body());
        assertTrue(withOrigin.body().contains("came from the page of http://evil.example"), withOrigin.body());
        assertEquals("STOPPED", OperatorClient.operator(server.base()).execution(stopped).getString("batchStatus"));
    }

    @Test
    @Order(5)
    void aRunThatFailedOnItsSkipLimitIsOfferedARestartWithAHigherOne() throws Exception {
        Path source = TestExports.write(input.resolve("small-export.ndjson"), 200, 7, 100, 101);
        EmbeddedExport.Output small = EmbeddedExport.run(source, home.resolve("small-expected.csv"), 1000);
        operator.get(pageUrl(null, null, "start.html"));
        operator.await(PAGE_TIMEOUT, "the start form", d -> d.findElement(By.id("parameter-source"))).sendKeys("small-export.ndjson");
        operator.find("parameter-csv").sendKeys("small.csv");
        WebElement skipLimit = operator.find("parameter-skipLimit");
        skipLimit.clear();
        skipLimit.sendKeys("1");
        operator.find("start").click();

        operator.await(RUN_TIMEOUT, "FAILED", d -> d.getCurrentUrl().contains("execution.html?id=")
                && operator.text("status").equals("FAILED"));
        operator.await(PAGE_TIMEOUT, "the higher skip limit offered", d -> operator.find("skip-limit").isDisplayed());
        assertTrue(operator.text("exit-status").contains("more than the skip limit of 1"), operator.text("exit-status"));
        assertTrue(operator.text("skip-limit-hint").contains("failed on its skip limit (skipLimit 1)"));
        assertEquals("10", operator.find("skip-limit").getAttribute("value"));
        assertEquals("No line rejected up to the last checkpoint.", operator.text("rejects-summary"),
                "the failed chunk was rolled back: its rejects are not the execution's");
        operator.screenshot("10-execution-failed-on-skip-limit");
        String failed = operator.driver.getCurrentUrl();

        operator.find("restart").click();
        operator.await(PAGE_TIMEOUT, "the restart's page", d -> !d.getCurrentUrl().equals(failed));
        operator.await(RUN_TIMEOUT, "COMPLETED", d -> operator.text("status").equals("COMPLETED"));
        ServerJobIT.assertOutputsEqual(small.csv(), output.resolve("small.csv"));
        assertEquals("3", operator.text("lines-rejected"));
    }

    @Test
    @Order(6)
    void theStartPageStartsASyncTooAndShowsWhyTheServerRefusedIt() throws Exception {
        operator.get(pageUrl(null, null, "start.html?job=sync"));
        WebElement projects = operator.await(PAGE_TIMEOUT, "the sync form",
                d -> d.findElement(By.id("parameter-projects")));
        assertEquals("Start a sync", operator.text("title"));
        assertEquals("2", operator.find("parameter-threads").getAttribute("value"), "the sync's defaults");
        projects.sendKeys("pa,pb,pa");
        operator.find("parameter-jdbcUrl").sendKeys("jdbc:postgresql://127.0.0.1:1/it-listed");
        operator.find("start").click();
        operator.await(PAGE_TIMEOUT, "the server's refusal shown",
                d -> operator.text("message").contains("projects: project pa is listed twice; list each once."));
        assertTrue(operator.driver.getCurrentUrl().contains("start.html"), "nothing started");
    }

    /** Nothing wider than the window: a phone reads the page without scrolling sideways. */
    private static void assertFitsTheWindow(ConsoleBrowser browser) {
        Object widths = browser.driver.executeScript(
                "return document.documentElement.scrollWidth + ' > ' + document.documentElement.clientWidth;");
        String[] both = widths.toString().split(" > ");
        assertTrue(Integer.parseInt(both[0]) <= Integer.parseInt(both[1]), "the page is wider than the window: " + widths);
    }


    /** A console page, with credentials in the URL when given (as automation logs in with HTTP Basic). */
    private static String pageUrl(String user, String password, String page) {
        URI base = server.base();
        String credentials = user == null ? "" : user + ":" + password + "@";
        return base.getScheme() + "://" + credentials + base.getAuthority() + "/" + page;
    }

    /** The percent of the source the page shows, or null before it shows one. */
    private static String percentShown() {
        String text = operator.text("percent");
        return text.endsWith("%") ? text : null;
    }

    private static double percent(String shown) {
        return Double.parseDouble(shown.replace("%", "").strip());
    }

    private static String escapedForHtml(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
