package dev.audioexport.confinement;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * What a job started in a server may reach. There the caller is an operator, not the machine's
 * owner, so a job reads source files only under the input directory, downloads only from the
 * listed hosts (every redirect hop too), and writes tables only to the listed databases (the
 * server's own database account is sent to them). The command line has no such limits
 * ({@link #NONE}): its user may read whatever they can read anyway.
 *
 * <p>A server sets {@value #INPUT_DIR_PROPERTY} at boot (deploy/server.cli). The batch artifacts
 * apply the policy where they open the source and the table, so a job meets the same checks
 * however it was started: the operator API, WildFly's management operations, the schedule.
 */
public final class ServerPolicy {

    /** The system property a server sets (from {@value #INPUT_DIR_VARIABLE}) to confine source files. */
    public static final String INPUT_DIR_PROPERTY = "audioexport.input.dir";
    public static final String INPUT_DIR_VARIABLE = "AUDIOEXPORT_INPUT_DIR";
    /** Hosts (host or host:port, space-separated) http(s) sources may be read from; the property wins. */
    public static final String HOSTS_VARIABLE = "AUDIOEXPORT_SOURCE_HOSTS";
    public static final String HOSTS_PROPERTY = "audioexport.source.hosts";
    /** The JDBC URLs (space-separated) a run's jdbcUrl may name. */
    public static final String TABLE_URLS_VARIABLE = "AUDIOEXPORT_TABLE_URLS";
    /** What starts an expression of the batch runtime (job XML substitution) in a value. */
    static final String EXPRESSION = "#{";
    /** A server's output directory property: a JVM with one is a server even if it names no input directory. */
    private static final String OUTPUT_DIR_PROPERTY = "audioexport.output.dir";

    /** The command line's: any file, any host, any database. */
    public static final ServerPolicy NONE = new ServerPolicy(null, List.of(), List.of());

    private final ConfinedDirectory input;
    private final List<String> hosts;
    private final List<String> tableUrls;

    private ServerPolicy(ConfinedDirectory input, List<String> hosts, List<String> tableUrls) {
        this.input = input;
        this.hosts = hosts;
        this.tableUrls = tableUrls;
    }

    /** A confined policy (the input directory is created when missing). */
    public static ServerPolicy confined(Path inputDir, List<String> hosts, List<String> tableUrls) {
        return new ServerPolicy(ConfinedDirectory.of(inputDir, "input", INPUT_DIR_VARIABLE),
                hosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).toList(), List.copyOf(tableUrls));
    }

    /**
     * This JVM's policy: confined when the server set an input (or output) directory, else
     * {@link #NONE}. A server that set only its output directory still confines its sources, to
     * the {@code input} directory beside it: a missing setting must not open the whole disk.
     */
    public static ServerPolicy configured() {
        String input = System.getProperty(INPUT_DIR_PROPERTY);
        String output = System.getProperty(OUTPUT_DIR_PROPERTY);
        if (isBlank(input) && isBlank(output)) {
            return NONE;
        }
        Path inputDir = isBlank(input) ? Path.of(output).toAbsolutePath().resolveSibling("input") : Path.of(input);
        return confined(inputDir, words(System.getProperty(HOSTS_PROPERTY, System.getenv(HOSTS_VARIABLE))),
                words(System.getenv(TABLE_URLS_VARIABLE)));
    }

    public boolean isConfined() {
        return input != null;
    }

    /** The input directory, when confined. */
    public Path inputDirectory() {
        return input == null ? null : input.base();
    }

    /**
     * The local file a job parameter names: under the input directory when confined (relative
     * paths resolve against it), else the path as given.
     */
    public Path file(String parameter, String path) {
        return input == null ? Path.of(path) : input.resolve(parameter, path);
    }

    /**
     * Refuses an http(s) URL (a source, or one of its redirects) whose host is not listed.
     * A listed {@code host} allows any port; a listed {@code host:port} that port only.
     */
    public void checkHost(String parameter, URI url) {
        if (input == null) {
            return;
        }
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        if (hosts.contains(host) || hosts.contains(host + ":" + port)) {
            return;
        }
        throw new ConfinementException("Job parameter '" + parameter + "': host " + host + ":" + port
                + " is refused: this server reads http(s) sources only from the hosts listed in " + HOSTS_VARIABLE
                + " (" + (hosts.isEmpty() ? "not set" : String.join(" ", hosts)) + "). Add the host (or host:port) "
                + "to " + HOSTS_VARIABLE + " and restart the server, or copy the export into the input directory "
                + input.base() + ".");
    }

    /**
     * Refuses a jdbcUrl the server does not list: the table sink connects with the server's
     * database account (AUDIOEXPORT_DB_USER, AUDIOEXPORT_DB_PASSWORD), which any URL an operator
     * sent would otherwise receive.
     */
    public void checkTableUrl(String jdbcUrl) {
        if (input == null || tableUrls.contains(jdbcUrl.strip())) {
            return;
        }
        throw new ConfinementException("jdbcUrl '" + jdbcUrl + "' is refused: this server writes tables only to the "
                + "databases listed in " + TABLE_URLS_VARIABLE + " (" + (tableUrls.isEmpty() ? "not set"
                : String.join(" ", tableUrls)) + "), since the server's database account is sent to whatever "
                + "database the URL names. Give one of them, or add the URL to " + TABLE_URLS_VARIABLE
                + " and restart the server.");
    }

    /**
     * Refuses job parameters whose values hold {@value #EXPRESSION}: the batch runtime resolves
     * expressions inside a parameter's value too, so {@code #{systemProperties['NAME']}} would
     * put a system property of the server (or {@code #{jobParameters['NAME']}} another
     * parameter) into a file name, a table name or a message saved as the run's exit status.
     */
    public void checkParameters(Properties parameters) {
        if (input == null || parameters == null) {
            return;
        }
        for (String name : parameters.stringPropertyNames()) {
            if (parameters.getProperty(name).contains(EXPRESSION)) {
                throw new ConfinementException("Job parameter '" + name + "' is refused: it holds '" + EXPRESSION
                        + "', which the batch runtime would resolve as an expression (a system property of the "
                        + "server, another parameter). Give the value without '" + EXPRESSION + "'.");
            }
        }
    }

    private static List<String> words(String text) {
        return isBlank(text) ? List.of() : Arrays.asList(text.strip().split("\\s+"));
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
