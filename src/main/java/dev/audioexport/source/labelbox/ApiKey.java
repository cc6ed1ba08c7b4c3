package dev.audioexport.source.labelbox;

import dev.audioexport.source.SourceException;

/**
 * The Labelbox API key, from the environment only (never a job parameter, which the job
 * repository stores). It leaves this object only as the Authorization header; its
 * {@code toString} hides it, so it cannot slip into a message or a log line.
 */
final class ApiKey {

    static final String VARIABLE = "LABELBOX_API_KEY";

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    static ApiKey fromEnvironment() {
        String value = System.getenv(VARIABLE);
        if (value == null || value.isBlank()) {
            throw new SourceException(VARIABLE + " is not set: the labelbox: source reads the API key from the "
                    + "environment only. Export it (e.g. from your secret store) and run again.");
        }
        return new ApiKey(value.strip());
    }

    String bearerToken() {
        return value;
    }

    @Override
    public String toString() {
        return "ApiKey[hidden]";
    }
}
