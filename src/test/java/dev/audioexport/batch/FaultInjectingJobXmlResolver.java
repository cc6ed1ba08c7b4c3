package dev.audioexport.batch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.jberet.spi.JobXmlResolver;

/**
 * Serves job {@value #JOB} to tests: the production job XML, unchanged but for its id and a
 * {@link FaultInjector} listener, so that restart tests exercise exactly the shipped job.
 */
public class FaultInjectingJobXmlResolver implements JobXmlResolver {

    public static final String JOB = "audio-export-faults";

    @Override
    public InputStream resolveJobXml(String jobXml, ClassLoader classLoader) throws IOException {
        if (!isOurs(jobXml)) {
            return null;
        }
        try (InputStream original = classLoader.getResourceAsStream(DEFAULT_PATH + "audio-export.xml")) {
            String xml = faultInjecting(new String(original.readAllBytes(), StandardCharsets.UTF_8));
            return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The production job XML as job {@value #JOB}: its id changed and a {@link FaultInjector} added. */
    public static String faultInjecting(String productionXml) {
        String renamed = productionXml.replace("<job id=\"audio-export\"", "<job id=\"" + JOB + "\"");
        // The step's listeners (the job's own come before the step).
        int stepListeners = renamed.indexOf("<listeners>", renamed.indexOf("<step "));
        return renamed.substring(0, stepListeners) + """
                        <listeners>
                          <listener ref="dev.audioexport.batch.FaultInjector">
                            <properties><property name="failAt" value="#{jobParameters['failAt']}"/></properties>
                          </listener>""" + renamed.substring(stepListeners + "<listeners>".length());
    }

    @Override
    public Collection<String> getJobXmlNames(ClassLoader classLoader) {
        return List.of(JOB);
    }

    @Override
    public String resolveJobName(String jobXml, ClassLoader classLoader) {
        return isOurs(jobXml) ? JOB : null;
    }

    /** JBeret asks by job name and by file name. */
    private static boolean isOurs(String jobXml) {
        return JOB.equals(jobXml) || (JOB + ".xml").equals(jobXml);
    }
}
