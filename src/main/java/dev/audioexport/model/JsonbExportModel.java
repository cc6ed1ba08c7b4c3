package dev.audioexport.model;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes {@link JsonbExportDecoder} binds an export line to with JSON-B, and the few
 * deserializers that make the binding as strict as the streaming decoder. Only the fields the
 * output contract uses are declared; Yasson ignores the rest.
 *
 * <p>The classes are public only because Yasson reaches fields and setters through a public
 * lookup; they are nested in this package-private class so they stay out of the API.
 */
final class JsonbExportModel {

    private JsonbExportModel() {
    }

    public static final class Line {
        @JsonbProperty("data_row") public DataRowJson dataRow;
        @JsonbProperty("media_attributes") public MediaAttributes mediaAttributes;
        @JsonbTypeDeserializer(ProjectsDeserializer.class) public List<Map.Entry<String, Project>> projects;
    }

    public static final class DataRowJson {
        public String id;
        @JsonbProperty("global_key") public String globalKey;
        @JsonbProperty("external_id") public String externalId;
        @JsonbProperty("row_data") public String rowData;
        public DatasetDetails details;
    }

    public static final class DatasetDetails {
        @JsonbProperty("dataset_id") public String datasetId;
        @JsonbProperty("dataset_name") public String datasetName;
    }

    public static final class MediaAttributes {
        @JsonbProperty("mime_type") public String mimeType;
    }

    public static final class Project {
        public String name;
        public List<LabelJson> labels;
        @JsonbProperty("project_details") public ProjectDetails projectDetails;
    }

    public static final class ProjectDetails {
        @JsonbProperty("workflow_status") public String workflowStatus;
        @JsonbProperty("task_name") public String taskName;
        @JsonbProperty("batch_id") public String batchId;
        @JsonbProperty("batch_name") public String batchName;
    }

    public static final class LabelJson {
        public String id;
        @JsonbProperty("label_details") public LabelDetails labelDetails;
        @JsonbProperty("performance_details") public PerformanceDetails performanceDetails;
        public Annotations annotations;
    }

    public static final class LabelDetails {
        @JsonbProperty("created_at") public String createdAt;
        @JsonbProperty("updated_at") public String updatedAt;
        @JsonbProperty("created_by") public String createdBy;
    }

    public static final class PerformanceDetails {
        @JsonbProperty("seconds_to_create") public WrittenNumber secondsToCreate;
        @JsonbProperty("seconds_to_review") public WrittenNumber secondsToReview;
        public Boolean skipped;
    }

    /** The parts of {@code annotations} that can report unknown shapes, in the order they appear. */
    enum Part { CLASSIFICATIONS, TIMESTAMP, OBJECTS, RELATIONSHIPS }

    /** Setters record the order of the parts, so unknown shapes are listed in document order. */
    public static final class Annotations {
        final List<Part> order = new ArrayList<>(4);
        List<ClassificationJson> classifications;
        Timestamp timestamp;
        JsonValue objects;
        JsonValue relationships;
        @JsonbTypeDeserializer(ObjectMapDeserializer.class) public LinkedHashMap<String, List<List<WrittenNumber>>> segments;

        public void setClassifications(List<ClassificationJson> classifications) {
            this.classifications = classifications;
            seen(Part.CLASSIFICATIONS);
        }

        @JsonbTypeDeserializer(TimestampDeserializer.class)
        public void setTimestamp(Timestamp timestamp) {
            this.timestamp = timestamp;
            seen(Part.TIMESTAMP);
        }

        public void setObjects(JsonValue objects) {
            this.objects = objects;
            seen(Part.OBJECTS);
        }

        public void setRelationships(JsonValue relationships) {
            this.relationships = relationships;
            seen(Part.RELATIONSHIPS);
        }

        private void seen(Part part) {
            if (!order.contains(part)) {
                order.add(part);
            }
        }
    }

    /**
     * Setters record which answer block was present (even when null): {@code checklistAnswers} is
     * non-null exactly when the key was there. The last block sets the type; {@code answerBlocks}
     * counts them, as more than one is not the documented shape.
     */
    public static final class ClassificationJson {
        @JsonbProperty("feature_id") public String featureId;
        @JsonbProperty("feature_schema_id") public String featureSchemaId;
        public String name;
        public String value;
        AnswerJson radioAnswer;
        List<AnswerJson> checklistAnswers;
        TextAnswer textAnswer;
        AnswerType type = AnswerType.UNKNOWN;
        int answerBlocks;

