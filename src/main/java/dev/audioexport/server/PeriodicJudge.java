package dev.audioexport.server;

import dev.audioexport.liveness.Liveness;
import dev.audioexport.liveness.LockWatchdog;
import jakarta.batch.runtime.BatchStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jberet.runtime.JobExecutionImpl;

/**
 * On a shared (PostgreSQL) job repository, judges the executions left running while the server
 * runs, not only at its boot ({@link StaleExecutions}): a node that died leaves its executions
 * STARTED, which WildFly's management {@code restart-job} (it bypasses the operator API's forced
 * restart) refuses until some node boots. Each round (every minute by default) an execution is
 * marked FAILED when it is DEAD by its locks on this round AND on an earlier one at least
 * {@link #gap} before, STARTED or STOPPING both times, with the same last-update time both times,
 * that time itself at least {@code gap} old. Framework-free: ServerStartup schedules the rounds.
 *
 * <p>Why a live execution is never marked:
 * <ul>
 * <li>STARTING is never judged: one queued by management {@code start-job} holds no lock until
 *     its batch thread runs it (batch/ServerExecutionLock.beforeJob).
 * <li>Between JBeret writing STARTED and beforeJob taking the lock (moments; at most the 5 s a
 *     lock waits out another node's probe) the lock is free; that write is the execution's last
 *     update, so it is younger than {@code gap}, and the second probe {@code gap} later finds the
 *     lock held (or beforeJob failed, and the execution ended).
 * <li>A live execution whose lock's session was lost: its node's watchdog notices, retakes the
 *     lock or holds the execution's writes, within {@code LockWatchdog.noticeWithin()} (25 s by
 *     default); {@code gap} is at least twice that. So on the second probe the lock is held again,
 *     or the execution writes no more and can be taken for dead: retaking the lock later, its
 *     watchdog reads the FAILED mark in the repository and stops it for good.
 * <li>A command-line sync holds its run token's lock in its target database from before its
 *     start, watched the same way; an execution whose locks this server cannot probe is UNKNOWN
 *     and left alone, as at boot.
 * </ul>
 * What it assumes: every node runs this version (its watchdog; an older node's lost session is
 * not retaken, and boot judges it the same way today), and a JVM is not stalled longer than
 * {@code gap} between its watchdog's check and a write.
 */
final class PeriodicJudge {

    private static final Logger LOG = Logger.getLogger(PeriodicJudge.class.getName());
    private static final Set<BatchStatus> JUDGED = Set.of(BatchStatus.STARTED, BatchStatus.STOPPING);

    static final String PERIOD_PROPERTY = "audioexport.liveness.judgeSeconds";
    private static final Duration DEFAULT_PERIOD = Duration.ofMinutes(1);

    private final Duration gap;
    /**
     * The shared repository, read directly for an execution's status and last update: JBeret's
     * JDBC repository keeps the copy of an execution not ended that it read first (a new read
     * replaces it only once an end time appears), so a node that saw another's execution queued
     * (STARTING) would see it STARTING for good, and its last update never change.
     */
    private final DataSource repository;
    /** The executions found DEAD on an earlier round, as they were then. */
    private final Map<Long, Suspect> suspects = new HashMap<>();

    private record Suspect(BatchStatus status, long lastUpdated, Instant firstSeen) {
    }

    PeriodicJudge(Duration gap, DataSource repository) {
        this.gap = gap;
        this.repository = repository;
    }

    /**
     * The rounds' period (system property {@value #PERIOD_PROPERTY}, seconds; 0 turns them off):
     * a minute by default, a dead node's executions then turn FAILED within about two, and a
     * round costs a read of the running executions and a probe of each.
     */
    static Duration period() {
        String value = System.getProperty(PERIOD_PROPERTY);
        try {
            return value == null || value.isBlank() ? DEFAULT_PERIOD : Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            LOG.warning(() -> PERIOD_PROPERTY + "=" + value + " is not a number of seconds; " + DEFAULT_PERIOD.toSeconds()
                    + " s");
            return DEFAULT_PERIOD;
        }
    }

    /** Probes at least this far apart: the period, and never less than twice what a watchdog needs. */
    static Duration gap(Duration period) {
        Duration floor = LockWatchdog.jvm().noticeWithin().multipliedBy(2);
        return period.compareTo(floor) > 0 ? period : floor;
    }

    /** One round at {@code now}; returns the ids marked FAILED. */
    synchronized List<Long> round(Executions executions, Collection<String> jobNames,
            Function<JobExecutionImpl, Liveness> liveness, Instant now) {
        List<Long> marked = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (String jobName : jobNames) {
            for (JobExecutionImpl execution : executions.running(jobName)) {
                long id = execution.getExecutionId();
                Optional<Suspect> stored = stored(id, now);
                if (stored.isEmpty() || !JUDGED.contains(stored.get().status())
                        || liveness.apply(execution) != Liveness.DEAD) {
                    continue;
                }
                seen.add(id);
                Suspect current = stored.get();
                Suspect before = suspects.get(id);
                if (before == null || before.status() != current.status() || before.lastUpdated() != current.lastUpdated()) {
                    suspects.put(id, current);
                    continue;
                }
                if (isOlderThanGap(before.firstSeen(), now) && isOlderThanGap(Instant.ofEpochMilli(current.lastUpdated()), now)) {
                    String was = current.status().name();
                    executions.markFailed(execution, "the node running it died (its liveness lock was free for "
                            + Duration.between(before.firstSeen(), now).toSeconds() + " s; was " + was
                            + "); restart it to continue from its last checkpoint");
                    marked.add(id);
                    LOG.warning(() -> "Execution " + id + " of " + jobName + " was left " + was + " by a node that is "
                            + "gone (its lock was free on two probes " + gap.toSeconds() + " s apart at least); marked "
                            + "FAILED so that it can be restarted");
                }
            }
        }
        suspects.keySet().retainAll(seen);
        marked.forEach(suspects::remove);
        return marked;
    }

    private boolean isOlderThanGap(Instant then, Instant now) {
        return Duration.between(then, now).compareTo(gap) >= 0;
    }

    /** The execution's status and last update as the repository holds them now (see {@link #repository}). */
    private Optional<Suspect> stored(long executionId, Instant now) {
        try (Connection connection = repository.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT batchstatus, lastupdatedtime, createtime "
                        + "FROM job_execution WHERE jobexecutionid = ?")) {
            query.setLong(1, executionId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Timestamp lastUpdated = row.getTimestamp(2) == null ? row.getTimestamp(3) : row.getTimestamp(2);
                return Optional.of(new Suspect(BatchStatus.valueOf(row.getString(1)), lastUpdated.getTime(), now));
            }
        } catch (SQLException e) {
            // the round ends here, and the suspects found so far stay for the next one
            throw new IllegalStateException("Execution " + executionId + "'s status could not be read from the job "
                    + "repository: " + e.getMessage(), e);
        }
    }
}
