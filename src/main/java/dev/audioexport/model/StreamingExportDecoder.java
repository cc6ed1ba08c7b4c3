package dev.audioexport.model;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an export line with JSON-P streaming (Parsson): one pass over the tokens, nothing kept
 * that the output contracts (the long table and its companion tables) do not use, unknown keys
 * skipped. Each line is decoded once, for every table. Companion values the contract keeps whole
 * (media attributes, a metadata field, a review, an object where a scalar was expected) are
 * kept as compact JSON rebuilt from the tokens, numbers as written. Wrong types are reported with
 * the JSON path of the field, e.g. {@code projects.p1.labels[0].performance_details.skipped}.
 */
public final class StreamingExportDecoder implements ExportDecoder {

    /** This decoder's own: a reject's message must not depend on the lines other decoders parsed. */
    private final JsonParserFactory parsers = ReferenceParsers.create();

    private final JsonTokens tokens = new JsonTokens();
    private final JsonPath path = new JsonPath();
    private List<String> unknownShapes;

    private final Utf8JsonParser bytes = new Utf8JsonParser();
    private final StartKeys startKeys = new StartKeys();

    /*
     * The readers of objects and arrays, made once and called through these fields: C2 cannot tell
     * which reader a field holds, and the call in inField or array sees many, so it calls the
     * reader rather than inlining it. Inlined, each reader pulled in the ones below it (label its
     * details, annotations, frames and classifications; classification its answers and, once
     * more, their nested classifications): a few compilations of 20-35 KB of machine code that
     * took C2 0.5-1.8 s each, queued behind one another while the decoder ran in C1's code, which
     * was most of a restart's cold cost. A call per object costs next to nothing beside its keys.
     * An array's reader is a compilation of its own with its element's reader inlined. Their
     * classes are spun when a decoder is made, the ones a first line used to spin anyway.
     */
    private final Value<LabelAnnotations> annotationsReader = this::annotations;
    private final Value<Answer> answerReader = this::answer;
    private final Value<DataRow> dataRowReader = this::dataRow;
    private final Value<String[]> datasetDetailsReader = this::datasetDetails;
    private final Value<List<Frame>> framesReader = this::frames;
    private final Value<LabelDetails> labelDetailsReader = this::labelDetails;
    private final Value<String[]> mediaAttributesReader = this::mediaAttributes;
    private final Value<String[]> performanceDetailsReader = this::performanceDetails;
    private final Value<ProjectDetails> projectDetailsReader = this::projectDetails;
    private final Value<List<ProjectEntry>> projectsReader = this::projects;
    private final Value<Map<String, Map<BigDecimal, String>>> segmentsReader = this::segments;
    private final Value<String> textContentReader = this::textContent;
    private final Value<Void> unexpectedUnlessEmptyReader = this::unexpectedUnlessEmpty;
    private final Value<List<Attachment>> attachmentsReader = e -> array(e, this::attachment);
    private final Value<List<Answer>> checkedAnswersReader = e -> array(e, this::checkedAnswer);
    private final Value<List<Classification>> classificationsReader = e -> array(e, this::classification);
    private final Value<List<Label>> labelsReader = e -> array(e, this::label);
    private final Value<List<MetadataField>> metadataFieldsReader = e -> array(e, this::metadataField);
    private final Value<List<Review>> reviewsReader = e -> array(e, this::review);
    private final Value<List<List<String>>> segmentListReader = e -> array(e, this::segment);
    private final Value<List<WorkflowStep>> workflowStepsReader = e -> array(e, this::workflowStep);

    @Override
    public ExportRecord decode(Reader json) throws MalformedLineException {
        return decode(parsers.createParser(json));
    }

