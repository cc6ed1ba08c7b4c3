package dev.audioexport.source.labelbox;

import com.sun.net.httpserver.HttpExchange;
import dev.audioexport.source.http.RawHttpServer;
import dev.audioexport.source.http.RawHttpServer.Answer;
import dev.audioexport.source.http.RawHttpServer.Ending;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Labelbox cloud on 127.0.0.1 (a random port), speaking the export protocol
 * as the shared protocol notes document it: the GraphQL operations (checked word for word and
 * variable by variable) and signed slice URLs serving a RESULT file (and optionally an ERRORS
 * file) from disk. Faults are switched on per request; every request is logged.
 */
public final class StandInLabelbox implements AutoCloseable {

    /** Which requests a fault counts. */
    public enum Target { GRAPHQL, SLICE }

    /** What happens to the n-th request of a target. */
    public sealed interface Fault {
    }

    /** Answer with this HTTP status (500, 503, 429...). */
    public record Status(int code) implements Fault {
    }

    /** Answer a slice with its full length declared but only its first {@code bytes} sent, then close. */
    public record CutAfter(long bytes) implements Fault {
    }

    /** Like {@link CutAfter}, but the connection is reset (RST) instead of closed. */
    public record ResetAfter(long bytes) implements Fault {
    }

    /** Answer a GraphQL call with the "You have exceeded..." error. */
    public record RateLimitError() implements Fault {
    }

    /** The slice URL has expired: 403 now and for every later GET of the same URL. */
    public record ExpiredUrl() implements Fault {
    }

    /** Send {@code bytes} (slices) or nothing (GraphQL), then hang for {@code millis}. */
    public record Stall(long bytes, long millis) implements Fault {
    }

    /** Answer an exportFileFromOffset call with a slice URL that is no valid URL (a raw space in its signature). */
    public record MalformedUrl() implements Fault {
    }

    /** Close the connection without any answer. */
    public record Drop() implements Fault {
    }

    /** One request as the stand-in saw it, and the fault it met (null if none). */
    public record Request(int sequence, Target target, String operation, String detail, int status, Fault fault) {
    }

    private static final String USER_ID = "user-1";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private static final Pattern SLICE_PATH = Pattern.compile("/slices/([^/]+)/(RESULT|ERRORS)/(\\d+)");

