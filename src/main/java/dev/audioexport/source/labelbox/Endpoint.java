package dev.audioexport.source.labelbox;

import dev.audioexport.source.SourceException;
import java.net.URI;

/**
 * Where the Labelbox GraphQL API is: {@code LABELBOX_ENDPOINT} (the GraphQL URL), else the
 * cloud. The system property {@code labelbox.endpoint} wins over both, for embedding the job in
 * a JVM whose environment cannot be set (tests, an application server).
 */
final class Endpoint {

    static final String VARIABLE = "LABELBOX_ENDPOINT";
    static final String PROPERTY = "labelbox.endpoint";
    static final String DEFAULT = "https://api.labelbox.com/graphql";

    private Endpoint() {
    }

    static URI configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(VARIABLE);
        }
        if (value == null || value.isBlank()) {
            value = DEFAULT;
        }
        try {
            URI uri = URI.create(value.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new SourceException(VARIABLE + " must be the http(s) URL of the GraphQL API, not '" + value + "'.");
    }
}
