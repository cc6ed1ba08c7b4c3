package dev.audioexport.cli;

import dev.audioexport.operations.OperationException;
import dev.audioexport.sink.SqlDatabase;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.UrlDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/** {@code --jdbc URL [--table NAME] [--load copy|insert]}: checked, and the database reached, before a run starts. */
final class TableOption {

    private TableOption() {
    }

    /** Validates the options, connects once, and sets the job parameters jdbcUrl, table and tableLoad. */
    static TableName putParameters(Arguments arguments, Properties parameters) {
        String url = arguments.required("--jdbc");
        if (UrlDataSource.holdsPassword(url)) {
            throw new UsageException("--jdbc: the URL holds a password, which would be saved in the job repository; "
                    + "set " + UrlDataSource.PASSWORD_VARIABLE + " instead");
        }
        TableName table;
        try {
            table = TableName.parse(arguments.get("--table"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--table: " + e.getMessage());
        }
        String load = arguments.get("--load");
        if (load != null && !load.equals("copy") && !load.equals("insert")) {
            throw new UsageException("--load must be copy or insert, not '" + load + "'");
        }
        checkReachable(url);
        parameters.setProperty("jdbcUrl", url);
        parameters.setProperty("table", table.qualified());
        if (load != null) {
            parameters.setProperty("tableLoad", load.toLowerCase(Locale.ROOT));
        }
        return table;
    }

    private static void checkReachable(String url) {
        try (Connection connection = UrlDataSource.fromEnvironment(url).getConnection()) {
            SqlDatabase database = SqlDatabase.of(connection.getMetaData());
            try {
                database.forceToDisk(connection);
            } catch (SQLException e) {
                throw new OperationException("--jdbc: the user cannot force commits to disk on " + url
                        + " (H2: CHECKPOINT SYNC needs admin rights): " + firstLine(e.getMessage()));
            }
        } catch (SQLException e) {
            throw new OperationException("--jdbc: cannot connect to " + url + ": " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.lines().findFirst().orElse(message);
    }
}
