package dev.audioexport.model;

import dev.audioexport.model.JsonbExportModel.AnswerJson;
import dev.audioexport.model.JsonbExportModel.Annotations;
import dev.audioexport.model.JsonbExportModel.ClassificationJson;
import dev.audioexport.model.JsonbExportModel.DataRowJson;
import dev.audioexport.model.JsonbExportModel.Frame;
import dev.audioexport.model.JsonbExportModel.LabelJson;
import dev.audioexport.model.JsonbExportModel.Line;
import dev.audioexport.model.JsonbExportModel.Project;
import dev.audioexport.model.JsonbExportModel.Timestamp;
import dev.audioexport.model.JsonbExportModel.UnknownShape;
import dev.audioexport.model.JsonbExportModel.WrittenNumber;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.yasson.JsonBindingProvider;
import org.eclipse.yasson.YassonJsonb;

/**
 * Decodes an export line with JSON-B (Yasson): binds it to the small classes of
 * {@link JsonbExportModel}, then converts them to the same model records as
 * {@link StreamingExportDecoder}, including the JSON paths of unknown annotation shapes
 * (a classification without an answer block, non-empty {@code objects}/{@code relationships},
 * any layout under {@code timestamp} other than {@code "<start_ms>": {"classifications": [...]}}).
 *
 * <p>Plain Yasson is lenient where the streaming decoder is not: it reads {@code 5} or
 * {@code [5]} into a String, {@code "12"} into a number, {@code "yes"} into {@code false} and
 * {@code []} into an empty map, and ignores text after the object. Small deserializers
 * ({@link JsonbExportModel}) refuse these, and the parser is checked for trailing content, so
 * the same lines are malformed for both decoders. Numbers are kept as written, as the streaming
 * decoder keeps them ({@link JsonbExportModel.WrittenNumber}), not normalised through BigDecimal.
 * {@code timestamp} is read by a deserializer rather than bound to a map, so an unknown layout there is reported like the streaming decoder
 * reports it, not turned into a binding failure.
 *
 * <p>Known differences from {@link StreamingExportDecoder}:
 * <ul>
 *   <li>Messages for wrong types found while binding name the chain of JSON properties as
 *       Yasson reports it, without array indices or project/feature keys, e.g.
 *       {@code field projects > labels > performance_details > skipped has the wrong type: ...};
 *       the streaming decoder gives the full path ({@code projects.p1.labels[0]...}). Wrong types
 *       found after binding (a null label or classification, a segment that is not
 *       {@code [start, end]}) carry the full path here too. Syntax errors give the column but
 *       no path, and a line whose first character is not <code>{</code> is "not a JSON object"
 *       even when it is not JSON at all.</li>
 *   <li>Nesting: with a 1 MB thread stack Yasson overflows at about 300 levels of nested
 *       classifications (900 JSON levels), which is reported as a malformed line; the streaming
 *       decoder reads up to Parsson's limit of 1000 JSON levels.</li>
 *   <li>A key repeated within one JSON object: the last value wins, as in the streaming decoder,
 *       except a repeated project id or frame start, whose entries are both kept by both decoders. The streaming
 *       decoder reports unknown shapes of every occurrence.</li>
 * </ul>
 * One {@link jakarta.json.bind.Jsonb} instance is shared by all decoders (it is thread-safe); a
 * decoder itself is not.
 */
public final class JsonbExportDecoder implements ExportDecoder {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonParserFactory PARSERS = JSON.createParserFactory(Map.of());
    private static final YassonJsonb JSONB = (YassonJsonb) new JsonBindingProvider().create()
            .withProvider(JSON)
            .withConfig(new JsonbConfig().withDeserializers(new JsonbExportModel.StrictString(),
                    new JsonbExportModel.StrictNumber(), new JsonbExportModel.StrictBoolean()))
            .build();
    private static final Comparator<TemporalClassification> BY_START =
            Comparator.comparing(t -> new BigDecimal(t.startMs()));
    private static final Pattern PROPERTY = Pattern.compile("Unable to deserialize property '([^']*)' because of: ");
    private static final Pattern POSITION = Pattern.compile(
            "Incorrect position for processing type: .*? Received event: (\\w+) Allowed: \\[(\\w+).*");

