package dev.audioexport.server.api;

import dev.audioexport.batch.ExportTotals;
import dev.audioexport.sink.OutputDirectory;
import dev.audioexport.sink.OutputPathException;
import dev.audioexport.sink.RejectRecords;
import jakarta.batch.operations.JobOperator;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The first rejected lines of an execution (see {@link ExportJobExecutions#rejects}): line, byte
 * offset and reason, never the raw line. The file is read only when it lies under the server's
 * output directory, as every output file the server writes does.
 */
final class ExecutionRejects {

    /** The most records one request returns: a page, not a download. */
    static final int MAX_FIRST = 100;

    private ExecutionRejects() {
    }

    static JsonObject of(JobOperator operator, long executionId, int first) {
        if (first < 1 || first > MAX_FIRST) {
            throw new RefusedRequest(Response.Status.BAD_REQUEST, "first must be between 1 and " + MAX_FIRST
                    + ", e.g. ?first=20");
        }
        Properties parameters = operator.getJobExecution(executionId).getJobParameters();
        String rejects = ExecutionProgress.rejectsParameter(parameters == null ? new Properties() : parameters);
        // The file is the export's, shared by its restarts, and may run past the last checkpoint (a
        // failed chunk's rejects stay until a restart truncates them): the first records up to the
        // checkpoint's count are exactly those this execution had committed.
        ExportTotals saved = ExportTotals.saved(operator, executionId);
        long committed = saved.linesRejected();
        RejectRecords.Head head = rejects.isEmpty() || committed == 0 ? new RejectRecords.Head(List.of(), false)
                : read(confined(rejects), (int) Math.min(first, committed));
        JsonArrayBuilder records = Json.createArrayBuilder();
        head.rejects().forEach(r -> records.add(Json.createObjectBuilder()
                .add("line", r.line()).add("offset", r.offset()).add("reason", r.reason())));
        return Json.createObjectBuilder()
                .add("executionId", executionId)
                .add("linesRejected", committed)
                .add("exportErrors", saved.exportErrors())
                .add("rejects", records)
                .add("more", committed > head.rejects().size())
                .build();
    }

    private static Path confined(String rejects) {
        OutputDirectory output = OutputDirectory.configured().orElseThrow(() -> new RefusedRequest(
                Response.Status.CONFLICT, "This server has no output directory (AUDIOEXPORT_OUTPUT_DIR), and it "
                        + "reads rejects files only under one."));
        try {
            return output.resolve("rejects", rejects);
        } catch (OutputPathException e) {
            throw new RefusedRequest(Response.Status.CONFLICT, "The rejects file of this execution is not read: "
                    + e.getMessage());
        }
    }

    private static RejectRecords.Head read(Path file, int first) {
        try {
            return RejectRecords.first(file, first);
        } catch (IOException e) {
            throw new RefusedRequest(Response.Status.CONFLICT, "The rejects file cannot be read: " + e.getMessage());
        }
    }
}
