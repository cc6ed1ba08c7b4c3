package dev.audioexport.cli;

import dev.audioexport.operations.OperationException;
import dev.audioexport.sink.SqlDatabase;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.TableSink;
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
        if (url.startsWith("jdbc:h2:mem:")) {
            throw new UsageException("--jdbc: an in-memory H2 database ends with the command, and its rows with it; "
                    + "use jdbc:h2:file:PATH");
        }
        checkUsable(url, table, TableSink.Load.named(load));
        parameters.setProperty("jdbcUrl", url);
        parameters.setProperty("table", table.qualified());
        if (load != null) {
            parameters.setProperty("tableLoad", load.toLowerCase(Locale.ROOT));
        }
        return table;
    }

    /**
     * A restart of a run with a table checks its database as the run did (the password is not
     * in the repository: without it in the environment, the restart would only fail later).
     */
    static void checkBeforeRestart(Properties parameters) {
        String url = parameters == null ? null : parameters.getProperty("jdbcUrl");
        if (url == null || url.isBlank()) {
            return;
        }
        TableName table;
        try {
            table = TableName.parse(parameters.getProperty("table"));
        } catch (IllegalArgumentException e) {  // saved by an older version with other rules
            throw new UsageException("the run's table: " + e.getMessage() + "; start a new run with another --table");
        }
        checkUsable(url, table, TableSink.Load.named(parameters.getProperty("tableLoad")));
    }

    /** Connects once: the database is reachable, can take this table and load, and the user can force commits to disk. */
    private static void checkUsable(String url, TableName table, TableSink.Load load) {
        try (Connection connection = UrlDataSource.fromEnvironment(url).getConnection()) {
            SqlDatabase database = SqlDatabase.of(connection.getMetaData());
            database.checkUsable(table, load);
            try {
                database.forceToDisk(connection);
            } catch (SQLException e) {
                throw new OperationException("--jdbc: the user cannot force commits to disk on " + url
                        + " (H2: CHECKPOINT SYNC needs admin rights): " + SqlDatabase.errorOf(e));
            }
        } catch (SQLException e) {
            throw new OperationException("--jdbc: cannot connect to " + url + ": " + SqlDatabase.errorOf(e));
        }
    }
}
