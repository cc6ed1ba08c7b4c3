package dev.audioexport.server.api;

import jakarta.json.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A request this API refuses; the response carries the status and {@code {"error": reason}}. */
class RefusedRequest extends WebApplicationException {

    RefusedRequest(Response.Status status, String reason) {
        super(reason, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", reason).build().toString()).build());
    }
}
