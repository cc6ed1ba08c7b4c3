package dev.audioexport.operations;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import org.jberet.util.BatchUtil;

/**
 * The newest execution of each of a job's recent instances in one query on JBeret's tables,
 * where JBeret's operator reads each instance's executions one query at a time (about 3 ms each:
 * 0.6 s for 200 instances) and needs the whole batch runtime started first. {@code status} lists
 * them with this alone; {@code restart --last} and a new run's check use it too.
 */
final class NewestExecutions {

    /**
     * JBeret's default tables (jberet.ddl, jberet-sql.properties), the columns JobExecution shows;
     * the row count joined in by hand (String.format loads locale data that start-up avoids).
     */
    private static final String QUERY = """
            SELECT e.JOBEXECUTIONID, e.BATCHSTATUS, e.EXITSTATUS, e.CREATETIME, e.STARTTIME, e.ENDTIME,
                   e.LASTUPDATEDTIME, e.JOBPARAMETERS
            FROM JOB_EXECUTION e
            WHERE e.JOBEXECUTIONID IN (
                SELECT MAX(x.JOBEXECUTIONID) FROM JOB_EXECUTION x
                INNER JOIN JOB_INSTANCE i ON x.JOBINSTANCEID = i.JOBINSTANCEID
                WHERE i.JOBNAME = ? GROUP BY x.JOBINSTANCEID
                ORDER BY x.JOBINSTANCEID DESC FETCH FIRST\s""";
    private static final String QUERY_END = " ROWS ONLY) ORDER BY e.JOBEXECUTIONID DESC";

    private final RepositoryConfig repository;

    NewestExecutions(RepositoryConfig repository) {
        this.repository = repository;
    }

    /**
     * The newest execution of each of the job's {@code instances} newest instances, newest first;
     * empty when the query cannot run (no tables yet, another database's dialect): the caller
     * then asks JBeret.
     */
    Optional<List<JobExecution>> of(String jobName, int instances) {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement(QUERY + instances + QUERY_END)) {
            query.setString(1, jobName);
            List<JobExecution> executions = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    executions.add(new Snapshot(rows.getLong(1), jobName, BatchStatus.valueOf(rows.getString(2)),
                            rows.getString(3), rows.getTimestamp(4), rows.getTimestamp(5), rows.getTimestamp(6),
                            rows.getTimestamp(7), parameters(rows.getString(8))));
                }
            }
            return Optional.of(executions);
        } catch (SQLException | RuntimeException e) {
            Logger.getLogger(NewestExecutions.class.getName()).fine(() -> "Executions listed by JBeret instead: " + e);
            return Optional.empty();
        }
    }

    private static Properties parameters(String stored) {
        return stored == null ? new Properties() : BatchUtil.stringToProperties(stored);
    }

    /** Opens the repository (the check that it can be opened, before anything else is started). */
    void reach() throws SQLException {
        connect().close();
    }

    private Connection connect() throws SQLException {
        Properties credentials = new Properties();
        if (repository.user() != null) {
            credentials.setProperty("user", repository.user());
        }
        if (repository.password() != null) {
            credentials.setProperty("password", repository.password());
        }
        return DriverManager.getConnection(repository.jdbcUrl(), credentials);
    }

    /** An execution as the repository had it when read. */
    private record Snapshot(long executionId, String jobName, BatchStatus batchStatus, String exitStatus,
            Date createTime, Date startTime, Date endTime, Date lastUpdatedTime, Properties jobParameters)
            implements JobExecution {

        @Override
        public long getExecutionId() {
            return executionId;
        }

        @Override
        public String getJobName() {
            return jobName;
        }

        @Override
        public BatchStatus getBatchStatus() {
            return batchStatus;
        }

        @Override
        public Date getStartTime() {
            return startTime;
        }

        @Override
        public Date getEndTime() {
            return endTime;
        }

        @Override
        public String getExitStatus() {
            return exitStatus;
        }

        @Override
        public Date getCreateTime() {
            return createTime;
        }

        @Override
        public Date getLastUpdatedTime() {
            return lastUpdatedTime;
        }

        @Override
        public Properties getJobParameters() {
            return jobParameters;
        }
    }
}