    private final HttpServer server;
    private final RawHttpServer storage;
    private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
    private final String apiKey;
    private final Map<String, Path> streams = new ConcurrentHashMap<>();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<Target, AtomicInteger> counts = Map.of(Target.GRAPHQL, new AtomicInteger(),
            Target.SLICE, new AtomicInteger());
    private final Set<String> expiredSignatures = ConcurrentHashMap.newKeySet();
    private final List<Request> log = new CopyOnWriteArrayList<>();
    private final List<JsonObject> createdInputs = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger signatures = new AtomicInteger();
    private final AtomicInteger taskIds = new AtomicInteger();
    private final Map<Path, java.util.TreeMap<Long, Long>> lineIndex = new ConcurrentHashMap<>();
    private volatile long sliceBytes = 1 << 20;
    private volatile int pollsInProgress = 2;
    private volatile String taskFailure;
    private volatile String taskEnd;
    private volatile boolean honourRange = true;
    /** Per project, the export a test may change between syncs (empty: every project gets {@link #streams}). */
    private final Map<String, Path> projects = new ConcurrentHashMap<>();
    private volatile Path snapshots;
    /** Projects whose export tasks stay IN_PROGRESS until released ({@link #hold}). */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** Per project, the first slice whose GETs wait until released ({@link #holdSlicesFrom}). */
    private final Map<String, Long> heldReads = new ConcurrentHashMap<>();
    private final AtomicInteger waitingReads = new AtomicInteger();
    /** Per project, its export's lines indexed by last activity (made when registered). */
    private final Map<String, IndexedExport> indexes = new ConcurrentHashMap<>();

    static {
        // The JDK server writes headers and body in separate packets; with Nagle on, each
        // answer then waits ~40 ms for the client's delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private StandInLabelbox(String apiKey) throws IOException {
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/graphql", this::graphql);
        server.start();
        storage = RawHttpServer.start(this::slice);
    }

    /** Serves {@code result} as the RESULT stream of every export task; requests must carry {@code apiKey}. */
    public static StandInLabelbox serving(Path result, String apiKey) throws IOException {
        StandInLabelbox standIn = new StandInLabelbox(apiKey);
        standIn.streams.put("RESULT", result);
        return standIn;
    }

    /**
     * Several projects, each with its own export ({@link #project}); exporting a project not
     * registered fails as Labelbox does for a project it does not know.
     */
    public static StandInLabelbox forProjects(String apiKey) throws IOException {
        StandInLabelbox standIn = new StandInLabelbox(apiKey);
        standIn.snapshots = java.nio.file.Files.createTempDirectory("stand-in-labelbox");
        return standIn;
    }

    /**
     * {@code projectId}'s export is {@code export} (NDJSON, one data row a line), which a test may
     * change between syncs: each export task serves a snapshot taken when it was created, with
     * only the lines whose {@code data_row.details.last_activity_at} passes the task's
     * {@code data_row_last_activity_at} filter.
     */
    public StandInLabelbox project(String projectId, Path export) {
        projects.put(projectId, export);
        try {
            // Indexed now, as Labelbox indexes its data rows: an export task later only copies the
            // lines its filter selects, which keeps the stand-in's own CPU out of what a sync
            // benchmark measures. A file rewritten since is indexed again when a task is created.
            indexes.put(projectId, IndexedExport.of(export));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/graphql");
    }

    public StandInLabelbox sliceBytes(long bytes) {
        sliceBytes = bytes;
        return this;
    }

    /** How many polls see a new task IN_PROGRESS before it completes. */
    public StandInLabelbox pollsInProgress(int polls) {
        pollsInProgress = polls;
        return this;
    }

    /**
     * The project's export tasks, those created already too, stay IN_PROGRESS until {@link #release}:
     * a sync of it is still running, for as long as a test needs (polls while held do not count).
     */
    public StandInLabelbox hold(String projectId) {
        held.add(projectId);
        return this;
    }

    /**
     * GETs of the project's slices from {@code slice} (0-based) on wait, unanswered, until
     * {@link #release}: a sync of it has read the slices before and is in the middle of its export.
     */
    public StandInLabelbox holdSlicesFrom(String projectId, long slice) {
        heldReads.put(projectId, slice);
        return this;
    }

    /** How many slice GETs are waiting on {@link #holdSlicesFrom} right now. */
    public int waitingReads() {
        return waitingReads.get();
    }

    /** The project's tasks go on as usual: they complete after their remaining polls, and their slices are served. */
    public StandInLabelbox release(String projectId) {
        held.remove(projectId);
        heldReads.remove(projectId);
        return this;
    }

    /** New tasks end FAILED with this error. */
    public StandInLabelbox failTasks(String error) {
        taskFailure = error;
        return this;
    }

    /** New tasks end with this status instead of COMPLETE (CANCELED: canceled in the Labelbox app). */
    public StandInLabelbox endTasks(String status) {
        taskEnd = status;
        return this;
    }

    /** Tasks also have an ERRORS stream, served from this file. */
    public StandInLabelbox errors(Path errors) {
        streams.put("ERRORS", errors);
        return this;
    }

    /** Slice GETs ignore Range headers and answer 200 with the whole slice. */
    public StandInLabelbox ignoreRange() {
        honourRange = false;
        return this;
    }

    /** The {@code nth} request of {@code target} since the stand-in started (1-based) meets {@code fault}. */
    public StandInLabelbox fault(Target target, int nth, Fault fault) {
        faults.put(target + "#" + nth, fault);
        return this;
    }

    /** Labelbox forgets every task, as when export tasks expire. */
    public void expireTasks() {
        tasks.clear();
    }

    public List<Request> log() {
        return List.copyOf(log);
    }

    /** Every export task created, by id: the project it exports (null when every task serves one file). */
    public Map<String, String> taskIds() {
        Map<String, String> ids = new java.util.HashMap<>();
        tasks.forEach((id, task) -> ids.put(id, task.projectId));
        return ids;
    }

    /** The {@code input} of every export mutation received. */
    public List<JsonObject> createdInputs() {
        return List.copyOf(createdInputs);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            storage.close();
        } catch (IOException e) {
            // closing a test server; nothing to do
        }
    }

    // --- GraphQL ------------------------------------------------------------------------------

    private void graphql(HttpExchange exchange) throws IOException {
        int nth = counts.get(Target.GRAPHQL).incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonObject request = Json.createReader(new StringReader(body)).readObject();
        String query = request.getString("query");
        JsonObject variables = request.getJsonObject("variables");
        String operation = GraphqlOperations.identify(query);
        String detail = variables.containsKey("offset") ? variables.get("offset").toString() : "";
        Fault fault = faults.remove(Target.GRAPHQL + "#" + nth);
        if (fault != null && injected(exchange, Target.GRAPHQL, operation, detail, fault, variables)) {
            return;
        }
        if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, Target.GRAPHQL, operation, detail, 401, error("Unauthorized"));
            return;
        }
        JsonObject answer;
        try {
            answer = Json.createObjectBuilder().add("data", data(operation, query, variables)).build();
        } catch (IllegalArgumentException e) {
            answer(exchange, Target.GRAPHQL, operation, detail, 400, error(e.getMessage()));
            return;
        }
        answer(exchange, Target.GRAPHQL, operation, detail, 200, answer);
    }

