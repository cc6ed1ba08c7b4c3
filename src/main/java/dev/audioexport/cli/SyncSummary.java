package dev.audioexport.cli;

import dev.audioexport.batch.SyncOutcomes;
import dev.audioexport.batch.SyncProjects;
import dev.audioexport.sink.SqlDatabase;
import dev.audioexport.sink.TableName;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * One line per project of a sync, read from its watermarks table {@code <table>_sync}: rows
 * written, full or incremental, watermark before and after; or that this sync (any execution
 * of its job instance) did not complete the project.
 */
final class SyncSummary {

    private SyncSummary() {
    }

    static void print(PrintStream out, Properties parameters, Set<Long> executions) {
        List<String> projects;
        try {
            projects = SyncProjects.parse(parameters.getProperty("projects"));
        } catch (RuntimeException e) {
            out.println("  projects        " + e.getMessage());
            return;
        }
        try {
            SyncOutcomes.read(projects, parameters, executions).forEach((project, outcome) -> {
                if (outcome.isPresent()) {
                    out.printf(Locale.ROOT, "  project %s: %s, %,d rows written, watermark %s -> %s%n", project,
                            outcome.get().mode(), outcome.get().rowsWritten(),
                            orNone(outcome.get().previousWatermark()), outcome.get().watermark());
                } else {
                    out.printf(Locale.ROOT, "  project %s: not synced by this run (see the log)%n", project);
                }
            });
        } catch (SQLException e) {
            out.println("  projects        cannot read " + TableName.parse(parameters.getProperty("table"))
                    + "_sync: " + SqlDatabase.errorOf(e));
        }
    }

    private static String orNone(String watermark) {
        return watermark == null ? "none" : watermark;
    }
}