    /**
     * The fast path: the line's UTF-8 bytes parsed as they are. Null when the line is not
     * plainly valid (invalid UTF-8 or JSON, a value of the wrong type, anything rejected): the
     * caller then decodes its text with {@link #decode(Reader)}, whose message the reject keeps.
     */
    @Override
    public ExportRecord decodeUtf8(byte[] line) {
        try {
            return decode(bytes.open(line));
        } catch (Utf8JsonParser.NotFast | MalformedLineException e) {
            return null;
        }
    }

    @Override
    public boolean lastUtf8LineEscapedASurrogate() {
        return bytes.escapedASurrogate();
    }

    private ExportRecord decode(JsonParser parser) throws MalformedLineException {
        path.clear();
        unknownShapes = new ArrayList<>(0);
        try (JsonParser p = parser) {
            if (!p.hasNext() || p.next() != Event.START_OBJECT) {
                throw new MalformedLineException("the line is not a JSON object");
            }
            tokens.open(p);
            ExportRecord record = exportRecord();
            if (p.hasNext()) {
                throw new MalformedLineException("unexpected content after the JSON object");
            }
            return record;
        } catch (JsonParsingException e) {
            throw new MalformedLineException(syntaxError(e), e);
        } catch (WrongType e) {
            throw new MalformedLineException(e.getMessage());
        } catch (RuntimeException e) {
            if (e.getClass() != RuntimeException.class) {
                throw e;
            }
            // Parsson's only bare RuntimeException: "Input is too deeply nested 1,000".
            throw new MalformedLineException("not valid JSON: " + e.getMessage()
                    + (path.isEmpty() ? "" : " (in " + path + ")"), e);
        }
    }

    /** Parsson's message without its own location suffix (wrong at the end of input), and our path. */
    private String syntaxError(JsonParsingException e) {
        String where = path.isEmpty() ? "" : " (in " + path + ")";
        String detail = e.getMessage().replaceAll(" at \\(line no=\\d+, column no=\\d+, offset=-?\\d+\\)", "");
        if (detail.contains("token=EOF") || detail.contains("char -1")) {
            return "not valid JSON: the line ends before the JSON value is complete" + where;
        }
        return "not valid JSON at column " + e.getLocation().getColumnNumber() + where + ": " + detail;
    }

    private ExportRecord exportRecord() throws MalformedLineException {
        DataRow dataRow = null;
        String[] media = {null, null};
        List<MetadataField> metadata = List.of();
        List<Attachment> attachments = List.of();
        List<ProjectEntry> projects = List.of();
        while (nextKey()) {
            switch (tokens.text()) {
                case "data_row" -> dataRow = inField("data_row", dataRowReader);
                case "media_attributes" -> media = inField("media_attributes", mediaAttributesReader);
                case "metadata_fields" -> metadata = inField("metadata_fields", metadataFieldsReader);
                case "attachments" -> attachments = inField("attachments", attachmentsReader);
                case "projects" -> projects = inField("projects", projectsReader);
                default -> skipValue();
            }
        }
        if (dataRow == null || dataRow.id() == null || dataRow.id().isEmpty()) {
            throw new MalformedLineException(dataRow == null ? "field data_row is missing"
                    : dataRow.id() == null ? "field data_row.id is missing" : "field data_row.id is empty");
        }
        return new ExportRecord(dataRow, media[0], media[1], metadata, attachments, projects, unknownShapes);
    }

    private DataRow dataRow(Event first) {
        if (!beginObject(first)) {
            return null;
        }
        String id = null, globalKey = null, externalId = null, rowData = null;
        String[] details = new String[6];
        while (nextKey()) {
            switch (tokens.text()) {
                case "id" -> id = stringField("id");
                case "global_key" -> globalKey = stringField("global_key");
                case "external_id" -> externalId = stringField("external_id");
                case "row_data" -> rowData = stringField("row_data");
                case "details" -> details = inField("details", datasetDetailsReader);
                default -> skipValue();
            }
        }
        return new DataRow(id, globalKey, externalId, rowData, details[0], details[1], details[2], details[3],
                details[4], details[5]);
    }

