package dev.audioexport.server.api;

import jakarta.batch.runtime.BatchRuntime;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Properties;
import org.jberet.rest.entity.JobExecutionEntity;
import org.jberet.rest.resource.JobExecutionResource;
import org.jberet.schedule.JobSchedule;
import org.jberet.schedule.JobScheduleConfig;

/**
 * JBeret's {@code /jobexecutions} resource (read, stop, abandon, restart, step executions with
 * their metrics) plus what this job adds: {@code GET /jobexecutions/{id}/progress}. A restart's
 * output files are confined like a start's.
 */
@Path("jobexecutions")
@Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
public class ExportJobExecutions extends JobExecutionResource {

    @Override
    public JobExecutionEntity restart(long jobExecutionId, UriInfo uriInfo, Properties jobParamsAsProps) {
        return super.restart(jobExecutionId, uriInfo, RunParameters.checked(uriInfo, jobParamsAsProps));
    }

    /** Refused: a job definition sent over HTTP could name any artifact and any file. */
    @Override
    public JobExecutionEntity resubmit(long jobExecutionId, UriInfo uriInfo, String jobDefinition) {
        throw new RefusedRequest(Response.Status.FORBIDDEN,
                "Resubmitting job definitions is disabled: restart the execution instead.");
    }

    /** Refused: schedules are part of the deployment's configuration (AUDIOEXPORT_SCHEDULE). */
    @Override
    public JobSchedule schedule(long jobExecutionId, JobScheduleConfig scheduleConfig) {
        throw new RefusedRequest(Response.Status.FORBIDDEN,
                "Schedules are configured at deploy time (AUDIOEXPORT_SCHEDULE), not over the API.");
    }

    /**
     * Lines and rows done (and the percent of the source, when its size is known) of a running
     * execution, or the totals of its last checkpoint; and where its CSV and rejects go.
     */
    @GET
    @Path("{jobExecutionId : \\d+}/progress")
    @Produces(MediaType.APPLICATION_JSON)
    public Response progress(@PathParam("jobExecutionId") long jobExecutionId) {
        return Response.ok(ExecutionProgress.of(BatchRuntime.getJobOperator(), jobExecutionId).toString(),
                MediaType.APPLICATION_JSON_TYPE).build();
    }
}
