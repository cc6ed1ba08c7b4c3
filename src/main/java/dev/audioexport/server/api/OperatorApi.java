package dev.audioexport.server.api;

import dev.audioexport.server.OperatorAccount;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.jberet.rest.resource.JobInstanceResource;

/**
 * The operator API: JBeret's REST resources under {@code /api}, with what this job adds. Without
 * an operator account only a resource that refuses every call is exposed. Who may call what is
 * declared in {@code WEB-INF/web.xml} (HTTP Basic, roles batch-viewer and batch-operator).
 * JBeret's schedule resource is left out (schedules are configured at deploy time), and so is its
 * exception mapper (see {@link BatchErrors}). Job parameters are shown redacted
 * ({@link RedactedJobParameters}).
 */
@ApplicationPath("/api")
public class OperatorApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        if (!OperatorAccount.configured()) {
            return Set.of(ApiDisabled.class);
        }
        return Set.of(ExportJobs.class, ExportJobExecutions.class, JobInstanceResource.class, OperatorSession.class,
                BatchErrors.class, RefusedEndpoints.class, RedactedJobParameters.class, UnreadableBody.class);
    }
}