    /** dataset_id, dataset_name, created_at, updated_at, last_activity_at, created_by. */
    private String[] datasetDetails(Event first) {
        String[] details = new String[6];
        if (!beginObject(first)) {
            return details;
        }
        while (nextKey()) {
            switch (tokens.text()) {
                case "dataset_id" -> details[0] = stringField("dataset_id");
                case "dataset_name" -> details[1] = stringField("dataset_name");
                case "created_at" -> details[2] = anyField("created_at");
                case "updated_at" -> details[3] = anyField("updated_at");
                case "last_activity_at" -> details[4] = anyField("last_activity_at");
                case "created_by" -> details[5] = anyField("created_by");
                default -> skipValue();
            }
        }
        return details;
    }

    /** mime_type (a string, as the long table has it) and the whole object as compact JSON. */
    private String[] mediaAttributes(Event first) {
        if (!beginObject(first)) {
            return new String[2];
        }
        Map<String, Member> media = members();
        return new String[] {string(media, "mime_type"), json(media)};
    }

    private MetadataField metadataField(Event first) {
        Map<String, Member> field = element(first);
        return new MetadataField(scalar(field, "schema_id"), scalar(field, "schema_name"), scalar(field, "value"),
                json(field));
    }

    private Attachment attachment(Event first) {
        Map<String, Member> attachment = element(first);
        return new Attachment(scalar(attachment, "id"), scalar(attachment, "type"), scalar(attachment, "value"),
                scalar(attachment, "name"));
    }

    private Review review(Event first) {
        Map<String, Member> review = element(first);
        return new Review(scalar(review, "created_at"), scalar(review, "created_by"), scalar(review, "action"),
                json(review));
    }

    private WorkflowStep workflowStep(Event first) {
        Map<String, Member> step = element(first);
        return new WorkflowStep(scalar(step, "action"), scalar(step, "created_at"), scalar(step, "created_by"),
                scalar(step, "previous_task_name"), scalar(step, "previous_task_id"), scalar(step, "next_task_name"),
                scalar(step, "next_task_id"));
    }

    private List<ProjectEntry> projects(Event first) {
        if (!beginObject(first)) {
            return List.of();
        }
        List<ProjectEntry> projects = new ArrayList<>(1);
        while (nextKey()) {
            String projectId = tokens.text();
            projects.add(inField(projectId, event -> project(projectId, event)));
        }
        return projects;
    }

    private ProjectEntry project(String projectId, Event first) {
        String name = null;
        ProjectDetails details = ProjectDetails.NONE;
        List<Label> labels = List.of();
        if (beginObject(first)) {
            while (nextKey()) {
                switch (tokens.text()) {
                    case "name" -> name = stringField("name");
                    case "labels" -> labels = inField("labels", labelsReader);
                    case "project_details" -> details = inField("project_details", projectDetailsReader);
                    default -> skipValue();
                }
            }
        }
        String[] d = details.values();
        return new ProjectEntry(projectId, name, d[0], d[1], d[2], d[3], d[4], d[5], d[6], details.history(), labels);
    }

    /** workflow_status, task_name, batch_id, batch_name, ontology_id, priority, consensus_expected_label_count. */
    private record ProjectDetails(String[] values, List<WorkflowStep> history) {
        static final ProjectDetails NONE = new ProjectDetails(new String[7], List.of());
    }

    private ProjectDetails projectDetails(Event first) {
        String[] details = new String[7];
        List<WorkflowStep> history = List.of();
        if (!beginObject(first)) {
            return ProjectDetails.NONE;
        }
        while (nextKey()) {
            switch (tokens.text()) {
                case "workflow_status" -> details[0] = stringField("workflow_status");
                case "task_name" -> details[1] = stringField("task_name");
                case "batch_id" -> details[2] = stringField("batch_id");
                case "batch_name" -> details[3] = stringField("batch_name");
                case "ontology_id" -> details[4] = anyField("ontology_id");
                case "priority" -> details[5] = anyField("priority");
                case "consensus_expected_label_count" ->
                        details[6] = anyField("consensus_expected_label_count");
                case "workflow_history" -> history = inField("workflow_history", workflowStepsReader);
                default -> skipValue();
            }
        }
        return new ProjectDetails(details, history);
    }

