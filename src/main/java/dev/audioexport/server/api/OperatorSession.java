package dev.audioexport.server.api;

import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Who is calling and whether they may act: the console shows its action buttons only to
 * operators. Only a convenience for the pages; the server refuses the actions to viewers anyway
 * (WEB-INF/web.xml).
 */
@Path("session")
public class OperatorSession {

    static final String OPERATOR_ROLE = "batch-operator";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String session(@Context SecurityContext security) {
        return Json.createObjectBuilder()
                .add("user", security.getUserPrincipal() == null ? "" : security.getUserPrincipal().getName())
                .add("operator", security.isUserInRole(OPERATOR_ROLE))
                .build().toString();
    }
}
