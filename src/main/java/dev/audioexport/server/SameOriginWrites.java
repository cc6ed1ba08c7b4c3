package dev.audioexport.server;

import jakarta.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests that change state (every method but GET, HEAD, OPTIONS) when a browser sent
 * them for another site: a browser that holds an operator's HTTP Basic credentials adds them to
 * any request to this server, including a form another site's page submits (cross-site request
 * forgery). Three checks, any of which refuses with 403:
 * <ol>
 * <li>{@code Sec-Fetch-Site}, when the browser sends it, must be {@code same-origin};</li>
 * <li>{@code Origin}, when sent, must be this server's own (its host and port as the request's
 * {@code Host} names them);</li>
 * <li>the {@code Content-Type} must be JSON or XML, which no HTML form can send and which a
 * script of another site can only send after a CORS preflight that this server never grants.</li>
 * </ol>
 * Clients that are not browsers (curl, scripts) send neither header and only need the content
 * type, which JBeret's resources required already. Also asks browsers not to frame the pages
 * (clickjacking) nor sniff content types. Runs after authentication, so a stranger still gets 401.
 */
@WebFilter(urlPatterns = "/*")
public class SameOriginWrites extends HttpFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> BODY_TYPES = Set.of("application/json", "application/xml");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
        String refusal = refusal(request.getMethod(), request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"),
                request.getHeader("Host"), request.getContentType());
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.getOutputStream().write(Json.createObjectBuilder().add("error", refusal).build().toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Why a request is refused as cross-site, or null when it may go on. */
    static String refusal(String method, String fetchSite, String origin, String host, String contentType) {
        if (SAFE_METHODS.contains(method)) {
            return null;
        }
        if (fetchSite != null && !fetchSite.equals("same-origin")) {
            return "Refused: the browser says this " + method + " came from another site (Sec-Fetch-Site: " + fetchSite
                    + "). Actions are taken from this server's own pages or by clients that are not browsers.";
        }
        if (origin != null && !sameAuthority(origin, host)) {
            return "Refused: this " + method + " came from the page of " + origin + ", not from this server (" + host
                    + "). Actions are taken from this server's own pages or by clients that are not browsers.";
        }
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!BODY_TYPES.contains(type)) {
            return "Refused: a " + method + " must have the header Content-Type: application/json (or application/xml), "
                    + "with a JSON object of job parameters as its body ({} for none); it had "
                    + (type.isEmpty() ? "none" : type) + ".";
        }
        return null;
    }

    /** Whether an Origin ("http://host:port") names the host and port the request was sent to. */
    private static boolean sameAuthority(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false; // "null": a sandboxed page, a file, a redirect across sites
            }
            int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            URI target = URI.create(uri.getScheme() + "://" + host);
            return uri.getHost().equalsIgnoreCase(target.getHost())
                    && (uri.getPort() != -1 ? uri.getPort() : defaultPort)
                            == (target.getPort() != -1 ? target.getPort() : defaultPort);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