    private Label label(Event first) {
        if (!beginObject(first)) {
            throw wrongType("an object", "null");
        }
        String id = null, kind = null, version = null;
        LabelDetails details = LabelDetails.NONE;
        String[] performance = new String[5];
        LabelAnnotations annotations = LabelAnnotations.NONE;
        while (nextKey()) {
            switch (tokens.text()) {
                case "id" -> id = stringField("id");
                case "label_kind" -> kind = anyField("label_kind");
                case "version" -> version = anyField("version");
                case "label_details" -> details = inField("label_details", labelDetailsReader);
                case "performance_details" -> performance = inField("performance_details", performanceDetailsReader);
                case "annotations" -> annotations = inField("annotations", annotationsReader);
                default -> skipValue();
            }
        }
        String[] d = details.values();
        return new Label(id, d[0], d[1], d[2], performance[0], performance[1], performance[2],
                annotations.global, annotations.temporal,
                new LabelExtras(kind, version, d[3], performance[3], performance[4], details.reviews()));
    }

    /** created_at, updated_at, created_by, content_last_updated_at; and the reviews. */
    private record LabelDetails(String[] values, List<Review> reviews) {
        static final LabelDetails NONE = new LabelDetails(new String[4], List.of());
    }

    private LabelDetails labelDetails(Event first) {
        String[] details = new String[4];
        List<Review> reviews = List.of();
        if (!beginObject(first)) {
            return LabelDetails.NONE;
        }
        while (nextKey()) {
            switch (tokens.text()) {
                case "created_at" -> details[0] = stringField("created_at");
                case "updated_at" -> details[1] = stringField("updated_at");
                case "created_by" -> details[2] = stringField("created_by");
                case "content_last_updated_at" -> details[3] = anyField("content_last_updated_at");
                case "reviews" -> reviews = inField("reviews", reviewsReader);
                default -> skipValue();
            }
        }
        return new LabelDetails(details, reviews);
    }

    /** seconds_to_create, seconds_to_review, skipped, consensus_score, benchmark_score. */
    private String[] performanceDetails(Event first) {
        String[] performance = new String[5];
        if (!beginObject(first)) {
            return performance;
        }
        while (nextKey()) {
            switch (tokens.text()) {
                case "seconds_to_create" -> performance[0] = numberField("seconds_to_create");
                case "seconds_to_review" -> performance[1] = numberField("seconds_to_review");
                case "skipped" -> performance[2] = boolField("skipped");
                case "consensus_score" -> performance[3] = anyField("consensus_score");
                case "benchmark_score" -> performance[4] = anyField("benchmark_score");
                default -> skipValue();
            }
        }
        return performance;
    }

    private record LabelAnnotations(List<Classification> global, List<TemporalClassification> temporal) {
        static final LabelAnnotations NONE = new LabelAnnotations(List.of(), List.of());
    }

    private LabelAnnotations annotations(Event first) {
        if (!beginObject(first)) {
            return LabelAnnotations.NONE;
        }
        List<Classification> global = List.of();
        List<Frame> frames = List.of();
        Map<String, Map<BigDecimal, String>> segments = Map.of();
        while (nextKey()) {
            switch (tokens.text()) {
                case "classifications" -> global = inField("classifications", classificationsReader);
                case "timestamp" -> frames = inField("timestamp", framesReader);
                case "segments" -> segments = inField("segments", segmentsReader);
                case "objects" -> inField("objects", unexpectedUnlessEmptyReader);
                case "relationships" -> inField("relationships", unexpectedUnlessEmptyReader);
                default -> skipValue();
            }
        }
        return new LabelAnnotations(global, temporal(frames, segments));
    }

