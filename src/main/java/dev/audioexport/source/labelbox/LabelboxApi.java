package dev.audioexport.source.labelbox;

import dev.audioexport.source.SourceException;
import dev.audioexport.source.http.Backoff;
import dev.audioexport.source.http.HttpLineSource;
import dev.audioexport.source.http.HttpTransport;
import dev.audioexport.source.http.RateLimitedException;
import dev.audioexport.source.http.RetryPolicy;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The GraphQL operations of the export protocol (see the shared protocol notes), each retried
 * on 5xx, timeouts and resets and waited out on rate limits. The API key goes into the
 * Authorization header and nowhere else.
 */
final class LabelboxApi {

    static final String CREATE_EXPORT = """
            mutation exportDataRowsInProjectPyApi($input: ExportDataRowsInProjectInput!) {
              exportDataRowsInProject(input: $input) { taskId isStreamable }
            }""";
    static final String CURRENT_USER = "query GetUserPyApi { user { id } }";
    static final String TASK = """
            query ($userId: ID!, $taskId: ID!) {
              user(where: {id: $userId}) {
                createdTasks(where: {id: $taskId}, skip: 0, first: 100) {
                  id name status completionPercentage createdAt updatedAt errors result type metadata
                }
              }
            }""";
    static final String METADATA_HEADER = """
            query GetExportMetadataHeaderPyApi($where: WhereUniqueIdInput, $streamType: TaskStreamType!) {
              task(where: $where) { exportMetadataHeader(streamType: $streamType) { totalSize totalLines } }
            }""";
    static final String FILE_FROM_OFFSET = """
            query GetExportFileFromOffsetPyApi($where: WhereUniqueIdInput, $streamType: TaskStreamType!, $offset: UInt64!) {
              task(where: $where) {
                exportFileFromOffset(streamType: $streamType, offset: $offset) {
                  offsets { start end } lines { start end } file
                }
              }
            }""";
    private static final String RATE_LIMIT_PREFIX = "You have exceeded";

    /**
     * A task as {@code createdTasks} shows it; {@code createdAt} is Labelbox's own clock (a sync's
     * watermark), null when it sent none.
     */
    record TaskState(String status, double completionPercentage, String errors, String createdAt) {
    }

    /** Size of one stream of a task's export. */
    record StreamHeader(long totalSize, long totalLines) {
    }

    /** A signed URL to bytes {@code start..end} (inclusive) of a stream. */
    record Slice(long start, long end, URI file) {
        boolean holds(long offset) {
            return start <= offset && offset <= end;
        }
    }

    private final HttpTransport http;
    private final URI endpoint;
    private final ApiKey key;
    private final RetryPolicy policy;
    private final BooleanSupplier stopRequested;

    LabelboxApi(HttpTransport http, URI endpoint, ApiKey key, RetryPolicy policy, BooleanSupplier stopRequested) {
        this.http = http;
        this.endpoint = endpoint;
        this.key = key;
        this.policy = policy;
        this.stopRequested = stopRequested;
    }

    String createExportTask(ExportRequest request, String taskName) {
        JsonObject variables = Json.createObjectBuilder().add("input", request.input(taskName)).build();
        JsonObject created = call("exportDataRowsInProject", CREATE_EXPORT, variables)
                .getJsonObject("exportDataRowsInProject");
        if (created == null || created.isNull("taskId")) {
            throw new SourceException("Labelbox created no export task for project " + request.projectId() + ".");
        }
        if (!created.getBoolean("isStreamable", false)) {
            throw new SourceException("Labelbox export task " + created.getString("taskId") + " is not streamable.");
        }
        return created.getString("taskId");
    }

    String currentUserId() {
        return call("GetUserPyApi", CURRENT_USER, JsonValue.EMPTY_JSON_OBJECT).getJsonObject("user").getString("id");
    }

    /** The task, or empty when Labelbox no longer knows it (export tasks expire). */
    Optional<TaskState> task(String userId, String taskId) {
        JsonObject variables = Json.createObjectBuilder().add("userId", userId).add("taskId", taskId).build();
        JsonObject user = call("createdTasks", TASK, variables).getJsonObject("user");
        JsonArray tasks = user == null || user.isNull("createdTasks") ? JsonValue.EMPTY_JSON_ARRAY
                : user.getJsonArray("createdTasks");
        return tasks.stream().map(JsonValue::asJsonObject)
                .filter(task -> taskId.equals(task.getString("id", null)))
                .findFirst()
                .map(task -> new TaskState(task.getString("status", "?"),
                        task.isNull("completionPercentage") ? 0 : number(task.get("completionPercentage")),
                        errors(task.get("errors")),
                        task.get("createdAt") instanceof JsonString created ? created.getString() : null));
    }

    private static String errors(JsonValue errors) {
        if (errors == null || errors == JsonValue.NULL) {
            return null;
        }
        return errors instanceof JsonString text ? text.getString() : errors.toString();
    }

    /** The stream's size, or empty when the task has no such stream. */
    Optional<StreamHeader> header(String taskId, String streamType) {
        JsonObject variables = Json.createObjectBuilder().add("where", Json.createObjectBuilder().add("id", taskId))
                .add("streamType", streamType).build();
        JsonObject task = call("GetExportMetadataHeaderPyApi", METADATA_HEADER, variables).getJsonObject("task");
        if (task == null || task.isNull("exportMetadataHeader")) {
            return Optional.empty();
        }
        JsonObject header = task.getJsonObject("exportMetadataHeader");
        return Optional.of(new StreamHeader(wholeNumber(header.get("totalSize")), wholeNumber(header.get("totalLines"))));
    }

