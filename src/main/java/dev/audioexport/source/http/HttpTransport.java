package dev.audioexport.source.http;

import dev.audioexport.source.SourceException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.resteasy.specimpl.BuiltResponse;

/**
 * HTTP through the Jakarta REST Client (RESTEasy in SE, the server's own in WildFly). Bodies
 * are read as raw streams: no content decoding, so byte offsets are the server's offsets.
 */
public final class HttpTransport implements Closeable {

    /** The redirect statuses; a GET stays a GET through each of them. */
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 5;

    private final Client client;
    /** Checks each URL asked for, redirects included; throws to refuse one. */
    private final Consumer<URI> hopCheck;

    public HttpTransport(Duration timeout) {
        this(timeout, uri -> { });
    }

    /** @param hopCheck checks every URL before it is asked for (the first and each redirect's); throws to refuse it */
    public HttpTransport(Duration timeout, Consumer<URI> hopCheck) {
        this.hopCheck = hopCheck;
        this.client = ClientBuilder.newBuilder()
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
    }

    /**
     * Starts the REST client's runtime on a thread of its own (a client built and closed), for a
     * command that will need it once its repository and batch runtime are up: its first client
     * took some 0.1 s (providers found and registered once a JVM) on each partition's thread,
     * after that start; a core is left idle while the start runs on one thread.
     */
    public static void startInBackground() {
        Thread start = new Thread(() -> ClientBuilder.newClient().close(), "audio-export-rest-client-start");
        start.setDaemon(true);
        start.start();
    }

    /**
     * Asks for {@code uri} from byte {@code from} on (a Range request when from > 0); the body is
     * left unread. Redirects are followed here (the client engine does not): download links and
     * signed-URL services answer with 301/302/303/307/308 to where the bytes are. Each hop asks
     * for the same range again; Locations are never shown, as they are often signed URLs.
     */
    public Response get(URI uri, long from) {
        URI target = uri;
        hopCheck.accept(target);
        for (int hop = 0; ; hop++) {
            Response response = getOnce(target, from);
            String location = response.getHeaderString(HttpHeaders.LOCATION);
            if (!REDIRECTS.contains(response.getStatus()) || location == null) {
                return response;
            }
            abort(response);
            if (hop == MAX_REDIRECTS) {
                throw new SourceException("GET " + HttpLineSource.redacted(uri) + " was redirected more than "
                        + MAX_REDIRECTS + " times; give the URL the redirects end at.");
            }
            target = redirectTarget(uri, target, location);
            checkRedirect(uri, target);
        }
    }

    private Response getOnce(URI uri, long from) {
        Invocation.Builder request = client.target(uri).request().header(HttpHeaders.ACCEPT_ENCODING, "identity");
        if (from > 0) {
            request.header("Range", "bytes=" + from + "-");
        }
        return request.get();
    }

    private static URI redirectTarget(URI asked, URI current, String location) {
        try {
            URI next = current.resolve(new URI(location.strip()));
            if ("http".equalsIgnoreCase(next.getScheme()) || "https".equalsIgnoreCase(next.getScheme())) {
                return next;
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // reported below
        }
        throw new SourceException("GET " + HttpLineSource.redacted(asked) + " was redirected to a Location that is "
                + "not an http(s) URL.");
    }

    /** A redirect to a URL the check refuses fails the download: its reason, and where the redirect came from. */
    private void checkRedirect(URI asked, URI target) {
        try {
            hopCheck.accept(target);
        } catch (RuntimeException e) {
            throw new SourceException("GET " + HttpLineSource.redacted(asked) + " was redirected to a URL that is "
                    + "refused. " + e.getMessage());
        }
    }

    /** POSTs a JSON document with a bearer token; the token goes into the header only. */
    public Response postJson(URI uri, String json, String bearerToken) {
        return client.target(uri).request(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
    }

    /** Throws for the answers that are retried (408, 5xx) or waited out (429). */
    public static void throwIfTransient(Response response, String what) throws IOException {
        int status = response.getStatus();
        if (status == 429) {
            throw new RateLimitedException(what + ": HTTP 429", retryAfter(response));
        }
        if (status == 408 || status >= 500) {
            throw new TransientHttpException(what + ": HTTP " + status);
        }
    }

    /** The Retry-After header in seconds, or null when absent or a date. */
    static Duration retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        try {
            return value == null ? null : Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static InputStream body(Response response) {
        return response.readEntity(InputStream.class);
    }

    /**
     * Drops the connection of a response whose body is not read to its end. {@code close()}
     * would first download the rest of it (the Apache engine drains bodies to reuse connections):
     * the wrong thing for a half-read slice of many megabytes or a stalled download.
     */
    public static void abort(Response response) {
        if (response == null) {
            return;
        }
        try {
            if (response instanceof BuiltResponse built) {
                built.releaseConnection(false);
            } else {
                response.close();
            }
        } catch (IOException | RuntimeException e) {
            // the connection is being thrown away; nothing more to do with it
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
