package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.audioexport.batch.ExportTotals;
import dev.audioexport.operations.ExportOperations;
import dev.audioexport.operations.RepositoryConfig;
import dev.audioexport.operations.StartedRun;
import jakarta.batch.runtime.BatchStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The same job on the embedded runtime (JBeret SE), as the command line runs it: the reference output. */
final class EmbeddedExport {

    private EmbeddedExport() {
    }

    /** What the embedded run wrote, and its totals. */
    record Output(Path csv, ExportTotals totals) {
    }

    /** Runs {@code source} to {@code csv} (rejects beside it) in this JVM. */
    static Output run(Path source, Path csv, int chunkSize) throws Exception {
        Path state = Files.createDirectories(csv.resolveSibling(csv.getFileName() + ".state"));
        ExportOperations operations = new ExportOperations(
                RepositoryConfig.of("jdbc:h2:file:" + state.resolve("repository")), state);
        Properties parameters = new Properties();
        parameters.setProperty("source", source.toString());
        parameters.setProperty("csv", csv.toString());
        parameters.setProperty("chunkSize", String.valueOf(chunkSize));
        try (StartedRun run = operations.start(ExportOperations.JOB_NAME, parameters)) {
            assertEquals(BatchStatus.COMPLETED, operations.awaitEnd(run.executionId()));
            return new Output(csv, operations.totals(run.executionId()));
        }
    }

    static Path rejectsOf(Path csv) {
        return csv.resolveSibling(csv.getFileName() + ".rejects.jsonl");
    }
}
