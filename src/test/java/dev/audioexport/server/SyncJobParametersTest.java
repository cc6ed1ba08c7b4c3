package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.batch.SyncProjects;
import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.sink.OutputDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync's job parameters as a server checks them before anything starts (issue 12): what the
 * command line exits 2 for is refused naming the parameter, and everything it names is confined.
 * No batch runtime: the operator API answers these messages with 400.
 */
class SyncJobParametersTest {

    private static final String LISTED = "jdbc:postgresql://db:5432/mirror";

    @TempDir
    Path dir;

    Path input;
    Path output;
    ServerPolicy server;

    @BeforeEach
    void aServer() {
        input = dir.resolve("input");
        output = dir.resolve("output");
        server = ServerPolicy.confined(input, List.of(), List.of(LISTED));
    }

    @Test
    void aStartIsCompletedWithTheDigestAndTheRejectsDirectoryUnderTheOutputDirectory() throws Exception {
        Properties started = start(Map.of("projects", " pa, pb ", "jdbcUrl", LISTED, "threads", "3"));
        assertEquals("pa,pb", started.getProperty("projects"));
        assertEquals(SyncProjects.digest(List.of("pa", "pb")), started.getProperty("projectsDigest"));
        assertEquals(output.resolve("audio_annotations.sync").toString(), started.getProperty("rejectsDir"));
        assertEquals("3", started.getProperty("threads"));

        Files.writeString(Files.createDirectories(input).resolve("projects.txt"), "pa\npb\n");
        Properties fromFile = start(Map.of("projects", "@projects.txt", "jdbcUrl", LISTED, "table", "s.t",
                "rejectsDir", "nightly"));
        assertEquals("@" + input.resolve("projects.txt"), fromFile.getProperty("projects"));
        assertEquals(started.getProperty("projectsDigest"), fromFile.getProperty("projectsDigest"));
        assertEquals(output.resolve("nightly").toString(), fromFile.getProperty("rejectsDir"));
    }

    @Test
    void badListsAreRefusedNamingTheParameterAsTheCommandLineRefusesThem() throws Exception {
        assertRefused("projects: no project given", Map.of("jdbcUrl", LISTED));
        assertRefused("projects: the list , holds no project", Map.of("projects", ",", "jdbcUrl", LISTED));
        assertRefused("projects: project pa is listed twice; list each once.",
                Map.of("projects", "pa,pb,pa", "jdbcUrl", LISTED));
        String many = IntStream.range(0, 501).mapToObj(i -> "p" + i).collect(Collectors.joining("\n"));
        Files.writeString(Files.createDirectories(input).resolve("many.txt"), many);
        assertRefused("projects: 501 projects, at most 500 per sync",
                Map.of("projects", "@many.txt", "jdbcUrl", LISTED));
        assertRefused("'bad id!' is not a Labelbox project id", Map.of("projects", "pa,bad id!", "jdbcUrl", LISTED));
        String long400 = IntStream.range(0, 400).mapToObj(i -> "p" + i).collect(Collectors.joining(","));
        assertRefused("Job parameter 'projects' is refused: a list of 400 projects this long goes in a file",
                Map.of("projects", long400, "jdbcUrl", LISTED));
    }

