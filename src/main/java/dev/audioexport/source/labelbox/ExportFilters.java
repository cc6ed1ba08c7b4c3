package dev.audioexport.source.labelbox;

import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceParameters;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The export's filters, from job parameters, as the {@code searchQuery.query} items of the
 * export mutation. Every check runs before any request is sent, and its message names the
 * parameter. Dates without an offset are taken as UTC; a date with an offset is converted to
 * UTC (not re-labelled, as the Python SDK does).
 */
final class ExportFilters {

    /** Labelbox's limit of ids per id filter. */
    static final int MAX_IDS = 2000;
    static final List<String> WORKFLOW_STATUSES = List.of("ToLabel", "InReview", "InRework", "Done");

    private static final DateTimeFormatter DATE = strict("uuuu-MM-dd");
    private static final DateTimeFormatter DATE_TIME = strict("uuuu-MM-dd HH:mm:ss");
    private static final List<DateTimeFormatter> WITH_OFFSET = List.of(strict("uuuu-MM-dd'T'HH:mm:ssXXX"),
            strict("uuuu-MM-dd'T'HH:mm:ssXX"), strict("uuuu-MM-dd'T'HH:mm:ssX"));
    private static final DateTimeFormatter UTC_OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx")
            .withZone(ZoneOffset.UTC);
    static final Map<String, String> ID_FILTERS = Map.of("dataRowIds", "data_row_id",
            "globalKeys", "global_key", "batchIds", "batch");

    private ExportFilters() {
    }

    /** The filter items for these parameters (an empty array when none is set). */
    static JsonArray from(SourceParameters parameters) {
        JsonArrayBuilder query = Json.createArrayBuilder();
        dateRange(parameters, "lastActivityFrom", "lastActivityTo", "data_row_last_activity_at").ifPresent(query::add);
        dateRange(parameters, "labelCreatedFrom", "labelCreatedTo", "labeled_at").ifPresent(query::add);
        if (parameters.text("dataRowIds").isPresent() && parameters.text("globalKeys").isPresent()) {
            throw new SourceException("dataRowIds and globalKeys cannot be combined: Labelbox accepts one of them per export.");
        }
        for (String name : List.of("dataRowIds", "globalKeys", "batchIds")) {
            ids(parameters, name).ifPresent(ids -> query.add(Json.createObjectBuilder()
                    .add("ids", Json.createArrayBuilder(ids)).add("operator", "is").add("type", ID_FILTERS.get(name))));
        }
        parameters.text("workflowStatus").map(ExportFilters::workflowStatus).ifPresent(query::add);
        return query.build();
    }

    private static Optional<JsonObject> dateRange(SourceParameters parameters, String fromName, String toName,
            String type) {
        Optional<FilterDate> from = parameters.text(fromName).map(text -> FilterDate.parse(fromName, text));
        Optional<FilterDate> to = parameters.text(toName).map(text -> FilterDate.parse(toName, text));
        if (from.isEmpty() && to.isEmpty()) {
            return Optional.empty();
        }
        if (from.isPresent() && to.isPresent() && from.get().instant().isAfter(to.get().instant())) {
            throw new SourceException(fromName + " (" + from.get().given() + ") is after " + toName + " ("
                    + to.get().given() + "): nothing could match.");
        }
        var value = Json.createObjectBuilder().add("timezone", "UTC");
        if (from.isPresent() && to.isPresent()) {
            value.add("operator", "BETWEEN").add("value", Json.createObjectBuilder()
                    .add("min", from.get().text()).add("max", to.get().text()));
        } else if (from.isPresent()) {
            value.add("operator", "GREATER_THAN_OR_EQUAL").add("value", from.get().text());
        } else {
            value.add("operator", "LESS_THAN_OR_EQUAL").add("value", to.get().text());
        }
        return Optional.of(Json.createObjectBuilder().add("type", type).add("value", value).build());
    }

    /** A comma-separated list, or {@code @FILE} with one id per line (for long lists and keys with commas). */
    private static Optional<List<String>> ids(SourceParameters parameters, String name) {
        Optional<String> text = parameters.text(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = text.get().startsWith("@") ? idsFromFile(name, Path.of(text.get().substring(1)))
                : Arrays.stream(text.get().split(",")).map(String::strip).filter(id -> !id.isEmpty()).toList();
        if (ids.isEmpty() || ids.size() > MAX_IDS) {
            throw new SourceException(name + " must list 1 to " + MAX_IDS + " ids, not " + ids.size() + ".");
        }
        return Optional.of(ids);
    }

    private static List<String> idsFromFile(String name, Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(id -> !id.isEmpty()).toList();
        } catch (IOException e) {
            throw new SourceException(name + ": cannot read the id file " + file + " (" + e.getMessage() + ").", e);
        }
    }

    private static JsonObject workflowStatus(String status) {
        if (!WORKFLOW_STATUSES.contains(status)) {
            throw new SourceException("workflowStatus must be one of " + String.join(", ", WORKFLOW_STATUSES)
                    + ", not '" + status + "'.");
        }
        return status.equals("ToLabel") ? Json.createObjectBuilder().add("type", "task_queue_not_exist").build()
                : Json.createObjectBuilder().add("type", "task_queue_status").add("status", status).build();
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    }

    /** A filter date as given, as sent ({@code text}) and the instant it stands for, for the order check. */
    record FilterDate(String given, String text, Instant instant) {

        static FilterDate parse(String name, String text) {
            try {
                return new FilterDate(text, text, LocalDate.parse(text, DATE).atStartOfDay().toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notADate) {
                // try the next form
            }
            try {
                return new FilterDate(text, text, LocalDateTime.parse(text, DATE_TIME).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notADateTime) {
                // try the next form
            }
            for (DateTimeFormatter format : WITH_OFFSET) {
                try {
                    Instant instant = OffsetDateTime.parse(text, format).toInstant();
                    return new FilterDate(text, UTC_OUT.format(instant), instant);
                } catch (DateTimeParseException e) {
                    // try the next form
                }
            }
            throw new SourceException(name + " must be a date as YYYY-MM-DD, 'YYYY-MM-DD hh:mm:ss' or ISO-8601 "
                    + "with an offset (2024-05-23T14:30:00+05:30), not '" + text + "'.");
        }
    }
}
