package dev.audioexport.server.api;

import jakarta.batch.operations.BatchRuntimeException;
import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionIsRunningException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.JobSecurityException;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.operations.NoSuchJobInstanceException;
import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Batch operation errors as {@code {"error": message, "exception": type}}. Replaces JBeret's
 * mapper, whose entity (it holds the exception's Class) JSON-B cannot write: WildFly answered 500
 * with an HTML page instead.
 */
@Provider
public class BatchErrors implements ExceptionMapper<BatchRuntimeException> {

    private static final Logger LOG = Logger.getLogger(BatchErrors.class.getName());

    @Override
    public Response toResponse(BatchRuntimeException exception) {
        Response.Status status = status(exception);
        if (status == Response.Status.INTERNAL_SERVER_ERROR) {
            LOG.log(Level.WARNING, "Batch operation failed", exception);
        }
        String message = exception.getMessage() != null ? exception.getMessage() : exception.toString();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", message)
                        .add("exception", exception.getClass().getSimpleName()).build().toString())
                .build();
    }

    /** JBeret's statuses, and 400 rather than 500 for a refused restart (the caller's to fix). */
    static Response.Status status(BatchRuntimeException exception) {
        if (exception instanceof NoSuchJobExecutionException || exception instanceof NoSuchJobInstanceException
                || exception instanceof NoSuchJobException || exception instanceof JobExecutionIsRunningException
                || exception instanceof JobExecutionNotRunningException
                || exception instanceof JobExecutionNotMostRecentException
                || exception instanceof JobExecutionAlreadyCompleteException || exception instanceof JobRestartException) {
            return Response.Status.BAD_REQUEST;
        }
        if (exception instanceof JobSecurityException) {
            return Response.Status.FORBIDDEN;
        }
        return Response.Status.INTERNAL_SERVER_ERROR;
    }
}