    /** The slice of the stream that holds byte {@code offset}. */
    Slice fileFromOffset(String taskId, String streamType, long offset) {
        JsonObject variables = Json.createObjectBuilder().add("where", Json.createObjectBuilder().add("id", taskId))
                .add("streamType", streamType).add("offset", String.valueOf(offset)).build();
        JsonObject task = call("GetExportFileFromOffsetPyApi", FILE_FROM_OFFSET, variables).getJsonObject("task");
        if (task == null || task.isNull("exportFileFromOffset")) {
            throw new SourceException("Labelbox has no slice at byte " + offset + " of the " + streamType
                    + " stream of export task " + taskId + ".");
        }
        JsonObject file = task.getJsonObject("exportFileFromOffset");
        JsonObject offsets = file.getJsonObject("offsets");
        Slice slice = new Slice(wholeNumber(offsets.get("start")), wholeNumber(offsets.get("end")),
                signedUrl(file.get("file"), taskId, offset));
        if (!slice.holds(offset)) {
            throw new SourceException("Labelbox answered the request for byte " + offset + " of export task " + taskId
                    + " with bytes " + slice.start() + ".." + slice.end() + ".");
        }
        return slice;
    }

    /** The slice's URL; a malformed one is reported without its text, which holds the signature. */
    private static URI signedUrl(JsonValue file, String taskId, long offset) {
        try {
            if (file instanceof JsonString text) {
                URI uri = new URI(text.getString());
                if ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) {
                    return uri;
                }
            }
        } catch (URISyntaxException e) {
            // reported below, without the URL
        }
        throw new SourceException("Labelbox answered the request for byte " + offset + " of export task " + taskId
                + " with a slice URL that is not a valid http(s) URL (not shown: it is signed).");
    }

    /** Runs one operation until it answers, and returns its {@code data}. */
    private JsonObject call(String operation, String query, JsonObject variables) {
        String body = Json.createObjectBuilder().add("query", query).add("variables", variables).build().toString();
        Backoff backoff = new Backoff(policy, stopRequested);
        while (true) {
            Response response = null;
            try {
                response = http.postJson(endpoint, body, key.bearerToken());
                HttpTransport.throwIfTransient(response, "Labelbox " + operation);
                JsonObject data = data(operation, response, endpoint);
                response.close();
                return data;
            } catch (RateLimitedException e) {
                HttpTransport.abort(response);
                backoff.rateLimited("Labelbox " + operation, e.retryAfter());
            } catch (IOException | ProcessingException e) {
                HttpTransport.abort(response);
                backoff.failed("Labelbox " + operation, e);
            } catch (RuntimeException e) {
                HttpTransport.abort(response);
                throw e;
            }
        }
    }

    private static JsonObject data(String operation, Response response, URI endpoint) throws RateLimitedException {
        int status = response.getStatus();
        if (status == 401 || status == 403) {
            throw new SourceException("Labelbox refused the API key (HTTP " + status + ") for " + operation
                    + ": check that LABELBOX_API_KEY holds a valid key for this organization.");
        }
        JsonObject answer = parse(operation, status, response.readEntity(String.class), endpoint);
        JsonArray errors = answer.containsKey("errors") && !answer.isNull("errors") ? answer.getJsonArray("errors") : null;
        if (errors != null && !errors.isEmpty()) {
            String message = errors.getJsonObject(0).getString("message", errors.toString());
            if (message.startsWith(RATE_LIMIT_PREFIX)) {
                throw new RateLimitedException("Labelbox " + operation + ": " + message, null);
            }
            throw new SourceException("Labelbox " + operation + " failed: " + message);
        }
        if (status != 200 || !answer.containsKey("data") || answer.isNull("data")) {
            throw new SourceException("Labelbox " + operation + " answered HTTP " + status + " without data"
                    + notGraphql(endpoint) + ".");
        }
        return answer.getJsonObject("data");
    }

    private static JsonObject parse(String operation, int status, String text, URI endpoint) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new SourceException("Labelbox " + operation + " answered HTTP " + status + " with something else than "
                    + "JSON" + notGraphql(endpoint) + ": " + text.substring(0, Math.min(200, text.length()))
                    .replaceAll("\\s+", " ").strip(), e);
        }
    }

    /** The likely cause of an answer that is no GraphQL answer at all (an HTML 404 page, a proxy's error). */
    private static String notGraphql(URI endpoint) {
        return " (is " + HttpLineSource.redacted(endpoint) + " the GraphQL URL? Set LABELBOX_ENDPOINT to it, or unset "
                + "it for " + Endpoint.DEFAULT + ")";
    }

    /** Sizes and offsets may come as JSON numbers or as strings (UInt64 scalars). */
    private static long wholeNumber(JsonValue value) {
        try {
            if (value instanceof JsonNumber number) {
                return number.longValueExact();
            }
            if (value instanceof JsonString text) {
                return Long.parseLong(text.getString());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // reported below
        }
        throw new SourceException("Labelbox sent " + value + " where a byte or line count belongs.");
    }

    private static double number(JsonValue value) {
        if (value instanceof JsonNumber number) {
            return number.doubleValue();
        }
        if (value instanceof JsonString text) {
            return Double.parseDouble(text.getString());
        }
        throw new SourceException("Labelbox sent " + value + " where a number belongs.");
    }
}