    @Test
    void whatItNamesIsConfinedAndUnknownNamesAndValuesAreRefused() throws Exception {
        Path outside = Files.writeString(dir.resolve("secret.txt"), "not-a-project-line\n");
        assertRefused("Job parameter 'projects' = '" + outside + "' is refused: it points outside " + input,
                Map.of("projects", "@" + outside, "jdbcUrl", LISTED));
        assertRefused("Job parameter 'rejectsDir' = '/tmp' is refused: it points outside " + output,
                Map.of("projects", "pa", "jdbcUrl", LISTED, "rejectsDir", "/tmp"));
        assertRefused("Job parameter 'rejectsDir' = '../x' is refused",
                Map.of("projects", "pa", "jdbcUrl", LISTED, "rejectsDir", "../x"));
        assertRefused("jdbcUrl 'jdbc:postgresql://elsewhere/db' is refused: this server writes tables only to the "
                + "databases listed in AUDIOEXPORT_TABLE_URLS", Map.of("projects", "pa",
                "jdbcUrl", "jdbc:postgresql://elsewhere/db"));
        assertRefused("Job parameter 'jdbcUrl' is refused: a sync needs PostgreSQL",
                Map.of("projects", "pa", "jdbcUrl", "jdbc:h2:file:/tmp/x"));
        assertRefused("Job parameter 'jdbcUrl' is refused: a sync writes into a PostgreSQL database",
                Map.of("projects", "pa"));
        assertRefused("jdbcUrl must not hold a password", Map.of("projects", "pa",
                "jdbcUrl", LISTED + "?password=hunter2"));
        assertRefused("Job parameter 'source' is refused: the sync job has no such parameter; its parameters are "
                + "chunkBytes, chunkSize,", Map.of("projects", "pa", "jdbcUrl", LISTED, "source", "labelbox:pa"));
        assertRefused("Job parameter 'projectsDigest' is refused: the sync job has no such parameter to give: the "
                + "server computes it", Map.of("projects", "pa", "jdbcUrl", LISTED, "projectsDigest", "x"));
        assertRefused("Job parameter 'full' is refused: 'yes' is neither true", Map.of("projects", "pa",
                "jdbcUrl", LISTED, "full", "yes"));
        assertRefused("Job parameter 'threads' is refused: '0' is not a whole number from 1 to 500",
                Map.of("projects", "pa", "jdbcUrl", LISTED, "threads", "0"));
        assertRefused("Job parameter 'overlapMinutes' is refused: '-5' is not a whole number from 0 up",
                Map.of("projects", "pa", "jdbcUrl", LISTED, "overlapMinutes", "-5"));
        assertRefused("Job parameter 'table' is refused: table name 'x;drop' is not an SQL identifier",
                Map.of("projects", "pa", "jdbcUrl", LISTED, "table", "x;drop"));
        assertRefused("Job parameter 'tables' is refused: unknown table 'lables'",
                Map.of("projects", "pa", "jdbcUrl", LISTED, "tables", "lables"));
        assertRefused("Job parameter 'threads' is refused: it holds '#{'",
                Map.of("projects", "pa", "jdbcUrl", LISTED, "threads", "#{systemProperties['user.home']}"));
        assertRefused("retryAttempts", Map.of("projects", "pa", "jdbcUrl", LISTED, "retryAttempts", "many"));
    }

    @Test
    void aRestartMayChangeTuningOnlyAndItsValuesAreCheckedToo() {
        assertEquals("5000", SyncJobParameters.forRestart(properties(Map.of("skipLimit", "5000")), server)
                .getProperty("skipLimit"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SyncJobParameters.forRestart(properties(Map.of("skipLimit", "lots")), server));
        assertTrue(refused.getMessage().startsWith("Job parameter 'skipLimit' is refused"), refused.getMessage());
        assertTrue(SyncJobParameters.FIXED_ON_RESTART.containsAll(List.of("projects", "jdbcUrl", "rejectsDir", "full")));
    }

    @Test
    void aRestartOnANodeWhoseOutputDirectoryDiffersIsRefusedNamingTheFix() throws Exception {
        Properties saved = start(Map.of("projects", "pa", "jdbcUrl", LISTED));
        SyncJobParameters.checkRestartableHere(7, saved, Optional.of(OutputDirectory.of(output)));
        SyncJobParameters.checkRestartableHere(7, saved, Optional.empty());

        Path elsewhere = Files.createDirectories(output.resolveSibling("other-node-output"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SyncJobParameters.checkRestartableHere(7, saved, Optional.of(OutputDirectory.of(elsewhere))));
        assertTrue(refused.getMessage().startsWith("Execution 7 keeps its rejects in '" + output), refused.getMessage());
        assertTrue(refused.getMessage().contains("give every node the same one"), refused.getMessage());
    }

    private Properties start(Map<String, String> given) {
        return SyncJobParameters.forStart(properties(given), server, Optional.of(OutputDirectory.of(output)));
    }

    private void assertRefused(String start, Map<String, String> given) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> start(given),
                given.toString());
        assertTrue(refused.getMessage().startsWith(start) || refused.getMessage().contains(start), refused.getMessage());
    }

    private static Properties properties(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return properties;
    }
}
