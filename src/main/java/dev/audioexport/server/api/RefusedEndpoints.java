package dev.audioexport.server.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Refuses, with 403 and the reason, the JBeret endpoints this server does not offer: a job
 * definition sent over HTTP could name any artifact and any file, and schedules are part of the
 * deployment's configuration. A filter rather than overrides: it runs before JBeret's request
 * bodies are read (the schedule body needs classes WildFly does not give the deployment).
 */
@Provider
public class RefusedEndpoints implements ContainerRequestFilter {

    private static final Map<String, String> REFUSED = Map.of(
            "submit", "Submitting job definitions is disabled: only the job XMLs shipped in the deployment run.",
            "resubmit", "Resubmitting job definitions is disabled: restart the execution instead.",
            "schedule", "Schedules are configured at deploy time (AUDIOEXPORT_SCHEDULE), not over the API.");

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        String reason = resource.getResourceMethod() == null ? null : REFUSED.get(resource.getResourceMethod().getName());
        if (reason != null) {
            request.abortWith(new RefusedRequest(Response.Status.FORBIDDEN, reason).getResponse());
        }
    }
}
