package dev.audioexport.source.labelbox;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * The stand-in's copy of the GraphQL operations as the shared protocol notes write them, typed
 * in from the notes (not shared with the client code), so that a client that drifts from the
 * documented shapes fails its tests. Whitespace does not count.
 */
final class GraphqlOperations {

    private static final Map<String, String> DOCUMENTED = Map.of(
            "exportDataRowsInProject", """
                    mutation exportDataRowsInProjectPyApi($input: ExportDataRowsInProjectInput!) {
                      exportDataRowsInProject(input: $input) { taskId isStreamable }
                    }""",
            "user", "query GetUserPyApi { user { id } }",
            "createdTasks", """
                    query ($userId: ID!, $taskId: ID!) {
                      user(where: {id: $userId}) {
                        createdTasks(where: {id: $taskId}, skip: 0, first: 100) {
                          id name status completionPercentage createdAt updatedAt errors result type metadata
                        }
                      }
                    }""",
            "exportMetadataHeader", """
                    query GetExportMetadataHeaderPyApi($where: WhereUniqueIdInput, $streamType: TaskStreamType!) {
                      task(where: $where) { exportMetadataHeader(streamType: $streamType) { totalSize totalLines } }
                    }""",
            "exportFileFromOffset", """
                    query GetExportFileFromOffsetPyApi($where: WhereUniqueIdInput, $streamType: TaskStreamType!, $offset: UInt64!) {
                      task(where: $where) {
                        exportFileFromOffset(streamType: $streamType, offset: $offset) {
                          offsets { start end } lines { start end } file
                        }
                      }
                    }""");
    private static final List<String> PARAMS = List.of("mediaTypeOverride", "includeAttachments", "includeEmbeddings",
            "includeMetadata", "includeDataRowDetails", "includeProjectDetails", "includePerformanceDetails",
            "includeLabelDetails", "includeInterpolatedFrames");

    private GraphqlOperations() {
    }

    static String identify(String query) {
        for (String field : List.of("exportDataRowsInProject", "createdTasks", "exportMetadataHeader", "exportFileFromOffset")) {
            if (query.contains(field)) {
                return field;
            }
        }
        return query.contains("user") ? "user" : "unknown";
    }

    /** Throws IllegalArgumentException (answered as a GraphQL error) for anything not as documented. */
    static void check(String operation, String query, JsonObject variables) {
        String documented = DOCUMENTED.get(operation);
        if (documented == null || !normalized(documented).equals(normalized(query))) {
            throw new IllegalArgumentException("Cannot parse the query as a documented " + operation + " operation");
        }
        switch (operation) {
            case "exportDataRowsInProject" -> checkInput(variables.getJsonObject("input"));
            case "createdTasks" -> require(variables.get("userId") instanceof jakarta.json.JsonString
                    && variables.get("taskId") instanceof jakarta.json.JsonString, "userId and taskId must be IDs");
            case "exportMetadataHeader" -> checkStream(variables);
            case "exportFileFromOffset" -> {
                checkStream(variables);
                require(variables.get("offset") instanceof jakarta.json.JsonString offset
                        && offset.getString().matches("\\d+"), "offset must be a UInt64 sent as a string");
            }
            default -> require(variables.isEmpty(), "GetUserPyApi takes no variables");
        }
    }

    private static void checkInput(JsonObject input) {
        require(input != null && input.getBoolean("isStreamableReady", false) && input.getBoolean("streamable", false)
                && input.get("taskName") instanceof jakarta.json.JsonString, "input needs taskName, isStreamableReady, streamable");
        JsonObject filters = input.getJsonObject("filters");
        require(filters.get("projectId") instanceof jakarta.json.JsonString, "filters.projectId is required");
        JsonObject searchQuery = filters.getJsonObject("searchQuery");
        require(searchQuery.get("scope") == JsonValue.NULL && searchQuery.get("query") instanceof jakarta.json.JsonArray,
                "searchQuery needs scope: null and a query list");
        JsonObject params = input.getJsonObject("params");
        require(params.keySet().equals(java.util.Set.copyOf(PARAMS)), "params must be exactly " + PARAMS);
    }

    private static void checkStream(JsonObject variables) {
        require(variables.getJsonObject("where").get("id") instanceof jakarta.json.JsonString, "where.id is required");
        require(List.of("RESULT", "ERRORS").contains(variables.getString("streamType")), "streamType is RESULT or ERRORS");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String normalized(String query) {
        return query.strip().replaceAll("\\s+", " ").replaceAll(" ?([{}():,!]) ?", "$1");
    }
}
