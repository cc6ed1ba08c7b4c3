package dev.audioexport.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.ConfidentialPortManager;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.util.Headers;
import jakarta.servlet.ServletContext;

/**
 * With HTTPS on ({@link TlsSettings}), answers every plain-HTTP request with a permanent
 * redirect (308, the method and body kept) to the same path on the HTTPS listener, and serves
 * nothing over HTTP. It runs before authentication, so the server never asks for a password
 * over plain HTTP. The HTTPS port is the one WildFly's HTTP listener names as its redirect
 * socket (port offset included).
 */
public class HttpsRedirect implements ServletExtension {

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        if (!TlsSettings.enabled()) {
            return;
        }
        ConfidentialPortManager ports = deployment.getConfidentialPortManager();
        deployment.addInitialHandlerChainWrapper(next -> exchange -> {
            if (exchange.isSecure()) {
                next.handleRequest(exchange);
            } else {
                redirect(exchange, ports.getConfidentialPort(exchange));
            }
        });
    }

    private static void redirect(HttpServerExchange exchange, int httpsPort) {
        String query = exchange.getQueryString();
        exchange.setStatusCode(308);
        exchange.getResponseHeaders().put(Headers.LOCATION, "https://" + exchange.getHostName() + ":" + httpsPort
                + exchange.getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query));
        exchange.endExchange();
    }
}
