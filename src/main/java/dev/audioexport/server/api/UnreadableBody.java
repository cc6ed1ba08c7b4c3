package dev.audioexport.server.api;

import jakarta.json.Json;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request body that is not a JSON object of job parameters (bad JSON, an array, a null value):
 * 400 saying what to send. RESTEasy answered 500 with its own deserialization message.
 */
@Provider
public class UnreadableBody implements ExceptionMapper<ProcessingException> {

    static final String MESSAGE = "The request body must be one JSON object of job parameters with string values, "
            + "e.g. {\"source\": \"/data/export.ndjson\", \"csv\": \"export.csv\"} ({} for none)";

    @Override
    public Response toResponse(ProcessingException exception) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", MESSAGE + parserSaid(exception)).build().toString())
                .build();
    }

    /** Where the JSON parser stopped, when it says (the other causes' messages name only internals). */
    private static String parserSaid(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof jakarta.json.stream.JsonParsingException parsing) {
                return ". The JSON parser said: " + parsing.getMessage();
            }
        }
        return ".";
    }
}