    private JsonObject data(String operation, String query, JsonObject variables) {
        GraphqlOperations.check(operation, query, variables);
        return switch (operation) {
            case "exportDataRowsInProject" -> created(variables.getJsonObject("input"));
            case "user" -> Json.createObjectBuilder().add("user", Json.createObjectBuilder().add("id", USER_ID)).build();
            case "createdTasks" -> createdTasks(variables);
            case "exportMetadataHeader" -> task(variables, "exportMetadataHeader", this::header);
            case "exportFileFromOffset" -> task(variables, "exportFileFromOffset", this::fileFromOffset);
            default -> throw new IllegalArgumentException("unknown operation");
        };
    }

    private JsonObject created(JsonObject input) {
        createdInputs.add(input);
        String id = "task-" + taskIds.incrementAndGet();
        // Labelbox's clock: the task exists (and its snapshot is taken) from this instant on.
        String createdAt = java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        Path result = projects.isEmpty() ? null : snapshot(id, input);
        String projectId = input.getJsonObject("filters").getString("projectId", null);
        tasks.put(id, new Task(id, projectId, pollsInProgress, taskFailure, taskEnd, createdAt, result));
        return Json.createObjectBuilder().add("exportDataRowsInProject",
                Json.createObjectBuilder().add("taskId", id).add("isStreamable", true)).build();
    }