    private final JsonPath path = new JsonPath();
    private List<String> unknownShapes;

    /** Binding needs the text up front (see {@link #startsWithObject}); this decoder is for comparison. */
    @Override
    public ExportRecord decode(Reader json) throws MalformedLineException {
        StringWriter text = new StringWriter();
        try {
            json.transferTo(text);
        } catch (IOException e) {
            throw new MalformedLineException("the line could not be read: " + e.getMessage(), e);
        }
        return decode(text.toString());
    }

    @Override
    public ExportRecord decode(String json) throws MalformedLineException {
        if (!startsWithObject(json)) {
            throw new MalformedLineException("the line is not a JSON object");
        }
        path.clear();
        unknownShapes = new ArrayList<>(0);
        DataRow dataRow;
        String mimeType;
        List<ProjectEntry> projects;
        try {
            Line line = bind(json);
            dataRow = line.dataRow == null ? null : dataRow(line.dataRow);
            mimeType = line.mediaAttributes == null ? null : line.mediaAttributes.mimeType;
            projects = inField("projects", () -> projects(line.projects));
        } catch (WrongType e) {
            throw new MalformedLineException(e.getMessage());
        } catch (StackOverflowError e) {
            // Yasson recurses deeper than Parsson's nesting limit (1000) allows for with a 1 MB stack
            throw new MalformedLineException("the line is nested too deeply to bind", e);
        }
        if (dataRow == null || dataRow.id() == null || dataRow.id().isEmpty()) {
            throw new MalformedLineException(dataRow == null ? "field data_row is missing"
                    : dataRow.id() == null ? "field data_row.id is missing" : "field data_row.id is empty");
        }
        return new ExportRecord(dataRow, mimeType, projects, unknownShapes);
    }