        @JsonbProperty("radio_answer")
        public void setRadioAnswer(AnswerJson radioAnswer) {
            this.radioAnswer = radioAnswer;
            type = AnswerType.RADIO;
            answerBlocks++;
        }

        @JsonbProperty("checklist_answers")
        public void setChecklistAnswers(List<AnswerJson> checklistAnswers) {
            this.checklistAnswers = checklistAnswers == null ? List.of() : checklistAnswers;
            type = AnswerType.CHECKLIST;
            answerBlocks++;
        }

        @JsonbProperty("text_answer")
        public void setTextAnswer(TextAnswer textAnswer) {
            this.textAnswer = textAnswer;
            type = AnswerType.TEXT;
            answerBlocks++;
        }
    }

    public static final class AnswerJson {
        @JsonbProperty("feature_id") public String featureId;
        @JsonbProperty("feature_schema_id") public String featureSchemaId;
        public String name;
        public String value;
        public List<ClassificationJson> classifications;
    }

    public static final class TextAnswer {
        public String content;
    }

    /**
     * {@code timestamp} in document order: frames ({@code "<start_ms>": {"classifications": [...]}},
     * one entry per {@code classifications} key) and, for anything else found there, its path
     * relative to {@code timestamp}.
     */
    static final class Timestamp {
        final List<Object> entries = new ArrayList<>(2);
    }

    /** {@code repeatedKey}: a later {@code classifications} key of the same frame object, which replaces the earlier. */
    record Frame(String start, List<ClassificationJson> classifications, boolean repeatedKey) {
    }

    /** {@code relativePath} null: {@code timestamp} itself is not an object. */
    record UnknownShape(String relativePath) {
    }

    // ---- strict deserializers ------------------------------------------------------------
    // Yasson on its own reads 5 or [5] into a String, "12" into a BigDecimal, "yes" into false
    // and [] into an empty map. These refuse what the streaming decoder refuses. A deserializer
    // sees the value's first event only through getValue() (its parser has no currentEvent()).

