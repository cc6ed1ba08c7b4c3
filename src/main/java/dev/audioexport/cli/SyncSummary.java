package dev.audioexport.cli;

import dev.audioexport.batch.SyncProjects;
import dev.audioexport.sink.SqlDatabase;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.UrlDataSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
        TableName table = TableName.parse(parameters.getProperty("table"));
        try (Connection connection = UrlDataSource.fromEnvironment(parameters.getProperty("jdbcUrl")).getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT last_mode, rows_written, "
                        + "previous_watermark, watermark, last_execution_id FROM "
                        + SqlDatabase.of(connection.getMetaData()).quoted(table.companion("sync"))
                        + " WHERE project_id = ?")) {
            for (String project : projects) {
                select.setString(1, project);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next() && executions.contains(row.getLong(5))) {
                        out.printf(Locale.ROOT, "  project %s: %s, %,d rows written, watermark %s -> %s%n", project,
                                row.getString(1), row.getLong(2), orNone(row.getString(3)), row.getString(4));
                    } else {
                        out.printf(Locale.ROOT, "  project %s: not synced by this run (see the log)%n", project);
                    }
                }
            }
        } catch (SQLException e) {
            out.println("  projects        cannot read " + table + "_sync: " + SqlDatabase.errorOf(e));
        }
    }

    private static String orNone(String watermark) {
        return watermark == null ? "none" : watermark;
    }
}
