package dev.audioexport.batch;

import dev.audioexport.operations.ExportOperations;
import dev.audioexport.operations.RepositoryConfig;
import dev.audioexport.operations.StartedRun;
import jakarta.batch.runtime.JobExecution;
import java.nio.file.Path;
import java.util.Properties;

/** Runs jobs on the embedded runtime with a JDBC (H2 file) job repository, as the command line does. */
public final class EmbeddedJobs {

    public final ExportOperations operations;

    public EmbeddedJobs(Path state) {
        operations = new ExportOperations(RepositoryConfig.of("jdbc:h2:file:" + state.resolve("repository")), state);
    }

    public JobExecution run(String job, Properties parameters) throws Exception {
        try (StartedRun run = operations.start(job, parameters)) {
            return awaitEnd(run);
        }
    }

    public JobExecution restart(long executionId, Properties overrides) throws Exception {
        try (StartedRun run = operations.restart(executionId, overrides)) {
            return awaitEnd(run);
        }
    }

    private JobExecution awaitEnd(StartedRun run) {
        operations.awaitEnd(run.executionId());
        return operations.execution(run.executionId());
    }

    public static Properties parameters(Path source, Path csv, int chunkSize, String... more) {
        return parameters(source.toString(), csv, chunkSize, more);
    }

    public static Properties parameters(String source, Path csv, int chunkSize, String... more) {
        Properties p = new Properties();
        p.setProperty("source", source);
        p.setProperty("csv", csv.toString());
        p.setProperty("chunkSize", String.valueOf(chunkSize));
        for (int i = 0; i + 1 < more.length; i += 2) {
            p.setProperty(more[i], more[i + 1]);
        }
        return p;
    }
}
