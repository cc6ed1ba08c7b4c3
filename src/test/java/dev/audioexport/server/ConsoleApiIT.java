package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.batch.TestExports;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What the console reads besides JBeret's own API, over real HTTP on the Arquillian server: the
 * first rejects (never the raw line), one entry per partition of a partitioned step, who is
 * logged in; the pages need a login like the API; and writes a browser could be made to send
 * from another site are refused before they act.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleApiIT {

    private static final Path IT = Path.of(System.getProperty("audioexport.it.dir"), "arquillian");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final String PARTITIONED_JOB = "partitioned-export";

    /** A chunk step with two partitions of different sizes (as a sync will have one per project). */
    private static final String PARTITIONED_XML = """
            <job id="partitioned-export" xmlns="https://jakarta.ee/xml/ns/jakartaee" version="2.0">
              <step id="sync">
                <chunk item-count="10">
                  <reader ref="countingReader">
                    <properties><property name="count" value="#{partitionPlan['count']}"/></properties>
                  </reader>
                  <writer ref="discardingWriter"/>
                </chunk>
                <partition>
                  <plan partitions="2">
                    <properties partition="0"><property name="count" value="#{jobParameters['count0']}"/></properties>
                    <properties partition="1"><property name="count" value="#{jobParameters['count1']}"/></properties>
                  </plan>
                </partition>
              </step>
            </job>
            """;

    @ArquillianResource
    URL base;

    private OperatorClient operator;
    private Path input;
    private String name;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        return ShrinkWrap.createFromZipFile(WebArchive.class, Path.of("target", "audio-export.war").toFile())
                .addClasses(CountingReader.class, DiscardingWriter.class)
                .addAsResource(new StringAsset(PARTITIONED_XML), "META-INF/batch-jobs/" + PARTITIONED_JOB + ".xml");
    }

    @BeforeEach
    void setUp() throws Exception {
        operator = OperatorClient.operator(base.toURI());
        input = Files.createDirectories(IT.resolve("input"));
        name = "c" + System.nanoTime();
    }

    @Test
    void theFirstRejectsGiveLineOffsetAndReasonUpToTheCountAndNeverTheRawLine() throws Exception {
        Path source = TestExports.write(input.resolve(name + ".ndjson"), 40, 5, 22, 23, 38);
        long id = operator.start("audio-export", Map.of("source", source.toString(), "csv", name + ".csv"));
        assertEquals("COMPLETED", operator.awaitEnd(id, RUN_TIMEOUT).getString("batchStatus"));

        OperatorClient.Reply two = OperatorClient.viewer(base.toURI()).get("api/jobexecutions/" + id + "/rejects?first=2");
        assertEquals(200, two.status(), two.body());
        JsonObject rejects = two.json();
        assertEquals(4, rejects.getInt("linesRejected"));
        assertTrue(rejects.getBoolean("more"));
        JsonArray records = rejects.getJsonArray("rejects");
        assertEquals(2, records.size());
        assertEquals(5, records.getJsonObject(0).getInt("line"));
        assertEquals(22, records.getJsonObject(1).getInt("line"));
        assertEquals(java.util.Set.of("line", "offset", "reason"), records.getJsonObject(0).keySet());
        assertFalse(two.body().contains("no-id-22"), "no raw line (line 22 is {\"data_row\":{\"global_key\":\"no-id-22\"}}): "
                + two.body());

        assertFalse(operator.get("api/jobexecutions/" + id + "/rejects").json().getBoolean("more"));
        OperatorClient.Reply tooMany = operator.get("api/jobexecutions/" + id + "/rejects?first=101");
        assertEquals(400, tooMany.status(), tooMany.body());
        assertEquals("first must be between 1 and 100, e.g. ?first=20", tooMany.json().getString("error"));
    }

    @Test
    void aPartitionedStepShowsOneEntryPerPartition() throws Exception {
        long id = operator.start(PARTITIONED_JOB, Map.of("count0", "30", "count1", "55"));
        JsonObject execution = operator.awaitEnd(id, RUN_TIMEOUT);
        assertEquals("COMPLETED", execution.getString("batchStatus"), execution.toString());

        OperatorClient.Reply reply = OperatorClient.viewer(base.toURI()).get("api/jobexecutions/" + id + "/partitions");
        assertEquals(200, reply.status(), reply.body());
        JsonArray partitions = reply.array();
        assertEquals(2, partitions.size(), reply.body());
        int[] counts = {30, 55};
        for (int p = 0; p < 2; p++) {
            JsonObject partition = partitions.getJsonObject(p);
            assertEquals("sync", partition.getString("stepName"));
            assertEquals(p, partition.getInt("partition"));
            assertEquals("COMPLETED", partition.getString("batchStatus"));
            assertEquals(counts[p], partition.getJsonObject("metrics").getInt("READ_COUNT"), reply.body());
            assertEquals(counts[p], partition.getJsonObject("metrics").getInt("WRITE_COUNT"), reply.body());
        }

        ConsoleBrowser.requireChromium();
        try (ConsoleBrowser browser = ConsoleBrowser.open(ConsoleBrowser.LAPTOP)) {
            URI page = base.toURI().resolve("execution.html?id=" + id);
            browser.get(page.getScheme() + "://" + System.getenv("AUDIOEXPORT_VIEWER_USER") + ":"
                    + System.getenv("AUDIOEXPORT_VIEWER_PASSWORD") + "@" + page.getAuthority() + page.getPath() + "?" + page.getQuery());
            By rows = By.cssSelector("#partitions tbody tr");
            browser.await(Duration.ofSeconds(30), "one line per partition", d -> d.findElements(rows).size() == 2);
            List<String> shown = browser.driver.findElements(rows).stream().map(WebElement::getText).toList();
            assertEquals(List.of("sync 0 COMPLETED 30 30 0 COMPLETED", "sync 1 COMPLETED 55 55 0 COMPLETED"), shown);
            browser.screenshot("11-execution-partitions");
        }

        Path source = TestExports.write(input.resolve(name + ".ndjson"), 10);
        long single = operator.start("audio-export", Map.of("source", source.toString(), "csv", name + ".csv"));
        operator.awaitEnd(single, RUN_TIMEOUT);
        assertEquals("[]", operator.get("api/jobexecutions/" + single + "/partitions").body());
    }

    @Test
    void theSessionSaysWhoIsLoggedInAndWhetherTheyMayAct() throws Exception {
        JsonObject asOperator = operator.get("api/session").json();
        assertEquals(System.getenv("AUDIOEXPORT_OPERATOR_USER"), asOperator.getString("user"));
        assertTrue(asOperator.getBoolean("operator"));
        JsonObject asViewer = OperatorClient.viewer(base.toURI()).get("api/session").json();
        assertEquals(System.getenv("AUDIOEXPORT_VIEWER_USER"), asViewer.getString("user"));
        assertFalse(asViewer.getBoolean("operator"));
    }

    @Test
    void thePagesNeedALoginAsTheApiDoes() throws Exception {
        for (String page : new String[] {"", "index.html", "execution.html", "console.js"}) {
            assertEquals(401, OperatorClient.anonymous(base.toURI()).get(page).status(), page);
            assertEquals(401, OperatorClient.as(base.toURI(), "it-viewer", "wrong").get(page).status(), page);
            assertEquals(200, OperatorClient.viewer(base.toURI()).get(page).status(), page);
        }
        assertTrue(OperatorClient.viewer(base.toURI()).get("").body().contains("<h1>Executions</h1>"));
        // What makes a browser show its own login prompt.
        java.net.http.HttpResponse<Void> challenge = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(base.toURI()).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertEquals(java.util.Optional.of("Basic realm=\"audio-export\""), challenge.headers().firstValue("WWW-Authenticate"));
    }

    @Test
    void writesABrowserCouldSendFromAnotherSiteAreRefusedBeforeTheyAct() throws Exception {
        Path source = TestExports.write(input.resolve(name + ".ndjson"), 20);
        long id = operator.start("audio-export", Map.of("source", source.toString(), "csv", name + ".csv"));
        operator.awaitEnd(id, RUN_TIMEOUT);
        String abandon = "api/jobexecutions/" + id + "/abandon";

        OperatorClient.Reply form = operator.postWith(abandon, Map.of("Content-Type", "text/plain"));
        assertEquals(403, form.status(), form.body());
        assertTrue(form.body().contains("must have the header Content-Type: application/json"), form.body());
        OperatorClient.Reply crossSite = operator.postWith(abandon, Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"));
        assertEquals(403, crossSite.status(), crossSite.body());
        OperatorClient.Reply otherOrigin = operator.postWith(abandon, Map.of("Content-Type", "application/json", "Origin", "http://evil.example"));
        assertEquals(403, otherOrigin.status(), otherOrigin.body());
        OperatorClient.Reply start = operator.postWith("api/jobs/audio-export/start", Map.of("Content-Type", "text/plain"));
        assertEquals(403, start.status(), start.body());
        assertEquals("COMPLETED", operator.execution(id).getString("batchStatus"), "nothing was abandoned");

        URI self = base.toURI();
        OperatorClient.Reply sameOrigin = operator.postWith(abandon, Map.of("Content-Type", "application/json", "Sec-Fetch-Site",
                "same-origin", "Origin", self.getScheme() + "://" + self.getAuthority()));
        assertEquals(204, sameOrigin.status(), sameOrigin.body());
        assertEquals("ABANDONED", operator.execution(id).getString("batchStatus"));
    }

}
