package dev.audioexport.batch;

import dev.audioexport.confinement.ConfinementException;
import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.sink.SqlDatabase;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.UrlDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What a sync did per project, read from its watermarks table {@code <table>_sync}: full or
 * incremental, rows written, watermark before and after; for the projects that one of the sync's
 * executions (its job instance's) completed. The command line's summary and the server's
 * partitions show them.
 */
public final class SyncOutcomes {

    /** One project's last sync, when one of the given executions completed it. */
    public record Outcome(String mode, long rowsWritten, String previousWatermark, String watermark) {
    }

    private SyncOutcomes() {
    }

    /**
     * The sync's projects in list order, each with its outcome (empty: this sync did not complete it).
     *
     * @throws ConfinementException in a server, when the saved jdbcUrl is not one of AUDIOEXPORT_TABLE_URLS
     *         (a sync started by management start-job, or by the command line on a shared repository):
     *         the connection would carry the server's database account to whatever host it names
     */
    public static Map<String, Optional<Outcome>> read(List<String> projects, Properties parameters,
            Set<Long> executions) throws SQLException {
        ServerPolicy.configured().checkTableUrl(String.valueOf(parameters.getProperty("jdbcUrl")));
        TableName table = TableName.parse(parameters.getProperty("table"));
        Map<String, Optional<Outcome>> outcomes = new LinkedHashMap<>();
        try (Connection connection = UrlDataSource.fromEnvironment(parameters.getProperty("jdbcUrl")).getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT last_mode, rows_written, "
                        + "previous_watermark, watermark, last_execution_id FROM "
                        + SqlDatabase.of(connection.getMetaData()).quoted(table.companion("sync"))
                        + " WHERE project_id = ?")) {
            for (String project : projects) {
                select.setString(1, project);
                try (ResultSet row = select.executeQuery()) {
                    outcomes.put(project, row.next() && executions.contains(row.getLong(5))
                            ? Optional.of(new Outcome(row.getString(1), row.getLong(2), row.getString(3),
                                    row.getString(4)))
                            : Optional.empty());
                }
            }
        }
        return outcomes;
    }
}
