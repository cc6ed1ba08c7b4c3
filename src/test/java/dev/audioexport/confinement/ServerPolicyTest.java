package dev.audioexport.confinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.batch.TestExports;
import dev.audioexport.source.LineSource;
import dev.audioexport.source.SourceOptions;
import dev.audioexport.source.SourceParameters;
import dev.audioexport.source.Sources;
import dev.audioexport.source.labelbox.LabelboxLineSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's limits on what a job reads, and the command line's lack of them; no batch runtime. */
class ServerPolicyTest {

    @TempDir
    Path dir;

    Path input;
    Path outside;
    ServerPolicy server;

    @BeforeEach
    void aServerWithAnInputDirectory() throws Exception {
        input = dir.resolve("input");
        server = ServerPolicy.confined(input, List.of("exports.example.com", "127.0.0.1:8443"),
                List.of("jdbc:postgresql://db:5432/analytics"));
        outside = TestExports.write(dir.resolve("outside.ndjson"), 3);
    }

    @Test
    void aRelativeSourceResolvesUnderTheInputDirectoryAndOneThereIsRead() throws Exception {
        Path inside = TestExports.write(input.resolve("export.ndjson"), 3);

        assertTrue(Files.isDirectory(input), "created at boot");
        assertEquals(inside.toString(), Sources.checked("export.ndjson", server));
        assertEquals(inside.toString(), Sources.checked("file:" + inside, server));
        assertEquals(inside.toString(), Sources.checked("file://localhost" + inside, server));
        try (LineSource lines = Sources.open("export.ndjson", null, options(server))) {
            assertEquals(1, lines.next().lineNumber());
        }
    }

    @Test
    void filesOutsideTheInputDirectoryAreRefusedNamingTheParameterAndTheVariable() throws Exception {
        Files.createSymbolicLink(input.resolve("environ.ndjson"), Path.of("/proc/self/environ"));
        Files.createSymbolicLink(input.resolve("out"), dir);

        assertRefused("/proc/self/environ", "it points outside " + input);
        assertRefused(outside.toString(), "it points outside " + input);
        assertRefused("../outside.ndjson", "it points outside " + input);
        assertRefused("file:" + outside, "it points outside " + input);
        assertRefused("file:///proc/self/environ", "it points outside " + input);
        assertRefused("file:../outside.ndjson", "it points outside " + input);
        assertRefused("environ.ndjson", input.resolve("environ.ndjson") + " is a symbolic link, and links are not followed");
        assertRefused("out/outside.ndjson", input.resolve("out") + " is a symbolic link, and links are not followed");
        // ... and where the job opens it, whoever started the job
        ConfinementException opened = assertThrows(ConfinementException.class,
                () -> Sources.open("/proc/self/environ", null, options(server)).close());
        assertTrue(opened.getMessage().contains("(set by AUDIOEXPORT_INPUT_DIR)"), opened.getMessage());
    }

    @Test
    void aRefusalSaysTheSameWhetherTheFileOutsideExistsOrNot() {
        String missing = dir.resolve("missing.ndjson").toString();
        String existing = outside.toString();

        assertEquals(message(missing).replace(missing, "FILE"), message(existing).replace(existing, "FILE"));
    }

    @Test
    void theCommandLineReadsAnyFileItIsGiven() throws Exception {
        assertEquals(outside.toString(), Sources.checked(outside.toString(), ServerPolicy.NONE));
        try (LineSource lines = Sources.open(outside.toString(), null, options(ServerPolicy.NONE))) {
            assertEquals(1, lines.next().lineNumber());
        }
        ServerPolicy.NONE.checkHost("source", URI.create("http://169.254.169.254/latest/meta-data"));
        ServerPolicy.NONE.checkTableUrl("jdbc:postgresql://anywhere/db");
    }

