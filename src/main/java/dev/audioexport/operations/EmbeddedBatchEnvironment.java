package dev.audioexport.operations;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import jakarta.transaction.TransactionManager;
import org.jberet.repository.JdbcRepository;
import org.jberet.repository.JobRepository;
import org.jberet.se.BatchSEEnvironment;
import org.jberet.spi.ArtifactFactory;
import org.jberet.spi.BatchEnvironment;
import org.jberet.spi.JobTask;
import org.jberet.spi.JobXmlResolver;

/**
 * JBeret SE with a JDBC job repository chosen at run time (a {@code jberet.properties} file
 * would fix one for the whole JVM). Everything else is JBeret SE's own.
 */
final class EmbeddedBatchEnvironment implements BatchEnvironment {

    /** Defers every artifact to JBeret's own fallback (see {@link #getArtifactFactory}). */
    private static final ArtifactFactory BATCH_XML_ARTIFACTS = new ArtifactFactory() {
        @Override
        public Class<?> getArtifactClass(String ref, ClassLoader classLoader) {
            return null;
        }

        @Override
        public Object create(String ref, Class<?> type, ClassLoader classLoader) {
            return null;
        }

        @Override
        public void destroy(Object instance) {
        }
    };

    private final BatchSEEnvironment se = new BatchSEEnvironment();
    private final JobRepository repository;
    private final AtomicInteger tasksNotReturned = new AtomicInteger();

    EmbeddedBatchEnvironment(RepositoryConfig config) {
        Properties properties = new Properties();
        properties.setProperty(JdbcRepository.DB_URL_KEY, config.jdbcUrl());
        if (config.user() != null) {
            properties.setProperty(JdbcRepository.DB_USER_KEY, config.user());
        }
        if (config.password() != null) {
            properties.setProperty(JdbcRepository.DB_PASSWORD_KEY, config.password());
        }
        this.repository = config.jdbcUrl().startsWith("jdbc:h2:")
                ? new JdbcRepository(pooled(config), properties)
                : JdbcRepository.create(properties);
    }

    /**
     * H2's own connection pool: JBeret takes a connection for every repository call, at every
     * chunk's checkpoint too, and opening an H2 connection cost some 8 % of the step thread's CPU
     * on a CSV run. Other databases keep JBeret's plain connections (a PostgreSQL repository is
     * shared by nodes whose liveness locks live on sessions of their own).
     */
    private static DataSource pooled(RepositoryConfig config) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(config.jdbcUrl(),
                config.user() == null ? "" : config.user(), config.password() == null ? "" : config.password());
        // A sync's partitions checkpoint at once: one connection each, never a wait on the pool.
        pool.setMaxConnections(Integer.MAX_VALUE);
        return pool;
    }

    @Override
    public ClassLoader getClassLoader() {
        return se.getClassLoader();
    }

    /**
     * No CDI container: JBeret finds each artifact through {@code META-INF/batch.xml} (or a
     * class name) and injects its batch properties and contexts itself. Booting Weld SE for
     * that took most of the command line's start-up.
     */
    @Override
    public ArtifactFactory getArtifactFactory() {
        return BATCH_XML_ARTIFACTS;
    }

    /**
     * Counts the task until it returns: a job whose runner failed before it recorded the end (its
     * repository gone, say, on a full disk) never ends for JBeret, and {@link #idle} lets the
     * one waiting for it find out.
     */
    @Override
    public void submitTask(JobTask task) {
        tasksNotReturned.incrementAndGet();
        se.submitTask(new JobTask() {
            @Override
            public int getRequiredRemainingPermits() {
                return task.getRequiredRemainingPermits();
            }

            @Override
            public void run() {
                try {
                    task.run();
                } finally {
                    tasksNotReturned.decrementAndGet();
                }
            }
        });
    }

    /** Whether every batch task submitted (a job's own, its partitions') has returned. */
    boolean idle() {
        return tasksNotReturned.get() == 0;
    }

    @Override
    public TransactionManager getTransactionManager() {
        return se.getTransactionManager();
    }

    @Override
    public JobRepository getJobRepository() {
        return repository;
    }

    @Override
    public JobXmlResolver getJobXmlResolver() {
        return se.getJobXmlResolver();
    }

    @Override
    public Properties getBatchConfigurationProperties() {
        return se.getBatchConfigurationProperties();
    }

    @Override
    public String getApplicationName() {
        return se.getApplicationName();
    }
}