    /** A {@code timestamp} frame: its start as written, as a number, and its classifications. */
    private record Frame(String start, BigDecimal at, List<Classification> classifications) {
    }

    /** Frames by ascending start (document order among equal starts), each ending at its segment. */
    private static List<TemporalClassification> temporal(List<Frame> frames, Map<String, Map<BigDecimal, String>> segments) {
        if (frames.isEmpty()) {
            return List.of();
        }
        List<Frame> byStart = new ArrayList<>(frames);
        byStart.sort(Comparator.comparing(Frame::at));
        List<TemporalClassification> temporal = new ArrayList<>();
        for (Frame frame : byStart) {
            for (Classification c : frame.classifications()) {
                Map<BigDecimal, String> ends = c.featureId() == null ? null : segments.get(c.featureId());
                temporal.add(new TemporalClassification(frame.start(), ends == null ? null : ends.get(frame.at()), c));
            }
        }
        return temporal;
    }

    /** {@code timestamp}: frame key (start in ms) -> {classifications[]}; any other layout is reported. */
    private List<Frame> frames(Event first) {
        if (first == Event.VALUE_NULL) {
            return List.of();
        }
        if (first != Event.START_OBJECT) {  // not frames at all: reported, and the label's other rows kept
            reportUnknown();
            tokens.skipCurrent();
            return List.of();
        }
        List<Frame> frames = new ArrayList<>();
        while (nextKey()) {
            String start = tokens.text();
            path.push(start);
            BigDecimal at = startKeys.of(start);
            if (at == null) {
                reportUnknown();
                skipValue();
            } else {
                frames.add(new Frame(start, at, frame(tokens.next())));
            }
            path.pop();
        }
        return frames;
    }

    private List<Classification> frame(Event first) {
        if (first != Event.START_OBJECT) {
            reportUnknown();
            tokens.skipCurrent();
            return List.of();
        }
        List<Classification> classifications = List.of();
        while (nextKey()) {
            if (tokens.text().equals("classifications")) {
                classifications = inField("classifications", classificationsReader);
            } else {
                path.push(tokens.text());
                reportUnknown();
                skipValue();
                path.pop();
            }
        }
        return classifications;
    }

    /** {@code segments}: feature id -> start (as a number) -> end as written. */
    private Map<String, Map<BigDecimal, String>> segments(Event first) {
        if (!beginObject(first)) {
            return Map.of();
        }
        Map<String, Map<BigDecimal, String>> segments = new HashMap<>();
        while (nextKey()) {
            String featureId = tokens.text();
            Map<BigDecimal, String> byStart = new HashMap<>();
            for (List<String> segment : inField(featureId, segmentListReader)) {
                byStart.put(startKeys.of(segment.get(0)), segment.get(1));
            }
            segments.put(featureId, byStart);
        }
        return segments;
    }

    /** {@code [start, end]}, two numbers. */
    private List<String> segment(Event first) {
        if (first != Event.START_ARRAY) {
            throw wrongType("an array [start, end]", first);
        }
        List<String> values = new ArrayList<>(2);
        for (Event event = tokens.next(); event != Event.END_ARRAY; event = tokens.next()) {
            path.index(values.size());
            values.add(number(event));
            path.pop();
        }
        if (values.size() != 2 || values.contains(null)) {
            throw new WrongType("field " + path + " must be [start, end], found " + values);
        }
        return values;
    }