    @Test
    void httpSourcesOnlyFromListedHostsAHostAloneAllowingAnyPort() {
        assertEquals("https://exports.example.com/x.ndjson?sig=1",
                Sources.checked("https://exports.example.com/x.ndjson?sig=1", server));
        Sources.checked("http://EXPORTS.example.com:8080/x.ndjson", server);
        Sources.checked("https://127.0.0.1:8443/x.ndjson", server);

        ConfinementException metadata = assertThrows(ConfinementException.class,
                () -> Sources.checked("http://169.254.169.254/latest/meta-data", server));
        assertEquals("Job parameter 'source': host 169.254.169.254:80 is refused: this server reads http(s) sources "
                + "only from the hosts listed in AUDIOEXPORT_SOURCE_HOSTS (exports.example.com 127.0.0.1:8443). Add "
                + "the host (or host:port) to AUDIOEXPORT_SOURCE_HOSTS and restart the server, or copy the export "
                + "into the input directory " + input + ".", metadata.getMessage());
        assertThrows(ConfinementException.class, () -> Sources.checked("https://127.0.0.1:9990/management", server));
        assertThrows(ConfinementException.class, () -> Sources.checked("https://127.0.0.1/x.ndjson", server));
        assertThrows(ConfinementException.class,
                () -> Sources.checked("https://exports.example.com.evil.test/x.ndjson", server));
    }

    @Test
    void withNoHostListedEveryHttpSourceIsRefusedSayingWhichVariableToSet() {
        ServerPolicy noHosts = ServerPolicy.confined(input, List.of(), List.of());

        ConfinementException e = assertThrows(ConfinementException.class,
                () -> Sources.checked("https://exports.example.com/x.ndjson", noHosts));
        assertTrue(e.getMessage().contains("listed in AUDIOEXPORT_SOURCE_HOSTS (not set)"), e.getMessage());
        assertEquals("labelbox:cl123", Sources.checked("labelbox:cl123", noHosts), "goes to the configured endpoint");
    }

    @Test
    void tablesOnlyInListedDatabases() {
        server.checkTableUrl("jdbc:postgresql://db:5432/analytics");
        ConfinementException e = assertThrows(ConfinementException.class,
                () -> server.checkTableUrl("jdbc:postgresql://attacker.test/x"));
        assertTrue(e.getMessage().startsWith("jdbcUrl 'jdbc:postgresql://attacker.test/x' is refused: this server "
                + "writes tables only to the databases listed in AUDIOEXPORT_TABLE_URLS"), e.getMessage());
    }

    @Test
    void idFilesOfLabelboxFiltersAreConfinedToo() throws Exception {
        Files.writeString(input.resolve("ids.txt"), "a\nb\n");
        Properties parameters = new Properties();
        parameters.setProperty("dataRowIds", "@ids.txt");
        parameters.setProperty("batchIds", "b1,b2");

        Properties resolved = LabelboxLineSource.withIdFiles(parameters, server);
        assertEquals("@" + input.resolve("ids.txt"), resolved.getProperty("dataRowIds"));
        assertEquals("b1,b2", resolved.getProperty("batchIds"));
        parameters.setProperty("globalKeys", "@/proc/self/environ");
        ConfinementException e = assertThrows(ConfinementException.class,
                () -> LabelboxLineSource.withIdFiles(parameters, server));
        assertTrue(e.getMessage().startsWith("Job parameter 'globalKeys' = '/proc/self/environ' is refused"),
                e.getMessage());
    }

    @Test
    void aJvmIsConfinedOnceTheServerSetsItsInputOrOutputDirectory() {
        assertTrue(!ServerPolicy.configured().isConfined(), "the command line's JVM");
        System.setProperty(ServerPolicy.INPUT_DIR_PROPERTY, input.toString());
        try {
            assertEquals(input, ServerPolicy.configured().inputDirectory());
        } finally {
            System.clearProperty(ServerPolicy.INPUT_DIR_PROPERTY);
        }
        System.setProperty("audioexport.output.dir", dir.resolve("home/output").toString());
        try {
            assertEquals(dir.resolve("home/input"), ServerPolicy.configured().inputDirectory());
        } finally {
            System.clearProperty("audioexport.output.dir");
        }
    }

    private void assertRefused(String source, String why) {
        ConfinementException e = assertThrows(ConfinementException.class, () -> Sources.checked(source, server));
        assertEquals("Job parameter 'source' = '" + Sources.filePath(source) + "' is refused: " + why + ". Input files "
                + "must be under the input directory " + input + " (set by AUDIOEXPORT_INPUT_DIR); give a path relative "
                + "to it.", e.getMessage());
    }

    private String message(String source) {
        return assertThrows(ConfinementException.class, () -> Sources.checked(source, server)).getMessage();
    }

    private static SourceOptions options(ServerPolicy policy) {
        return new SourceOptions(SourceParameters.NONE, null, status -> { }, () -> false, policy);
    }
}
