package dev.audioexport.operations;

import java.util.Properties;
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

    private final BatchSEEnvironment se = new BatchSEEnvironment();
    private final JobRepository repository;

    EmbeddedBatchEnvironment(RepositoryConfig config) {
        Properties properties = new Properties();
        properties.setProperty(JdbcRepository.DB_URL_KEY, config.jdbcUrl());
        if (config.user() != null) {
            properties.setProperty(JdbcRepository.DB_USER_KEY, config.user());
        }
        if (config.password() != null) {
            properties.setProperty(JdbcRepository.DB_PASSWORD_KEY, config.password());
        }
        this.repository = JdbcRepository.create(properties);
    }

    @Override
    public ClassLoader getClassLoader() {
        return se.getClassLoader();
    }

    @Override
    public ArtifactFactory getArtifactFactory() {
        return se.getArtifactFactory();
    }

    @Override
    public void submitTask(JobTask task) {
        se.submitTask(task);
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
