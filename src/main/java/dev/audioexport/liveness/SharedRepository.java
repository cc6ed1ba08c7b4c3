package dev.audioexport.liveness;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * A server's job repository when several nodes may share it: a PostgreSQL datasource. Its
 * JNDI name is the system property {@value #DATASOURCE_PROPERTY} (deploy/server.cli). The
 * command line sets none, and an H2 repository is one server's own file: both give nothing,
 * and liveness stays what it was there (the run lock file; the server's boot time).
 */
public final class SharedRepository {

    public static final String DATASOURCE_PROPERTY = "audioexport.repository.datasource";

    private static final Logger LOG = Logger.getLogger(SharedRepository.class.getName());
    /** Whether the datasource is PostgreSQL does not change while the server runs. */
    private static volatile Boolean postgres;

    private SharedRepository() {
    }

    /** The server's PostgreSQL job repository, if this JVM is a server with one. */
    public static Optional<DataSource> configured() {
        String name = System.getProperty(DATASOURCE_PROPERTY);
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        DataSource dataSource;
        try {
            dataSource = InitialContext.doLookup(name.strip());
        } catch (NamingException e) {
            LOG.log(Level.WARNING, "The job repository datasource " + name + " cannot be looked up", e);
            return Optional.empty();
        }
        return isPostgres(dataSource) ? Optional.of(dataSource) : Optional.empty();
    }

    /**
     * Whether the datasource is PostgreSQL.
     *
     * @throws IllegalStateException when it cannot be asked: a server that cannot tell must not
     *         guess that its repository is its own
     */
    public static boolean isPostgres(DataSource dataSource) {
        Boolean known = postgres;
        if (known != null) {
            return known;
        }
        try (Connection connection = dataSource.getConnection()) {
            known = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("The job repository cannot be reached to tell whether it is shared: "
                    + e.getMessage(), e);
        }
        postgres = known;
        return known;
    }
}