    private Path snapshot(String taskId, JsonObject input) {
        String projectId = input.getJsonObject("filters").getString("projectId");
        Path export = projects.get(projectId);
        if (export == null) {
            throw new IllegalArgumentException("Resource not found: no project with id " + projectId);
        }
        java.time.Instant since = activeSince(input);
        Path snapshot = snapshots.resolve(taskId + ".ndjson");
        try {
            indexed(projectId, export).copyActiveSince(since, snapshot);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return snapshot;
    }

    /** The project's index, made again when its file changed since (a test rewrote it without registering it). */
    private IndexedExport indexed(String projectId, Path export) throws IOException {
        return indexes.compute(projectId, (id, index) -> {
            try {
                return index != null && index.isCurrent(export) ? index : IndexedExport.of(export);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The {@code GREATER_THAN_OR_EQUAL} bound of the input's last-activity filter, or null. */
    private static java.time.Instant activeSince(JsonObject input) {
        for (JsonValue item : input.getJsonObject("filters").getJsonObject("searchQuery").getJsonArray("query")) {
            JsonObject filter = item.asJsonObject();
            if (filter.getString("type").equals("data_row_last_activity_at")) {
                JsonObject value = filter.getJsonObject("value");
                if (!value.getString("operator").equals("GREATER_THAN_OR_EQUAL")) {
                    throw new IllegalArgumentException("the stand-in knows GREATER_THAN_OR_EQUAL only");
                }
                return java.time.OffsetDateTime.parse(value.getString("value"),
                        java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx")).toInstant();
            }
        }
        return null;
    }

    /** The stream a task serves: its project's snapshot, or the file every task serves. */
    private Path stream(Task task, String streamType) {
        return task != null && task.result != null && streamType.equals("RESULT") ? task.result : streams.get(streamType);
    }

    private JsonObject createdTasks(JsonObject variables) {
        if (!USER_ID.equals(variables.getString("userId"))) {
            throw new IllegalArgumentException("no user " + variables.getString("userId"));
        }
        Task task = tasks.get(variables.getString("taskId"));
        var list = Json.createArrayBuilder();
        if (task != null) {
            list.add(isHeld(task) ? task.heldPoll() : task.poll());
        }
        return Json.createObjectBuilder().add("user", Json.createObjectBuilder().add("createdTasks", list)).build();
    }

    /** At most two minutes: a test that forgot to release must not leave a thread behind for ever. */
    private void waitWhileReadsHeld(Task task, long slice) {
        if (task.projectId == null || slice < heldReads.getOrDefault(task.projectId, Long.MAX_VALUE)) {
            return;
        }
        waitingReads.incrementAndGet();
        try {
            for (int i = 0; i < 2400 && heldReads.containsKey(task.projectId); i++) {
                sleep(50);
            }
        } finally {
            waitingReads.decrementAndGet();
        }
    }

    private boolean isHeld(Task task) {
        return task.projectId != null && held.contains(task.projectId);
    }

    private interface TaskField {
        JsonValue answer(Task task, JsonObject variables);
    }

    private JsonObject task(JsonObject variables, String field, TaskField answer) {
        Task task = tasks.get(variables.getJsonObject("where").getString("id"));
        JsonObjectBuilder data = Json.createObjectBuilder();
        if (task == null) {
            return data.addNull("task").build();
        }
        return data.add("task", Json.createObjectBuilder().add(field, answer.answer(task, variables))).build();
    }

    private JsonValue header(Task task, JsonObject variables) {
        Path stream = stream(task, variables.getString("streamType"));
        if (stream == null || !task.isComplete() || isHeld(task)) {
            return JsonValue.NULL;
        }
        return Json.createObjectBuilder().add("totalSize", size(stream)).add("totalLines", lines(stream)).build();
    }

    private JsonValue fileFromOffset(Task task, JsonObject variables) {
        String streamType = variables.getString("streamType");
        Path stream = stream(task, streamType);
        long offset = Long.parseLong(variables.getString("offset"));
        long size = stream == null ? 0 : size(stream);
        if (stream == null || offset >= size) {
            return JsonValue.NULL;
        }
        long index = offset / sliceBytes;
        long start = index * sliceBytes;
        long end = Math.min(start + sliceBytes, size) - 1;
        String signature = "sig" + signatures.incrementAndGet() + "%2Fab%2Bcd";
        String file = storage.baseUrl() + "/slices/" + task.id + "/" + streamType
                + "/" + index + "?X-Goog-Expires=600&X-Goog-Signature=" + signature;
        return Json.createObjectBuilder()
                .add("offsets", Json.createObjectBuilder().add("start", start).add("end", end))
                .add("lines", Json.createObjectBuilder().add("start", lineAt(stream, start)).add("end", lineAt(stream, end)))
                .add("file", file)
                .build();
    }

    // --- slices (the storage server the signed URLs point to) -------------------------------

    private Answer slice(RawHttpServer.Request request) {
        int nth = counts.get(Target.SLICE).incrementAndGet();
        Matcher path = SLICE_PATH.matcher(request.path());
        String range = request.header("Range");
        String detail = request.path() + (range == null ? "" : " " + range);
        Fault fault = faults.remove(Target.SLICE + "#" + nth);
        String query = request.query() == null ? "" : request.query();
        int at = query.indexOf("X-Goog-Signature=");
        String signature = at < 0 ? "" : query.substring(at + 17);
        if (!path.matches() || !signature.startsWith("sig") || !signature.endsWith("%2Fab%2Bcd")) {
            return logged(Target.SLICE, detail, Answer.text(403, "bad or re-encoded signature: " + signature), null);
        }
        if (fault instanceof ExpiredUrl) {
            expiredSignatures.add(signature);
        }
        if (expiredSignatures.contains(signature) || !tasks.containsKey(path.group(1))) {
            return logged(Target.SLICE, detail, Answer.text(403, "Request has expired"), fault);
        }
        if (fault instanceof Status status) {
            return logged(Target.SLICE, detail, Answer.text(status.code(), "injected HTTP " + status.code()), fault);
        }
        if (fault instanceof Drop) {
            log(Target.SLICE, "slice", detail, 0, fault);
            return null;
        }
        Task task = tasks.get(path.group(1));
        waitWhileReadsHeld(task, Long.parseLong(path.group(3)));
        Path stream = stream(task, path.group(2));
        long start = Long.parseLong(path.group(3)) * sliceBytes;
        long end = Math.min(start + sliceBytes, size(stream));
        return logged(Target.SLICE, detail, broken(sliceAnswer(stream, start, end, range), fault), fault);
    }

    private Answer sliceAnswer(Path stream, long start, long end, String range) {
        Matcher from = RANGE.matcher(range == null ? "" : range);
        long skip = honourRange && from.matches() ? Long.parseLong(from.group(1)) : 0;
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Content-Type", "application/x-ndjson");
        if (skip > 0) {
            headers.put("Content-Range", "bytes " + skip + "-" + (end - start - 1) + "/" + (end - start));
        }
        return Answer.file(skip > 0 ? 206 : 200, headers, stream, start + skip, end - start - skip);
    }

    private static Answer broken(Answer answer, Fault fault) {
        if (fault instanceof CutAfter cut) {
            return answer.broken(Ending.CLOSE, cut.bytes(), 0);
        }
        if (fault instanceof ResetAfter reset) {
            return answer.broken(Ending.RESET, reset.bytes(), 0);
        }
        if (fault instanceof Stall stall) {
            return answer.broken(Ending.STALL, stall.bytes(), stall.millis());
        }
        return answer;
    }

    private Answer logged(Target target, String detail, Answer answer, Fault fault) {
        log(target, "slice", detail, answer.status(), fault);
        return answer;
    }

    // --- faults and answers -------------------------------------------------------------------

    /** Acts out a fault; false when the request should then be answered normally. */
    private boolean injected(HttpExchange exchange, Target target, String operation, String detail, Fault fault,
            JsonObject variables) throws IOException {
        if (fault instanceof Status status) {
            answer(exchange, target, operation, detail, status.code(), error("injected HTTP " + status.code()), fault);
        } else if (fault instanceof RateLimitError) {
            answer(exchange, target, operation, detail, 200,
                    error("You have exceeded the rate limit of 1500 requests per minute. Please wait."), fault);
        } else if (fault instanceof MalformedUrl && operation.equals("exportFileFromOffset")) {
            Task task = tasks.get(variables.getJsonObject("where").getString("id"));
            JsonObject slice = fileFromOffset(task, variables).asJsonObject();
            String file = slice.getString("file").replace("X-Goog-Signature=", "X-Goog-Signature=raw space ");
            answer(exchange, target, operation, detail, 200, Json.createObjectBuilder().add("data", Json.createObjectBuilder()
                    .add("task", Json.createObjectBuilder().add("exportFileFromOffset",
                            Json.createObjectBuilder(slice).add("file", file)))).build(), fault);
        } else if (fault instanceof Drop) {
            log(target, operation, detail, 0, fault);
            exchange.close();
        } else if (fault instanceof Stall stall && target == Target.GRAPHQL) {
            log(target, operation, detail, 0, fault);
            sleep(stall.millis());
            exchange.close();
        } else {
            return false;
        }
        return true;
    }

    private void answer(HttpExchange exchange, Target target, String operation, String detail, int status,
            JsonObject body) throws IOException {
        answer(exchange, target, operation, detail, status, body, null);
    }

    private void answer(HttpExchange exchange, Target target, String operation, String detail, int status,
            JsonObject body, Fault fault) throws IOException {
        log(target, operation, detail, status, fault);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void log(Target target, String operation, String detail, int status, Fault fault) {
        log.add(new Request(sequence.incrementAndGet(), target, operation, detail, status, fault));
    }

    private static JsonObject error(String message) {
        return Json.createObjectBuilder().add("errors", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("message", message))).addNull("data").build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long size(Path stream) {
        try {
            return java.nio.file.Files.size(stream);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long lines(Path stream) {
        if (size(stream) == 0) {
            return 0;
        }
        return lineAt(stream, size(stream) - 1) + 1;
    }

    /**
     * 0-based number of the line holding byte {@code offset}: counted from the nearest offset
     * already known, so reading a stream slice by slice scans it once.
     */
    private long lineAt(Path stream, long offset) {
        java.util.TreeMap<Long, Long> known = lineIndex.computeIfAbsent(stream, s -> new java.util.TreeMap<>(Map.of(0L, 0L)));
        synchronized (known) {
            Map.Entry<Long, Long> from = known.floorEntry(offset);
            long line = from.getValue() + newlines(stream, from.getKey(), offset);
            known.put(offset, line);
            return line;
        }
    }

    private static long newlines(Path stream, long from, long to) {
        try (FileChannel file = FileChannel.open(stream, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            long count = 0;
            for (long position = from; position < to; position += buffer.limit()) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), to - position));
                file.read(buffer, position);
                buffer.flip();
                for (int i = 0; i < buffer.limit(); i++) {
                    if (buffer.get(i) == '\n') {
                        count++;
                    }
                }
            }
            return count;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "stand-in-labelbox");
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A task's life: IN_PROGRESS for some polls, then COMPLETE (or FAILED, or the status set by endTasks). */
    private static final class Task {
        final String id;
        /** The project exported, or null (a stand-in serving one file to every task). */
        final String projectId;
        final int polls;
        final String failure;
        final String end;
        final String createdAt;
        /** Its project's snapshot, or null when every task serves the same file. */
        final Path result;
        final AtomicInteger seen = new AtomicInteger();

        Task(String id, String projectId, int polls, String failure, String end, String createdAt, Path result) {
            this.id = id;
            this.projectId = projectId;
            this.polls = polls;
            this.failure = failure;
            this.end = end;
            this.createdAt = createdAt;
            this.result = result;
        }

        boolean isComplete() {
            return seen.get() > polls && failure == null && end == null;
        }

        JsonObject poll() {
            int n = seen.incrementAndGet();
            String status = n <= polls ? "IN_PROGRESS" : end != null ? end : failure == null ? "COMPLETE" : "FAILED";
            return answer(status, n <= polls ? 100.0 * (n - 1) / polls : 100, n);
        }

        /** A poll while the test holds the task: IN_PROGRESS, and not counted. */
        JsonObject heldPoll() {
            return answer("IN_PROGRESS", 0, 0);
        }

        private JsonObject answer(String status, double percent, int n) {
            var task = Json.createObjectBuilder().add("id", id).add("name", "audio-export").add("status", status)
                    .add("completionPercentage", percent)
                    .add("createdAt", createdAt).add("updatedAt", createdAt)
                    .addNull("result").add("type", "export-data-rows").addNull("metadata");
            if (failure != null && n > polls) {
                task.add("errors", failure);
            } else {
                task.addNull("errors");
            }
            return task.build();
        }
    }
}
