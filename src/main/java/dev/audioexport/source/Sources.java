package dev.audioexport.source;

import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.source.http.HttpLineSource;
import dev.audioexport.source.http.HttpPosition;
import dev.audioexport.source.labelbox.LabelboxLineSource;
import dev.audioexport.source.labelbox.LabelboxPosition;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Opens a source from its URI: {@code file:PATH} or a bare path, {@code http(s)://URL}, or
 * {@code labelbox:PROJECT_ID}.
 */
public final class Sources {

    /** Lines longer than this are rejected rather than held in memory whole. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 << 20;

    /** The job parameter that names the source, for messages. */
    private static final String PARAMETER = "source";

    /** The kinds of source, told apart by the URI's scheme. */
    public enum Kind { FILE, HTTP, LABELBOX }

    private Sources() {
    }

    public static LineSource open(String uri, SourcePosition resumeFrom) throws IOException {
        return open(uri, resumeFrom, SourceOptions.DEFAULTS);
    }

    /**
     * Opens the source, within what {@code options.policy()} allows: a server's input directory
     * for files, its listed hosts for http(s) URLs and every redirect they answer with.
     */
    public static LineSource open(String uri, SourcePosition resumeFrom, SourceOptions options) throws IOException {
        return switch (kind(uri)) {
            case LABELBOX -> LabelboxLineSource.open(uri, checkpoint(uri, resumeFrom, LabelboxPosition.class), options,
                    DEFAULT_MAX_LINE_BYTES);
            case HTTP -> HttpLineSource.open(httpUri(SecretUrls.resolve(uri)), checkpoint(uri, resumeFrom,
                    HttpPosition.class), options, DEFAULT_MAX_LINE_BYTES);
            case FILE -> FileLineSource.open(options.policy().file(PARAMETER, filePath(uri).toString()),
                    checkpoint(uri, resumeFrom, FilePosition.class), DEFAULT_MAX_LINE_BYTES);
        };
    }

    /**
     * The {@code source} parameter as a server runs it, checked against its policy before
     * anything starts: a file becomes its absolute path under the input directory, an http(s)
     * URL must name a listed host. A labelbox: source goes to the configured endpoint only.
     *
     * @throws dev.audioexport.confinement.ConfinementException when the policy refuses it
     */
    public static String checked(String uri, ServerPolicy policy) {
        return switch (kind(uri)) {
            case LABELBOX -> uri;
            case HTTP -> {
                policy.checkHost(PARAMETER, httpUri(uri));
                yield uri;
            }
            case FILE -> policy.file(PARAMETER, filePath(uri).toString()).toString();
        };
    }

    public static Kind kind(String uri) {
        if (uri != null && uri.startsWith(LabelboxLineSource.SCHEME)) {
            return Kind.LABELBOX;
        }
        if (uri != null && (uri.startsWith("http://") || uri.startsWith("https://"))) {
            return Kind.HTTP;
        }
        return Kind.FILE;
    }

    /** The source for messages: an http(s) URL without its query and user info (signed URLs hold credentials). */
    public static String redacted(String uri) {
        if (kind(uri) != Kind.HTTP) {
            return uri;
        }
        try {
            return HttpLineSource.redacted(httpUri(uri));
        } catch (SourceException e) {
            return withoutQuery(uri);
        }
    }

    /** A URL that does not parse, without its query and user info (a password), cut by text. */
    private static String withoutQuery(String uri) {
        return uri.replaceAll("\\?.*", "?...").replaceFirst("^(https?://)[^/@]*@", "$1");
    }

    /** The URL of an http(s) source, checked for a host. */
    public static URI httpUri(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getHost() != null) {
                return parsed;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new SourceException("Source '" + withoutQuery(uri) + "' is not a valid http(s) URL.");
    }

    private static <T extends SourcePosition> T checkpoint(String uri, SourcePosition resumeFrom, Class<T> type) {
        if (resumeFrom != null && !type.isInstance(resumeFrom)) {
            throw new SourceException("The checkpoint of source " + uri + " is a " + resumeFrom.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName() + ": the source parameter changed since the run started.");
        }
        return type.cast(resumeFrom);
    }

    /** The local file a source URI names; unsupported schemes are refused with the list of supported ones. */
    public static Path filePath(String uri) {
        if (uri == null || uri.isBlank()) {
            // the same words for the command line and the server's job parameters
            throw new SourceException("No source given: set the source (--source, job parameter source) to "
                    + "file:PATH (or a path), http(s)://URL or labelbox:PROJECT_ID.");
        }
        if (uri.startsWith("file:")) {
            String rest = uri.substring("file:".length());
            if (rest.startsWith("//")) {  // file://HOST/PATH: only this host, named or not
                int path = rest.indexOf('/', 2);
                String host = path < 0 ? rest.substring(2) : rest.substring(2, path);
                if (path < 0 || !(host.isEmpty() || host.equalsIgnoreCase("localhost"))) {
                    throw new SourceException("Unsupported source '" + uri + "': a file: URI names a file on this "
                            + "host: file:/PATH, file:///PATH or file://localhost/PATH");
                }
                return Path.of(rest.substring(path));
            }
            return Path.of(rest);
        }
        int colon = uri.indexOf(':');
        if (colon > 1 && uri.substring(0, colon).matches("[a-zA-Z][a-zA-Z0-9+.-]*")) {
            throw new SourceException("Unsupported source '" + uri + "': use file:PATH (or a plain path), "
                    + "http(s)://URL or labelbox:PROJECT_ID.");
        }
        return Path.of(uri);
    }
}
