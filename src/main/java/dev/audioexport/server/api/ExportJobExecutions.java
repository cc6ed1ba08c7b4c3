package dev.audioexport.server.api;

import dev.audioexport.batch.ServerExecutionLock;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Properties;
import org.jberet.rest.entity.JobExecutionEntity;
import org.jberet.rest.resource.JobExecutionResource;

/**
 * JBeret's {@code /jobexecutions} resource (read, stop, abandon, restart, step executions with
 * their metrics) plus what this job adds: {@code GET /jobexecutions/{id}/progress}. A restart's
 * output files are confined like a start's, and it cannot change what the run reads or writes.
 */
@Path("jobexecutions")
@Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
public class ExportJobExecutions extends JobExecutionResource {

    @Override
    public JobExecutionEntity restart(long jobExecutionId, UriInfo uriInfo, Properties jobParamsAsProps) {
        JobExecutionEntity restarted = super.restart(jobExecutionId, uriInfo,
                RunParameters.checkedRestart(uriInfo, jobParamsAsProps, jobExecutionId));
        ServerExecutionLock.started(restarted.getExecutionId());
        return restarted;
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

    /**
     * The reject count, the export's error count and the first rejected lines of an execution's
     * rejects file (line, byte offset, reason; never the raw line).
     */
    @GET
    @Path("{jobExecutionId : \\d+}/rejects")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rejects(@PathParam("jobExecutionId") long jobExecutionId,
            @QueryParam("first") @DefaultValue("20") int first) {
        return Response.ok(ExecutionRejects.of(BatchRuntime.getJobOperator(), jobExecutionId, first).toString(),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** One entry per partition of the execution's partitioned steps (none for a step without partitions). */
    @GET
    @Path("{jobExecutionId : \\d+}/partitions")
    @Produces(MediaType.APPLICATION_JSON)
    public Response partitions(@PathParam("jobExecutionId") long jobExecutionId) {
        return Response.ok(ExecutionPartitions.of(BatchRuntime.getJobOperator(), jobExecutionId).toString(),
                MediaType.APPLICATION_JSON_TYPE).build();
    }
}
