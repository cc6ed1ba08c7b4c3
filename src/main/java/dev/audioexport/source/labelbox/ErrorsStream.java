package dev.audioexport.source.labelbox;

import dev.audioexport.source.ExportLine;
import dev.audioexport.source.LineSplitter;
import dev.audioexport.source.SourceOptions;
import dev.audioexport.source.http.Backoff;
import dev.audioexport.source.http.HttpTransport;
import dev.audioexport.source.http.ResumableDownload;
import dev.audioexport.source.http.RetryPolicy;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies a task's ERRORS stream (data rows Labelbox could not export) to the export-errors
 * file, one JSON line each, before the first RESULT line is read. The file is written whole
 * and then moved into place, so it is never half there; it is empty when there are no errors.
 */
final class ErrorsStream {

    static final String ERRORS = "ERRORS";

    private static final Logger LOG = Logger.getLogger(ErrorsStream.class.getName());

    private ErrorsStream() {
    }

    /** Writes the stream to {@code options.exportErrors()} (when set) and returns its line count. */
    static long write(LabelboxApi api, HttpTransport http, String taskId, RetryPolicy policy, SourceOptions options,
            int maxLineBytes) throws IOException {
        Path target = options.exportErrors();
        Optional<LabelboxApi.StreamHeader> header = api.header(taskId, ERRORS);
        if (target == null) {
            return header.map(LabelboxApi.StreamHeader::totalLines).orElse(0L);
        }
        Path directory = target.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(directory, target.getFileName().toString(), ".part");
        long count = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            if (header.isPresent() && header.get().totalSize() > 0) {
                SliceOpener slices = new SliceOpener(api, http, taskId, ERRORS, header.get().totalSize());
                count = copy(new ResumableDownload(slices, 0, new Backoff(policy, options.stopRequested()),
                        "Download of the ERRORS stream of Labelbox export task " + taskId), out, maxLineBytes);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (count > 0) {
            LOG.log(Level.WARNING, "Labelbox export task {0} reported {1} data rows it could not export; see {2}",
                    new Object[] {taskId, count, target});
        }
        return count;
    }

    private static long copy(ResumableDownload errors, OutputStream out, int maxLineBytes) throws IOException {
        long count = 0;
        try (errors) {
            LineSplitter lines = new LineSplitter(errors, 0, 0, maxLineBytes);
            for (ExportLine line = lines.next(); line != null; line = lines.next()) {
                out.write(line.bytes());
                out.write('\n');
                count++;
            }
        }
        return count;
    }
}
