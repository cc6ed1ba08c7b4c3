package dev.audioexport.server.api;

import dev.audioexport.batch.ServerExecutionLock;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jberet.rest.entity.JobExecutionEntity;
import org.jberet.rest.resource.JobResource;

/**
 * JBeret's {@code /jobs} resource with the output files of a start or restart confined to the
 * output directory. Overrides carry no JAX-RS annotations so that JBeret's (paths, verbs,
 * parameters) apply unchanged. Submitting job definitions is refused ({@link RefusedEndpoints}).
 */
@Path("jobs")
@Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
public class ExportJobs extends JobResource {

    /** A job XML name of the start and restart paths: letters, digits, '.', '_', '-' (no path). */
    private static final Pattern JOB_XML_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @Override
    public Response start(String jobXmlName, UriInfo uriInfo, Properties jobParamsAsProps) {
        requireDeployed(jobXmlName);
        Response started = super.start(jobXmlName, uriInfo, RunParameters.checkedStart(jobXmlName, uriInfo, jobParamsAsProps));
        if (started.getEntity() instanceof JobExecutionEntity execution) {
            ServerExecutionLock.started(execution.getExecutionId());
        }
        return started;
    }

    @Override
    public JobExecutionEntity restart(String jobXmlName, UriInfo uriInfo, Properties jobParamsAsProps) {
        requireDeployed(jobXmlName);
        Properties checked = latestExecution(jobXmlName)
                .map(id -> RunParameters.checkedRestart(uriInfo, jobParamsAsProps, id))
                .orElseGet(() -> RunParameters.checkedStart(jobXmlName, uriInfo, jobParamsAsProps));
        JobExecutionEntity restarted = super.restart(jobXmlName, uriInfo, checked);
        ServerExecutionLock.started(restarted.getExecutionId());
        return restarted;
    }

    /** The execution JBeret restarts here: the newest of the job's newest instance. */
    private static Optional<Long> latestExecution(String jobName) {
        JobOperator operator = BatchRuntime.getJobOperator();
        try {
            List<JobInstance> newest = operator.getJobInstances(jobName, 0, 1);
            return newest.isEmpty() ? Optional.empty() : operator.getJobExecutions(newest.get(0)).stream()
                    .map(JobExecution::getExecutionId).max(Long::compare);
        } catch (NoSuchJobException e) {
            return Optional.empty();
        }
    }

    /** 404 naming the job to use, where WildFly answered a misspelt job with a 500 (JobStartException). */
    private static void requireDeployed(String jobXmlName) {
        boolean deployed = JOB_XML_NAME.matcher(jobXmlName).matches() && !jobXmlName.contains("..")
                && Thread.currentThread().getContextClassLoader()
                        .getResource("META-INF/batch-jobs/" + jobXmlName + ".xml") != null;
        if (!deployed) {
            throw new RefusedRequest(Response.Status.NOT_FOUND, "There is no job '" + jobXmlName + "' in this server: "
                    + "the export is the job audio-export, e.g. POST /api/jobs/audio-export/start, and the sync of "
                    + "projects the job audio-export-sync.");
        }
    }
}
