package dev.audioexport.bench;

import dev.audioexport.operations.RepositoryConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The least any command of the tool can cost: a JVM that opens the default job repository (the
 * H2 file under a state directory, with the settings the command line uses) and reads one row
 * of it, nothing more: no batch runtime, no job. The benchmark times this process to show how
 * much of a restart is spent before a single line is read.
 * <p>Usage: {@code java -cp TEST_CLASSPATH dev.audioexport.bench.RepositoryOpenFloor STATE_DIR}
 */
public final class RepositoryOpenFloor {

    private RepositoryOpenFloor() {
    }

    public static void main(String[] args) throws SQLException {
        RepositoryConfig repository = RepositoryConfig.defaultFor(Path.of(args[0]));
        try (Connection connection = DriverManager.getConnection(repository.jdbcUrl(), "", "");
                Statement statement = connection.createStatement();
                ResultSet executions = statement.executeQuery("SELECT COUNT(*) FROM JOB_EXECUTION")) {
            executions.next();
            System.out.println("job executions: " + executions.getLong(1));
        }
    }
}
