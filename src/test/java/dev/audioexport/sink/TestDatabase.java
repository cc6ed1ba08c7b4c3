package dev.audioexport.sink;

import dev.audioexport.mapping.Column;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A real database for a test, with a table name of its own: an H2 file in a temporary
 * directory, or PostgreSQL with a fresh schema per table, dropped at {@link #close()}. The
 * PostgreSQL is the server of {@code AUDIOEXPORT_TEST_PG_URL} when it is set, and one embedded
 * in the test JVM otherwise ({@link EmbeddedTestPostgres}): the tests need no server installed
 * and skip none.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String PG_URL_VARIABLE = "AUDIOEXPORT_TEST_PG_URL";

    private final String url;
    private final boolean postgres;
    private final List<String> schemas = new ArrayList<>();

    private TestDatabase(String url, boolean postgres) {
        this.url = url;
        this.postgres = postgres;
    }

    /** {@code "h2"} or {@code "postgresql"}. */
    public static TestDatabase of(String kind, Path dir) {
        return kind.equals("h2") ? h2(dir) : postgres();
    }

    public static TestDatabase h2(Path dir) {
        return new TestDatabase("jdbc:h2:file:" + dir.resolve("table-db").toAbsolutePath(), false);
    }

    /** The PostgreSQL of the tests; a given server that cannot be reached fails the test. */
    public static TestDatabase postgres() {
        String url = postgresUrl();
        try (Connection c = new UrlDataSource(url, null, null).getConnection()) {
            return new TestDatabase(url, true);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is not reachable at " + url + " (" + PG_URL_VARIABLE + "): "
                    + e.getMessage() + " (fix the URL, or unset it to test on an embedded PostgreSQL)", e);
        }
    }

    /** {@code AUDIOEXPORT_TEST_PG_URL}, or the URL of the embedded server. */
    public static String postgresUrl() {
        String given = System.getenv(PG_URL_VARIABLE);
        return given == null || given.isBlank() ? EmbeddedTestPostgres.url() : given;
    }

    public String url() {
        return url;
    }

    public boolean isPostgres() {
        return postgres;
    }

    public UrlDataSource dataSource() {
        return new UrlDataSource(url, null, null);
    }

    /** A table name no other test uses: in a fresh schema on PostgreSQL (dropped at close), unique in H2's file. */
    public TableName newTable() {
        String unique = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (!postgres) {
            return new TableName(null, unique);
        }
        schemas.add(unique);
        return new TableName(unique, TableName.DEFAULT);
    }

    /** The contract columns of every row, ordered by (data_row_id, project_id, row_id), as the CSV shows them. */
    public List<List<String>> rows(TableName table) throws SQLException {
        return rows(table, "data_row_id, project_id, row_id");
    }

    /** The contract columns of every row in insertion order, as the CSV shows them (null as ""). */
    public List<List<String>> rowsInOrder(TableName table) throws SQLException {
        return rows(table, "row_id");
    }

    private List<List<String>> rows(TableName table, String order) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + String.join(", ", Column.names()) + " FROM "
                     + table.qualified() + " ORDER BY " + order)) {
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= Column.COUNT; i++) {
                    Object value = r.getObject(i);
                    row.add(value == null ? "" : value.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    public long count(TableName table) throws SQLException {
        return queryLong("SELECT count(*) FROM " + table.qualified());
    }

    public long queryLong(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        for (String schema : schemas) {
            execute("DROP SCHEMA IF EXISTS " + schema.toLowerCase(Locale.ROOT) + " CASCADE");
        }
    }
}
