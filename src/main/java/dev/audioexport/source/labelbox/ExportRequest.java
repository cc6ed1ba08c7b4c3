package dev.audioexport.source.labelbox;

import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceParameters;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code input} of the export mutation for one project: its filters and export params.
 * All params the mapping can use are on (attachments, metadata, data-row, project, label and
 * performance details, interpolated frames); the {@code exclude} parameter turns some off.
 * Embeddings stay off: no column of the output contract uses them, and they are large.
 */
record ExportRequest(String projectId, JsonArray filters, Map<String, Boolean> params) {

    private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Names accepted by {@code exclude}, and the export param each stands for. */
    static final Map<String, String> EXCLUDABLE = excludable();

    static ExportRequest from(String projectId, SourceParameters parameters) {
        checkProjectId(projectId);
        JsonArray filters = ExportFilters.from(parameters);
        Map<String, Boolean> params = new LinkedHashMap<>();
        params.put("includeAttachments", true);
        params.put("includeEmbeddings", false);
        params.put("includeMetadata", true);
        params.put("includeDataRowDetails", true);
        params.put("includeProjectDetails", true);
        params.put("includePerformanceDetails", true);
        params.put("includeLabelDetails", true);
        params.put("includeInterpolatedFrames", true);
        for (String name : excluded(parameters)) {
            params.put(EXCLUDABLE.get(name), false);
        }
        return new ExportRequest(projectId, filters, params);
    }

    static void checkProjectId(String projectId) {
        if (!PROJECT_ID.matcher(projectId).matches()) {
            throw new SourceException("'" + projectId + "' is not a Labelbox project id: write the source as "
                    + "labelbox:PROJECT_ID, the id from the project's URL.");
        }
    }

    private static List<String> excluded(SourceParameters parameters) {
        List<String> names = parameters.text("exclude").map(text -> Arrays.stream(text.split(","))
                .map(String::strip).filter(name -> !name.isEmpty()).toList()).orElse(List.of());
        for (String name : names) {
            if (!EXCLUDABLE.containsKey(name)) {
                throw new SourceException("exclude: '" + name + "' is not one of " + String.join(", ", EXCLUDABLE.keySet()) + ".");
            }
        }
        return names;
    }

    /** The mutation's {@code input} variable, shaped as the protocol notes say. */
    JsonObject input(String taskName) {
        JsonObjectBuilder paramsJson = Json.createObjectBuilder().addNull("mediaTypeOverride");
        params.forEach(paramsJson::add);
        return Json.createObjectBuilder()
                .add("taskName", taskName)
                .add("isStreamableReady", true)
                .add("streamable", true)
                .add("filters", Json.createObjectBuilder()
                        .add("projectId", projectId)
                        .add("searchQuery", Json.createObjectBuilder().addNull("scope").add("query", filters)))
                .add("params", paramsJson)
                .build();
    }

    private static Map<String, String> excludable() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("attachments", "includeAttachments");
        names.put("metadata", "includeMetadata");
        names.put("dataRowDetails", "includeDataRowDetails");
        names.put("projectDetails", "includeProjectDetails");
        names.put("performanceDetails", "includePerformanceDetails");
        names.put("labelDetails", "includeLabelDetails");
        names.put("interpolatedFrames", "includeInterpolatedFrames");
        return Collections.unmodifiableMap(names);
    }
}
