package dev.audioexport.source.labelbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Filters as the export mutation's query items, and the checks that run before any request. */
class ExportFiltersTest {

    @TempDir
    Path dir;

    @Test
    void noFiltersGiveAnEmptyQuery() {
        assertEquals("[]", ExportFilters.from(SourceParameters.NONE).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2024-05-23|2024-05-23",
            "2024-05-23 14:30:00|2024-05-23 14:30:00",
            "2024-05-23T14:30:00+05:30|2024-05-23T09:00:00+0000",
            "2024-05-23T02:30:00+0530|2024-05-22T21:00:00+0000",
            "2024-05-23T14:30:00Z|2024-05-23T14:30:00+0000",
            "2023-12-31T23:30:00-02:00|2024-01-01T01:30:00+0000"})
    void datesWithAnOffsetAreConvertedToUtcAndOthersSentAsWritten(String given, String sent) {
        String query = ExportFilters.from(parameters("lastActivityFrom", given)).toString();

        assertEquals("[{\"type\":\"data_row_last_activity_at\",\"value\":{\"timezone\":\"UTC\","
                + "\"operator\":\"GREATER_THAN_OR_EQUAL\",\"value\":\"" + sent + "\"}}]", query);
    }

    @Test
    void anUpperBoundAloneIsLessThanOrEqual() {
        assertEquals("[{\"type\":\"labeled_at\",\"value\":{\"timezone\":\"UTC\",\"operator\":\"LESS_THAN_OR_EQUAL\","
                + "\"value\":\"2024-02-01\"}}]", ExportFilters.from(parameters("labelCreatedTo", "2024-02-01")).toString());
    }

    @Test
    void workflowStatusToLabelIsTheAbsenceOfATaskQueue() {
        assertEquals("[{\"type\":\"task_queue_not_exist\"}]",
                ExportFilters.from(parameters("workflowStatus", "ToLabel")).toString());
        assertEquals("[{\"type\":\"task_queue_status\",\"status\":\"Done\"}]",
                ExportFilters.from(parameters("workflowStatus", "Done")).toString());
    }

    @Test
    void idsComeAsAListOrFromAFileWithOneIdPerLine() throws IOException {
        Path keys = Files.writeString(dir.resolve("keys.txt"), "clip, one.wav\n\nclip-2.wav\n");

        assertEquals("[{\"ids\":[\"clip, one.wav\",\"clip-2.wav\"],\"operator\":\"is\",\"type\":\"global_key\"}]",
                ExportFilters.from(parameters("globalKeys", "@" + keys)).toString());
        assertEquals("[{\"ids\":[\"a\",\"b\"],\"operator\":\"is\",\"type\":\"data_row_id\"}]",
                ExportFilters.from(parameters("dataRowIds", " a , b ")).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lastActivityFrom|2024-13-01|lastActivityFrom must be a date as YYYY-MM-DD, 'YYYY-MM-DD hh:mm:ss' or ISO-8601 with an offset (2024-05-23T14:30:00+05:30), not '2024-13-01'.",
            "labelCreatedTo|2024-02-30|labelCreatedTo must be a date as YYYY-MM-DD",
            "labelCreatedFrom|2024-05-23T14:30:00|labelCreatedFrom must be a date as YYYY-MM-DD",
            "workflowStatus|DONE|workflowStatus must be one of ToLabel, InReview, InRework, Done, not 'DONE'.",
            "batchIds|' , '|batchIds must list 1 to 2000 ids, not 0.",
            "exclude|attachments,embeddings|exclude: 'embeddings' is not one of attachments, metadata, dataRowDetails, projectDetails, performanceDetails, labelDetails, interpolatedFrames."})
    void invalidFiltersAreRefusedNamingTheParameter(String name, String value, String message) {
        SourceException e = assertThrows(SourceException.class,
                () -> ExportRequest.from("clproject1", parameters(name, value)));

        assertEquals(true, e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void moreThan2000IdsOrBothKindsOfRowIdsAreRefused() {
        String ids = String.join(",", Collections.nCopies(2001, "x"));
        assertEquals("dataRowIds must list 1 to 2000 ids, not 2001.", assertThrows(SourceException.class,
                () -> ExportFilters.from(parameters("dataRowIds", ids))).getMessage());
        assertEquals("dataRowIds and globalKeys cannot be combined: Labelbox accepts one of them per export.",
                assertThrows(SourceException.class, () -> ExportFilters.from(SourceParameters.of(
                        Map.of("dataRowIds", "a", "globalKeys", "b")))).getMessage());
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsRefused() {
        assertEquals("labelCreatedFrom (2024-06-01T00:00:00+02:00) is after labelCreatedTo (2024-05-31 21:00:00): "
                + "nothing could match.", assertThrows(SourceException.class, () -> ExportFilters.from(SourceParameters.of(
                        Map.of("labelCreatedFrom", "2024-06-01T00:00:00+02:00", "labelCreatedTo", "2024-05-31 21:00:00"))))
                .getMessage());
    }

    @Test
    void aProjectIdMustLookLikeOne() {
        assertEquals("'my project' is not a Labelbox project id: write the source as labelbox:PROJECT_ID, the id from "
                + "the project's URL.", assertThrows(SourceException.class,
                        () -> LabelboxLineSource.projectId("labelbox:my project")).getMessage());
    }

    private static SourceParameters parameters(String name, String value) {
        return SourceParameters.of(Map.of(name, value));
    }
}
