package dev.audioexport.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * http(s) source URLs that hold a secret: a signed URL's query, or user info. JBeret keeps job
 * parameters in its repository (and shows them over its REST API), so the {@code source}
 * parameter of such a URL is its redacted form, ending in {@code ?...}; the whole URL is kept in
 * this JVM's memory only, given to 'run' and given again to 'restart' ({@code --source}).
 */
public final class SecretUrls {

    static final String HIDDEN = "?...";

    private static final Map<String, String> BY_PARAMETER = new ConcurrentHashMap<>();

    private SecretUrls() {
    }

    /** The {@code source} parameter for an http(s) URL: the URL itself, or its redacted form (the URL kept here). */
    public static String parameter(String uri) {
        String redacted = Sources.redacted(uri);
        if (redacted.equals(uri)) {
            return uri;
        }
        String parameter = redacted.endsWith(HIDDEN) ? redacted : redacted + HIDDEN;
        BY_PARAMETER.put(parameter, uri);
        return parameter;
    }

    /** True when the parameter stands for a URL whose secret is not stored: a restart needs the URL again. */
    public static boolean hidden(String parameter) {
        return parameter != null && Sources.kind(parameter) == Sources.Kind.HTTP && parameter.endsWith(HIDDEN);
    }

    /** The URL a {@code source} parameter stands for. */
    static String resolve(String parameter) {
        String uri = BY_PARAMETER.get(parameter);
        if (uri != null) {
            return uri;
        }
        if (hidden(parameter)) {
            throw new SourceException("The URL of source " + parameter + " holds a secret (a signed URL's query), "
                    + "which is not stored with the run: give the whole URL again, as in 'restart ID --source URL'.");
        }
        return parameter;
    }
}
