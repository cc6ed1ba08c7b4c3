package dev.audioexport.batch;

import static dev.audioexport.batch.EmbeddedJobs.parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.confinement.ServerPolicy;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch runtime resolves {@code #{...}} inside a job parameter's value, so an operator could
 * name a system property of the server in any parameter and read it back from the run's exit
 * status or its file names. A server's job refuses such a parameter, whoever started it.
 */
class ParameterExpressionTest {

    private static final String PROPERTY = "audioexport.test.server.secret";
    private static final String SECRET = "server-secret-7f3c";
    private static final String EXPRESSION = "#{systemProperties['" + PROPERTY + "']}";

    @TempDir
    Path dir;

    @BeforeEach
    void aServerWithASecretSystemProperty() {
        System.setProperty(PROPERTY, SECRET);
        System.setProperty(ServerPolicy.INPUT_DIR_PROPERTY, dir.resolve("input").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
        System.clearProperty(ServerPolicy.INPUT_DIR_PROPERTY);
    }

    @Test
    void anExpressionInAnyParameterFailsTheRunNamingItAndTheServersPropertyIsShownNowhere() throws Exception {
        EmbeddedJobs jobs = new EmbeddedJobs(dir.resolve("state"));
        Path source = Files.createDirectories(dir.resolve("input")).resolve("seed.ndjson");
        Files.copy(ExportJobTest.sample("seed-audio-export.ndjson"), source);
        Path outputs = Files.createDirectories(dir.resolve("outputs"));
        List<String[]> attempts = List.of(new String[] {"chunkBytes", EXPRESSION},
                new String[] {"skipLimit", EXPRESSION}, new String[] {"decoder", "x" + EXPRESSION},
                new String[] {"csv", outputs.resolve(EXPRESSION + ".csv").toString()});
        for (String[] attempt : attempts) {
            Properties parameters = parameters(source, outputs.resolve("run.csv"), 10, attempt);
            JobExecution run = jobs.run("audio-export", parameters);

            assertEquals(BatchStatus.FAILED, run.getBatchStatus(), attempt[0]);
            assertTrue(run.getExitStatus().contains("Job parameter '" + attempt[0] + "' is refused: it holds '#{'"),
                    run.getExitStatus());
            assertFalse(run.getExitStatus().contains(SECRET), run.getExitStatus());

            JobExecution restarted = jobs.restart(run.getExecutionId(), new Properties());
            assertEquals(BatchStatus.FAILED, restarted.getBatchStatus(), attempt[0]);
            assertTrue(restarted.getExitStatus().contains("Job parameter '" + attempt[0] + "' is refused"),
                    restarted.getExitStatus());
        }
        try (var files = Files.walk(outputs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(file.toString().contains(SECRET), file.toString());
                assertFalse(Files.readString(file).contains(SECRET), file.toString());
            }
        }
    }

    @Test
    void theCommandLineResolvesThemAsBefore() throws Exception {
        System.clearProperty(ServerPolicy.INPUT_DIR_PROPERTY);
        EmbeddedJobs jobs = new EmbeddedJobs(dir.resolve("state"));
        JobExecution run = jobs.run("audio-export", parameters(ExportJobTest.sample("seed-audio-export.ndjson"),
                dir.resolve("cli.csv"), 10, "chunkBytes", "#{jobParameters['chunkSize']}"));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
    }
}