    private Classification classification(Event first) {
        if (!beginObject(first)) {
            throw wrongType("an object", "null");
        }
        String featureId = null, schemaId = null, name = null, value = null, text = null;
        Answer radio = null;
        List<Answer> checklist = null;
        AnswerType type = AnswerType.UNKNOWN;
        int answerBlocks = 0;
        while (nextKey()) {
            switch (tokens.text()) {
                case "feature_id" -> featureId = stringField("feature_id");
                case "feature_schema_id" -> schemaId = stringField("feature_schema_id");
                case "name" -> name = stringField("name");
                case "value" -> value = stringField("value");
                case "radio_answer" -> {
                    radio = inField("radio_answer", answerReader);
                    type = AnswerType.RADIO;
                    answerBlocks++;
                }
                case "checklist_answers" -> {
                    checklist = inField("checklist_answers", checkedAnswersReader);
                    type = AnswerType.CHECKLIST;
                    answerBlocks++;
                }
                case "text_answer" -> {
                    text = inField("text_answer", textContentReader);
                    type = AnswerType.TEXT;
                    answerBlocks++;
                }
                default -> skipValue();
            }
        }
        // none, or more than one (only the last gives the row): not the documented shape
        if (answerBlocks != 1) {
            reportUnknown();
        }
        return new Classification(featureId, schemaId, name, value, radio, checklist, text, type);
    }

    /** An element of {@code checklist_answers}: unlike a radio answer, never null. */
    private Answer checkedAnswer(Event first) {
        if (first == Event.VALUE_NULL) {
            throw wrongType("an object", first);
        }
        return answer(first);
    }

    /** A radio answer (null when the export has none) or a checked answer. */
    private Answer answer(Event first) {
        if (!beginObject(first)) {
            return null;
        }
        String featureId = null, schemaId = null, name = null, value = null;
        List<Classification> nested = List.of();
        while (nextKey()) {
            switch (tokens.text()) {
                case "feature_id" -> featureId = stringField("feature_id");
                case "feature_schema_id" -> schemaId = stringField("feature_schema_id");
                case "name" -> name = stringField("name");
                case "value" -> value = stringField("value");
                case "classifications" -> nested = inField("classifications", classificationsReader);
                default -> skipValue();
            }
        }
        return new Answer(featureId, schemaId, name, value, nested);
    }

    private String textContent(Event first) {
        String content = null;
        if (!beginObject(first)) {
            return null;
        }
        while (nextKey()) {
            if (tokens.text().equals("content")) {
                content = stringField("content");
            } else {
                skipValue();
            }
        }
        return content;
    }

    private Void unexpectedUnlessEmpty(Event first) {
        if (first == Event.START_ARRAY) {
            int index = 0;
            while (tokens.next() != Event.END_ARRAY) {
                path.index(index++);
                reportUnknown();
                tokens.skipCurrent();
                path.pop();
            }
        } else if (first != Event.VALUE_NULL) {
            reportUnknown();
            tokens.skipCurrent();
        }
        return null;
    }

    // ---- token-level helpers -------------------------------------------------------------

    /** Reads the value of the field {@code name} with the path extended by it, for error messages. */
    private <T> T inField(String name, Value<T> reader) {
        path.push(name);
        T value = reader.read(tokens.next());
        path.pop();
        return value;
    }

    /*
     * A string, number or boolean field (null when null), read without a lambda: the JVM spins
     * up a class for each lambda of {@link #inField} when it first runs. One method per kind, not
     * one with a switch on the kind: each is inlined at dozens of call sites, and C2 compiled all
     * four kinds (the compact JSON of ANY among them) at every one of them, since a switch's profile
     * is the method's, not the call site's (a cold restart's C2 spends seconds on these readers).
     */

    private String stringField(String name) {
        path.push(name);
        String value = string(tokens.next());
        path.pop();
        return value;
    }

    private String numberField(String name) {
        path.push(name);
        String value = number(tokens.next());
        path.pop();
        return value;
    }

    private String boolField(String name) {
        path.push(name);
        String value = bool(tokens.next());
        path.pop();
        return value;
    }

    /** A companion column's value, whatever it is (an object or array as compact JSON). */
    private String anyField(String name) {
        path.push(name);
        String value = any(tokens.next());
        path.pop();
        return value;
    }

