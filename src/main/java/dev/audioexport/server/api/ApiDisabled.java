package dev.audioexport.server.api;

import dev.audioexport.server.OperatorAccount;
import jakarta.json.Json;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Answers every API call with 503 and the reason while no operator account is configured. */
@Path("{any: .*}")
public class ApiDisabled {

    @GET
    public Response get() {
        return refused();
    }

    @POST
    public Response post() {
        return refused();
    }

    @PUT
    public Response put() {
        return refused();
    }

    @DELETE
    public Response delete() {
        return refused();
    }

    private static Response refused() {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", OperatorAccount.missingMessage()).build().toString())
                .build();
    }
}