    static final class StrictString implements JsonbDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            return switch (value.getValueType()) {
                case STRING -> ((JsonString) value).getString();
                case NULL -> null;
                default -> throw wrongType("a string", value);
            };
        }
    }

    /**
     * A number as written in the export (the output contract keeps numbers as written): bound to
     * a BigDecimal it would come out as {@code 1E+3} for {@code 1e3}, {@code 0} for {@code -0}.
     */
    public record WrittenNumber(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    static final class StrictNumber implements JsonbDeserializer<WrittenNumber> {
        @Override
        public WrittenNumber deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            return switch (value.getValueType()) {
                case NUMBER -> new WrittenNumber(parser.getString());
                case NULL -> null;
                default -> throw wrongType("a number", value);
            };
        }
    }

    static final class StrictBoolean implements JsonbDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            return switch (value.getValueType()) {
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case NULL -> null;
                default -> throw wrongType("true or false", value);
            };
        }
    }

    /** A JSON object into a {@code LinkedHashMap<String, V>} (key order kept); anything else is refused. */
    public static final class ObjectMapDeserializer implements JsonbDeserializer<LinkedHashMap<String, Object>> {
        @Override
        public LinkedHashMap<String, Object> deserialize(JsonParser parser, DeserializationContext context, Type type) {
            Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
            Event event = beginObject(parser);
            if (event == null) {
                return null;
            }
            LinkedHashMap<String, Object> map = new LinkedHashMap<>();
            while (event == Event.KEY_NAME) {
                String key = parser.getString();
                parser.next();
                map.put(key, context.deserialize(valueType, parser));
                event = parser.next();
            }
            return map;
        }
    }

    /**
     * {@code projects} as (project id, entry) pairs in document order: a map would keep only the
     * last of a repeated project id, and the streaming decoder keeps both (nothing disappears).
     */
    public static final class ProjectsDeserializer implements JsonbDeserializer<List<Map.Entry<String, Project>>> {
        @Override
        public List<Map.Entry<String, Project>> deserialize(JsonParser parser, DeserializationContext context, Type type) {
            Event event = beginObject(parser);
            if (event == null) {
                return null;
            }
            List<Map.Entry<String, Project>> projects = new ArrayList<>(1);
            while (event == Event.KEY_NAME) {
                String projectId = parser.getString();
                parser.next();
                projects.add(new AbstractMap.SimpleImmutableEntry<>(projectId, context.deserialize(Project.class, parser)));
                event = parser.next();
            }
            return projects;
        }
    }

    /** {@code timestamp}: numeric keys holding objects are frames; any other layout is kept as unknown. */
    public static final class TimestampDeserializer implements JsonbDeserializer<Timestamp> {
        private static final Type CLASSIFICATIONS = genericTypeOf(AnswerJson.class, "classifications");

        @Override
        public Timestamp deserialize(JsonParser parser, DeserializationContext context, Type type) {
            Timestamp timestamp = new Timestamp();
            if (!parser.hasNext()) {  // a scalar (see beginObject)
                if (parser.getValue().getValueType() == JsonValue.ValueType.NULL) {
                    return null;
                }
                timestamp.entries.add(new UnknownShape(null));
                return timestamp;
            }
            Event event = parser.next();
            if (event != Event.KEY_NAME && event != Event.END_OBJECT) {  // an array, now at its first event
                skipRestOfArray(parser, event);
                timestamp.entries.add(new UnknownShape(null));
                return timestamp;
            }
            while (event == Event.KEY_NAME) {
                String start = parser.getString();
                Event value = parser.next();
                if (!isNumber(start) || value != Event.START_OBJECT) {
                    timestamp.entries.add(new UnknownShape(start));
                    skip(parser, value);
                } else {
                    frame(parser, context, start, timestamp.entries);
                }
                event = parser.next();
            }
            return timestamp;
        }

        /**
         * A frame object. Its classifications and unknown keys are kept in document order, as the
         * streaming decoder reports them; a frame without classifications still counts (empty).
         */
        private static void frame(JsonParser parser, DeserializationContext context, String start, List<Object> entries) {
            boolean found = false;
            while (parser.next() == Event.KEY_NAME) {
                String key = parser.getString();
                Event value = parser.next();
                if (key.equals("classifications")) {
                    List<ClassificationJson> read = context.deserialize(CLASSIFICATIONS, parser);
                    entries.add(new Frame(start, read == null ? List.of() : read, found));
                    found = true;
                } else {
                    entries.add(new UnknownShape(start + "." + key));
                    skip(parser, value);
                }
            }
            if (!found) {
                entries.add(new Frame(start, List.of(), false));
            }
        }

        private static void skipRestOfArray(JsonParser parser, Event event) {
            for (int depth = 1; ; event = parser.next()) {
                if (event == Event.START_ARRAY || event == Event.START_OBJECT) {
                    depth++;
                } else if ((event == Event.END_ARRAY || event == Event.END_OBJECT) && --depth == 0) {
                    return;
                }
            }
        }

        private static void skip(JsonParser parser, Event event) {
            switch (event) {
                case START_OBJECT -> parser.skipObject();
                case START_ARRAY -> parser.skipArray();
                default -> {
                }
            }
        }
    }

    /**
     * Starts reading an object value: returns the event after START_OBJECT (a key or the end),
     * or null for JSON null; any other value is refused.
     */
    private static Event beginObject(JsonParser parser) {
        if (!parser.hasNext()) {
            // Yasson's parser has no further events for a scalar: look at it as a value
            JsonValue value = parser.getValue();
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            throw wrongType("an object", value);
        }
        Event event = parser.next();
        if (event != Event.KEY_NAME && event != Event.END_OBJECT) {
            throw new JsonbException("expected an object, found an array");
        }
        return event;
    }

    private static JsonbException wrongType(String expected, JsonValue found) {
        String what = switch (found.getValueType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
        };
        return new JsonbException("expected " + expected + ", found " + what);
    }

    static boolean isNumber(String text) {
        return TemporalClassification.startKey(text) != null;
    }

    /** {@code List<ClassificationJson>} and the like, taken from a declared field. */
    private static Type genericTypeOf(Class<?> owner, String field) {
        try {
            return owner.getField(field).getGenericType();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
