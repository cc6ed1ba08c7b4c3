package dev.audioexport.server.api;

import dev.audioexport.source.Sources;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Properties;
import org.jberet.rest.entity.JobExecutionEntity;

/**
 * Shows the job parameters of the executions JBeret's resources return (start, restart, one,
 * recent, running) with any http(s) URL cut of its query and user info, as the command line's
 * status does: a signed source URL's query is a credential, and viewers read these. The
 * repository keeps the whole URL, so a restart still downloads from it.
 */
@Provider
public class RedactedJobParameters implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof JobExecutionEntity execution) {
            redact(execution);
        } else if (response.getEntity() instanceof JobExecutionEntity[] executions) {
            for (JobExecutionEntity execution : executions) {
                redact(execution);
            }
        }
    }

    /** A redacted copy: the entity may share its Properties with the runtime's own execution. */
    private static void redact(JobExecutionEntity execution) {
        Properties parameters = execution.getJobParameters();
        if (parameters == null) {
            return;
        }
        Properties shown = new Properties();
        parameters.stringPropertyNames()
                .forEach(name -> shown.setProperty(name, Sources.redacted(parameters.getProperty(name))));
        execution.setJobParameters(shown);
    }
}