    /** An array of values read by {@code element} (which decides what a null element means). */
    private <T> List<T> array(Event first, Value<T> element) {
        if (first == Event.VALUE_NULL) {
            return List.of();
        }
        if (first != Event.START_ARRAY) {
            throw wrongType("an array", first);
        }
        List<T> items = new ArrayList<>();
        int index = 0;
        for (Event event = tokens.next(); event != Event.END_ARRAY; event = tokens.next()) {
            path.index(index++);
            items.add(element.read(event));
            path.pop();
        }
        return items;
    }

    /** True when the value is an object (now entered), false for null. */
    private boolean beginObject(Event first) {
        if (first == Event.START_OBJECT) {
            return true;
        }
        if (first == Event.VALUE_NULL) {
            return false;
        }
        throw wrongType("an object", first);
    }

    private boolean nextKey() {
        return tokens.next() == Event.KEY_NAME;
    }

    private String string(Event event) {
        return switch (event) {
            case VALUE_STRING -> tokens.text();
            case VALUE_NULL -> null;
            default -> throw wrongType("a string", event);
        };
    }

    /** A number, kept as written in the export. */
    private String number(Event event) {
        return switch (event) {
            case VALUE_NUMBER -> tokens.text();
            case VALUE_NULL -> null;
            default -> throw wrongType("a number", event);
        };
    }

    private String bool(Event event) {
        return switch (event) {
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> null;
            default -> throw wrongType("true or false", event);
        };
    }

    private WrongType wrongType(String expected, Object found) {
        return new WrongType("field " + path + " has the wrong type: expected " + expected + ", found "
                + describe(found));
    }

    private static String describe(Object found) {
        if (found instanceof Event event) {
            return switch (event) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> event.toString();
            };
        }
        return String.valueOf(found);
    }

    /** A value of any type as a column holds it: text, a number as written, an object or array as compact JSON. */
    private String any(Event event) {
        return switch (event) {
            case VALUE_STRING, VALUE_NUMBER -> tokens.text();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> null;
            default -> CompactJson.value(tokens, event);
        };
    }

    /** A member of a companion element: its first event and its value as {@link #any} gives it. */
    private record Member(Event event, String value) {
        String json() {
            return switch (event) {
                case START_OBJECT, START_ARRAY -> value;
                default -> CompactJson.scalar(event, value);
            };
        }
    }

    /** An element of a companion array: an object (null is not one), its members in order. */
    private Map<String, Member> element(Event first) {
        if (first != Event.START_OBJECT) {
            throw wrongType("an object", first);
        }
        return members();
    }

    /** The members of an object whose START_OBJECT has been read. */
    private Map<String, Member> members() {
        Map<String, Member> members = new LinkedHashMap<>();
        while (nextKey()) {
            String key = tokens.text();
            Event event = tokens.next();
            members.put(key, new Member(event, any(event)));
        }
        return members;
    }

    private static String scalar(Map<String, Member> members, String key) {
        Member member = members.get(key);
        return member == null ? null : member.value();
    }

    /** A member that must be a string (or null), as the long table's columns are. */
    private String string(Map<String, Member> members, String key) {
        Member member = members.get(key);
        if (member == null || member.event() == Event.VALUE_NULL || member.event() == Event.VALUE_STRING) {
            return member == null ? null : member.value();
        }
        path.push(key);
        WrongType wrong = wrongType("a string", member.event());
        path.pop();
        throw wrong;
    }

    private static String json(Map<String, Member> members) {
        Map<String, String> json = new LinkedHashMap<>();
        members.forEach((key, member) -> json.put(key, member.json()));
        return CompactJson.object(json);
    }

    private void skipValue() {
        tokens.next();
        tokens.skipCurrent();
    }

    private void reportUnknown() {
        unknownShapes.add(path.toString());
    }

    /** Reads one value whose first event has just been read (so arrays need no look-ahead). */
    @FunctionalInterface
    private interface Value<T> {
        T read(Event first);
    }

    private static final class WrongType extends RuntimeException {
        WrongType(String message) {
            super(message, null, false, false);
        }
    }

}
