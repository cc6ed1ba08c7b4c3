package dev.audioexport.operations;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jakarta.batch.runtime.BatchStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose job repository goes away under it (a full disk closed H2's file): JBeret's runner
 * fails before it records the end and never releases those waiting for it. The command line
 * waited for ever; its wait now ends, failing with a message that names the execution.
 */
class AbandonedRunTest {

    @TempDir
    Path dir;

    @Test
    void aRunWhoseRepositoryIsGoneEndsTheWaitInsteadOfHangingForEver() throws Exception {
        String line = Files.readString(Path.of("src/test/resources/samples/seed-audio-export.ndjson"),
                StandardCharsets.UTF_8).strip() + "\n";
        Path source = dir.resolve("export.ndjson");
        Files.writeString(source, line.repeat(20_000), StandardCharsets.UTF_8);
        Path state = Files.createDirectories(dir.resolve("state"));
        String url = "jdbc:h2:file:" + state.resolve("repository");
        ExportOperations operations = new ExportOperations(RepositoryConfig.of(url), state);
        Properties parameters = new Properties();
        parameters.setProperty("source", source.toString());
        parameters.setProperty("csv", dir.resolve("out.csv").toString());
        parameters.setProperty("chunkSize", "1");

        try (StartedRun run = operations.start(ExportOperations.JOB_NAME, parameters)) {
            CompletableFuture<BatchStatus> end = operations.termination(run.executionId());
            for (int i = 0; i < 100 && !Files.exists(dir.resolve("out.csv")); i++) {
                Thread.sleep(50);
            }
            repositoryGone(url, state);

            ExecutionException failed = assertThrows(ExecutionException.class, () -> end.get(60, TimeUnit.SECONDS),
                    "the wait ends, and not as if the run had ended");
            assertTrue(failed.getCause().getMessage().startsWith("Execution " + run.executionId() + "'s batch thread"
                    + " ended without recording"), failed.getCause().getMessage());
        }
    }

    /** Closes the database under the run and puts a directory where its file was: it cannot open again. */
    private static void repositoryGone(String url, Path state) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement shutdown = connection.createStatement()) {
            shutdown.execute("SHUTDOWN IMMEDIATELY");
        } catch (java.sql.SQLException expected) {
            // the shutdown ends this connection too
        }
        Path file = state.resolve("repository.mv.db");
        Files.deleteIfExists(file);
        Files.createDirectories(file);
    }
}