    private static Line bind(String json) throws MalformedLineException {
        try (JsonParser parser = PARSERS.createParser(new StringReader(json))) {
            Line line = JSONB.fromJson(parser, Line.class);
            if (parser.hasNext()) {
                throw new MalformedLineException("unexpected content after the JSON object");
            }
            return line;
        } catch (JsonParsingException e) {
            throw notJson(e);
        } catch (JsonbException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof JsonParsingException parsing) {
                    throw notJson(parsing);
                }
            }
            throw bindingFailure(e);
        }
    }

    /** The first non-blank character opens an object (Yasson fails obscurely on scalars at the top). */
    private static boolean startsWithObject(String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return c == '{';
            }
        }
        return false;
    }

    /** As the streaming decoder words it, without the path (Yasson does not give one). */
    private static MalformedLineException notJson(JsonParsingException e) {
        String detail = String.valueOf(e.getMessage())
                .replaceAll(" at \\(line no=\\d+, column no=\\d+, offset=-?\\d+\\)", "");
        if (detail.contains("token=EOF") || detail.contains("char -1")) {
            return new MalformedLineException("not valid JSON: the line ends before the JSON value is complete", e);
        }
        return new MalformedLineException("not valid JSON at column " + e.getLocation().getColumnNumber() + ": " + detail, e);
    }

    /**
     * Turns Yasson's "Unable to deserialize property 'a' because of: Unable to deserialize property
     * 'b' because of: reason" into "field a > b has the wrong type: reason".
     */
    static MalformedLineException bindingFailure(JsonbException e) {
        String message = String.valueOf(e.getMessage());
        List<String> properties = new ArrayList<>();
        Matcher property = PROPERTY.matcher(message);
        int at = 0;
        while (property.find(at) && property.start() == at) {
            properties.add(property.group(1));
            at = property.end();
        }
        String reason = message.substring(at);
        Matcher position = POSITION.matcher(reason);
        if (position.matches()) {
            String expected = switch (position.group(2)) {
                case "START_OBJECT" -> "an object";
                case "START_ARRAY" -> "an array";
                default -> "a value";
            };
            reason = "expected " + expected + ", found " + describe(position.group(1));
        }
        String field = properties.isEmpty() ? "the line" : "field " + String.join(" > ", properties);
        return new MalformedLineException(reason.startsWith("expected ")
                ? field + " has the wrong type: " + reason
                : field + " cannot be bound: " + reason, e);
    }

    private static String describe(String event) {
        return switch (event) {
            case "START_OBJECT" -> "an object";
            case "START_ARRAY" -> "an array";
            case "VALUE_STRING" -> "a string";
            case "VALUE_NUMBER" -> "a number";
            case "VALUE_TRUE", "VALUE_FALSE" -> "a boolean";
            case "VALUE_NULL" -> "null";
            default -> event;
        };
    }

    // ---- bound classes -> model ----------------------------------------------------------

    private static DataRow dataRow(DataRowJson row) {
        String datasetId = row.details == null ? null : row.details.datasetId;
        String datasetName = row.details == null ? null : row.details.datasetName;
        return new DataRow(row.id, row.globalKey, row.externalId, row.rowData, datasetId, datasetName);
    }

    private List<ProjectEntry> projects(List<Map.Entry<String, Project>> projects) {
        if (projects == null) {
            return List.of();
        }
        List<ProjectEntry> entries = new ArrayList<>(projects.size());
        for (Map.Entry<String, Project> project : projects) {
            String projectId = project.getKey();
            entries.add(inField(projectId, () -> project(projectId, project.getValue())));
        }
        return entries;
    }

    private ProjectEntry project(String projectId, Project project) {
        if (project == null) {
            return new ProjectEntry(projectId, null, null, null, null, null, List.of());
        }
        List<Label> labels = inField("labels", () -> each(project.labels, this::label));
        var details = project.projectDetails;
        return details == null
                ? new ProjectEntry(projectId, project.name, null, null, null, null, labels)
                : new ProjectEntry(projectId, project.name, details.workflowStatus, details.taskName,
                        details.batchId, details.batchName, labels);
    }

    private Label label(LabelJson label) {
        if (label == null) {
            throw wrongType("an object", "null");
        }
        var details = label.labelDetails;
        var performance = label.performanceDetails;
        List<Classification> global = List.of();
        List<TemporalClassification> temporal = List.of();
        if (label.annotations != null) {
            path.push("annotations");
            Annotations annotations = label.annotations;
            List<Map.Entry<String, List<Classification>>> frames = List.of();
            for (JsonbExportModel.Part part : annotations.order) {
                switch (part) {
                    case CLASSIFICATIONS -> global = inField("classifications",
                            () -> each(annotations.classifications, this::classification));
                    case TIMESTAMP -> frames = inField("timestamp", () -> frames(annotations.timestamp));
                    case OBJECTS -> inField("objects", () -> unexpectedUnlessEmpty(annotations.objects));
                    case RELATIONSHIPS -> inField("relationships", () -> unexpectedUnlessEmpty(annotations.relationships));
                }
            }
            Map<String, Map<BigDecimal, String>> segments = inField("segments", () -> segments(annotations.segments));
            temporal = temporal(frames, segments);
            path.pop();
        }
        return new Label(label.id,
                details == null ? null : details.createdAt,
                details == null ? null : details.updatedAt,
                details == null ? null : details.createdBy,
                performance == null ? null : text(performance.secondsToCreate),
                performance == null ? null : text(performance.secondsToReview),
                performance == null || performance.skipped == null ? null : performance.skipped.toString(),
                global, temporal);
    }

    private static List<TemporalClassification> temporal(List<Map.Entry<String, List<Classification>>> frames,
                                                         Map<String, Map<BigDecimal, String>> segments) {
        if (frames.isEmpty()) {
            return List.of();
        }
        List<TemporalClassification> temporal = new ArrayList<>();
        for (Map.Entry<String, List<Classification>> frame : frames) {
            String start = frame.getKey();
            BigDecimal key = TemporalClassification.startKey(start);
            for (Classification c : frame.getValue()) {
                // no feature id, no segment (Map.of() refuses a null key)
                Map<BigDecimal, String> byStart = c.featureId() == null ? null : segments.get(c.featureId());
                temporal.add(new TemporalClassification(start, byStart == null ? null : byStart.get(key), c));
            }
        }
        temporal.sort(BY_START);
        return temporal;
    }

    /**
     * Frames as (start as written, classifications) in document order, a repeated start kept twice
     * as the streaming decoder keeps it; other layouts are reported.
     */
    private List<Map.Entry<String, List<Classification>>> frames(Timestamp timestamp) {
        if (timestamp == null) {
            return List.of();
        }
        List<Map.Entry<String, List<Classification>>> frames = new ArrayList<>();
        for (Object entry : timestamp.entries) {
            if (entry instanceof Frame frame) {
                var read = Map.entry(frame.start(), inField(frame.start(),
                        () -> inField("classifications", () -> each(frame.classifications(), this::classification))));
                if (frame.repeatedKey()) {  // "classifications" twice in one frame: the last wins
                    frames.set(frames.size() - 1, read);
                } else {
                    frames.add(read);
                }
            } else if (((UnknownShape) entry).relativePath() == null) {
                reportUnknown();
            } else {
                path.push(((UnknownShape) entry).relativePath());
                reportUnknown();
                path.pop();
            }
        }
        return frames;
    }

    /** Feature id -> start (normalized) -> end; a segment must be two numbers. */
    private Map<String, Map<BigDecimal, String>> segments(LinkedHashMap<String, List<List<WrittenNumber>>> segments) {
        if (segments == null) {
            return Map.of();
        }
        Map<String, Map<BigDecimal, String>> byFeature = new LinkedHashMap<>();
        segments.forEach((featureId, pairs) -> {
            Map<BigDecimal, String> byStart = new LinkedHashMap<>();
            inField(featureId, () -> each(pairs, pair -> {
                if (pair == null || pair.size() != 2 || pair.contains(null)) {
                    throw new WrongType("field " + path + " must be [start, end], found " + pair);
                }
                byStart.put(TemporalClassification.startKey(pair.get(0).text()), pair.get(1).text());
                return pair;
            }));
            byFeature.put(featureId, byStart);
        });
        return byFeature;
    }

    private Classification classification(ClassificationJson c) {
        if (c == null) {
            throw wrongType("an object", "null");
        }
        Answer radio = c.radioAnswer == null ? null : inField("radio_answer", () -> answer(c.radioAnswer));
        List<Answer> checklist = c.checklistAnswers == null ? null
                : inField("checklist_answers", () -> each(c.checklistAnswers, this::checkedAnswer));
        String text = c.textAnswer == null ? null : c.textAnswer.content;
        // none, or more than one (only the last gives the row): not the documented shape
        if (c.answerBlocks != 1) {
            reportUnknown();
        }
        return new Classification(c.featureId, c.featureSchemaId, c.name, c.value, radio, checklist, text, c.type);
    }

    /** An element of {@code checklist_answers}: unlike a radio answer, never null. */
    private Answer checkedAnswer(AnswerJson a) {
        if (a == null) {
            throw wrongType("an object", "null");
        }
        return answer(a);
    }

    /** A radio answer (null when the export has none) or a checked answer. */
    private Answer answer(AnswerJson a) {
        if (a == null) {
            return null;
        }
        List<Classification> nested = inField("classifications", () -> each(a.classifications, this::classification));
        return new Answer(a.featureId, a.featureSchemaId, a.name, a.value, nested);
    }

    private Void unexpectedUnlessEmpty(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                path.index(i);
                reportUnknown();
                path.pop();
            }
        } else {
            reportUnknown();
        }
        return null;
    }

    // ---- helpers -------------------------------------------------------------------------

    private <T> T inField(String name, Supplier<T> reader) {
        path.push(name);
        T value = reader.get();
        path.pop();
        return value;
    }

    /** Converts each element with the array index on the path; null results are left out. */
    private <J, T> List<T> each(List<J> items, Function<J, T> convert) {
        if (items == null) {
            return List.of();
        }
        List<T> converted = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            path.index(i);
            T item = convert.apply(items.get(i));
            if (item != null) {
                converted.add(item);
            }
            path.pop();
        }
        return converted;
    }

    private static String text(WrittenNumber number) {
        return number == null ? null : number.text();
    }

    private void reportUnknown() {
        unknownShapes.add(path.toString());
    }

    private WrongType wrongType(String expected, String found) {
        return new WrongType("field " + path + " has the wrong type: expected " + expected + ", found " + found);
    }

    private static final class WrongType extends RuntimeException {
        WrongType(String message) {
            super(message, null, false, false);
        }
    }
}
