package dev.audioexport.sink;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A JDBC URL as a {@link DataSource}, so that the table sink and its migrations take the same
 * thing from the command line as from a server's datasource. The user and password come from
 * the URL or from the environment ({@code AUDIOEXPORT_DB_USER}, {@code AUDIOEXPORT_DB_PASSWORD}),
 * never from job parameters; {@link #toString()} shows the URL, which therefore must not hold a
 * password when it is logged or saved (see {@link #holdsPassword}).
 */
public final class UrlDataSource implements DataSource {

    public static final String USER_VARIABLE = "AUDIOEXPORT_DB_USER";
    public static final String PASSWORD_VARIABLE = "AUDIOEXPORT_DB_PASSWORD";

    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)password=");  // password=, sslpassword=, ...

    private final String url;
    private final Properties properties = new Properties();

    public UrlDataSource(String url, String user, String password) {
        this.url = url;
        if (user != null && !user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        // Lets the driver send a batch of INSERTs as multi-row statements (several times faster).
        if (url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts")) {
            properties.setProperty("reWriteBatchedInserts", "true");
        }
    }

    /** The URL with the user and password of the environment, if set. */
    public static UrlDataSource fromEnvironment(String url) {
        return new UrlDataSource(url, System.getenv(USER_VARIABLE), System.getenv(PASSWORD_VARIABLE));
    }

    /** True when the URL holds a password ({@code password=...}), which must then stay out of logs and job parameters. */
    public static boolean holdsPassword(String url) {
        return PASSWORD_IN_URL.matcher(url).find();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties withUser = new Properties();
        withUser.putAll(properties);
        withUser.setProperty("user", user);
        withUser.setProperty("password", password);
        return DriverManager.getConnection(url, withUser);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return url;
    }
}
