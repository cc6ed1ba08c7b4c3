package dev.audioexport.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.audioexport.batch.SyncOutcomes;
import dev.audioexport.confinement.ConfinementException;
import dev.audioexport.confinement.ServerPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jberet.job.model.Job;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server never connects, with its database account (AUDIOEXPORT_DB_USER/_PASSWORD), to a jdbcUrl
 * it does not list in AUDIOEXPORT_TABLE_URLS just because a saved execution names it: a
 * command-line sync on the shared repository, or a sync started by management start-job (its
 * mapper refuses the URL, but the parameters stay saved). Judging such an execution's liveness
 * (boot, schedule, restart) and showing its partitions must not send the account there.
 * Here the "database" is a socket that counts who connects.
 */
class UnlistedDatabaseProbeTest {

    @TempDir
    Path dir;

    @BeforeEach
    void aServer() {
        System.setProperty(ServerPolicy.INPUT_DIR_PROPERTY, dir.resolve("input").toString());
    }

    @AfterEach
    void noServer() {
        System.clearProperty(ServerPolicy.INPUT_DIR_PROPERTY);
    }

    @Test
    void aServerJudgesARunTokenInAnUnlistedDatabaseUnknownWithoutConnecting() throws Exception {
        try (CountingListener listener = new CountingListener()) {
            Properties parameters = new Properties();
            parameters.setProperty(DatabaseRunLock.TOKEN_PARAMETER, "token-1");
            parameters.setProperty("jdbcUrl", listener.jdbcUrl());
            JobExecutionImpl execution = new JobExecutionImpl(
                    new JobInstanceImpl(new Job("audio-export-sync"), "app", "audio-export-sync"), parameters);

            Optional<Liveness> judged = DatabaseRunLock.judge(execution, null);

            assertEquals(Optional.of(Liveness.UNKNOWN), judged);
            assertEquals(0, listener.accepted(), "the server connected to a database it does not list");
        }
    }

    @Test
    void aServerDoesNotReadOutcomesFromAnUnlistedDatabase() throws Exception {
        try (CountingListener listener = new CountingListener()) {
            Properties parameters = new Properties();
            parameters.setProperty("jdbcUrl", listener.jdbcUrl());
            parameters.setProperty("table", "t");

            assertThrows(ConfinementException.class, () -> SyncOutcomes.read(List.of("p1"), parameters, Set.of(1L)));
            assertEquals(0, listener.accepted(), "the server connected to a database it does not list");
        }
    }

    /** A TCP listener that accepts and counts connections, answering nothing. */
    private static final class CountingListener implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final Thread acceptor = new Thread(this::accept);

        CountingListener() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/x?connectTimeout=2&socketTimeout=2"
                    + "&loginTimeout=2";
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    accepted.incrementAndGet();
                    client.close();
                } catch (SocketTimeoutException e) {
                    // again
                } catch (IOException e) {
                    return;
                }
            }
        }

        int accepted() throws InterruptedException {
            Thread.sleep(200);  // a connection in flight is counted
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
