package dev.audioexport.server.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Properties;
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

    @Override
    public Response start(String jobXmlName, UriInfo uriInfo, Properties jobParamsAsProps) {
        return super.start(jobXmlName, uriInfo, RunParameters.checked(uriInfo, jobParamsAsProps));
    }

    @Override
    public JobExecutionEntity restart(String jobXmlName, UriInfo uriInfo, Properties jobParamsAsProps) {
        return super.restart(jobXmlName, uriInfo, RunParameters.checked(uriInfo, jobParamsAsProps));
    }
}
