package dev.audioexport.mapping;

import static dev.audioexport.mapping.Column.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.audioexport.model.StreamingExportDecoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowMapperTest {

    private final RowMapper mapper = new RowMapper();

    @Test
    void nestedAnswersFollowTheAnswerTheyHangUnderDepthFirst() throws Exception {
        List<String[]> rows = map("""
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"l","annotations":{"classifications":[
                  {"feature_id":"q1","feature_schema_id":"s1","name":"Speaker","value":"speaker","radio_answer":
                    {"feature_id":"a1","feature_schema_id":"sa1","name":"Female","value":"female","classifications":[
                      {"feature_id":"q2","name":"Emotion","value":"emotion","checklist_answers":[
                        {"feature_id":"a2","name":"Happy","value":"happy","classifications":[
                          {"feature_id":"q3","name":"Note","text_answer":{"content":"laughs, loudly"}}]},
                        {"feature_id":"a3","name":"Calm"}]}]}},
                  {"feature_id":"q4","name":"Tags","value":"tags","checklist_answers":[]}]}}]}}}
                """);

        assertEquals(List.of(
                List.of("speaker", "radio", "female", "", ""),
                List.of("speaker/female/emotion", "checklist", "happy", "a1", ""),
                List.of("speaker/female/emotion/happy/Note", "text", "", "a2", "laughs, loudly"),
                List.of("speaker/female/emotion", "checklist", "Calm", "a1", ""),
                List.of("tags", "checklist", "", "", "")),
                columns(rows, CLASSIFICATION_PATH, ANSWER_TYPE, ANSWER_VALUE, PARENT_ANSWER_FEATURE_ID, ANSWER_TEXT));
        assertEquals("Female", rows.get(0)[ANSWER_NAME.ordinal()]);
        assertEquals("sa1", rows.get(0)[ANSWER_SCHEMA_ID.ordinal()]);
        assertEquals("a1", rows.get(0)[ANSWER_FEATURE_ID.ordinal()]);
        assertEquals("s1", rows.get(0)[QUESTION_SCHEMA_ID.ordinal()]);
        assertEquals("q1", rows.get(0)[QUESTION_FEATURE_ID.ordinal()]);
        assertEquals("Note", rows.get(2)[QUESTION_VALUE.ordinal()]);
    }

    @Test
    void globalClassificationsComeBeforeTemporalOnesWhichCarryTheirTimes() throws Exception {
        List<String[]> rows = map("""
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"l","annotations":{
                  "timestamp":{"1500":{"classifications":[{"feature_id":"t2","name":"b","text_answer":{"content":"x"}}]},
                               "200":{"classifications":[{"feature_id":"t1","name":"a","radio_answer":{"name":"yes",
                                 "feature_id":"r","classifications":[{"name":"c","text_answer":{"content":"n"}}]}}]}},
                  "segments":{"t1":[[200,700]],"t2":[[1500,1800]]},
                  "classifications":[{"name":"g","text_answer":{"content":"global"}}]}}]}}}
                """);

        assertEquals(List.of(
                List.of("g", "", ""),
                List.of("a", "200", "700"),
                List.of("a/yes/c", "200", "700"),
                List.of("b", "1500", "1800")), columns(rows, CLASSIFICATION_PATH, START_MS, END_MS));
    }

    @Test
    void nothingDisappears() throws Exception {
        assertEquals(List.of(List.of("d", "", "")),
                columns(map("{\"data_row\":{\"id\":\"d\"}}"), DATA_ROW_ID, PROJECT_ID, LABEL_ID));
        assertEquals(List.of(List.of("d", "p1", ""), List.of("d", "p2", "l")),
                columns(map("{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p1\":{\"labels\":[]},"
                        + "\"p2\":{\"labels\":[{\"id\":\"l\",\"annotations\":{\"classifications\":[]}}]}}}"),
                        DATA_ROW_ID, PROJECT_ID, LABEL_ID));
    }

    @Test
    void aClassificationOfUnknownShapeStillGivesItsQuestionRow() throws Exception {
        List<String[]> rows = map("""
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"l","annotations":{"classifications":[
                  {"feature_id":"q","name":"Loudness","slider_answer":3}]}}]}}}""");
        assertEquals(List.of(List.of("Loudness", "", "")), columns(rows, QUESTION_NAME, ANSWER_TYPE, ANSWER_VALUE));
    }

    @Test
    void aQuestionOrAnswerWithoutValueOrNameIsAnEmptyStepOfThePath() throws Exception {
        List<String[]> rows = map("""
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"l","annotations":{"classifications":[
                  {"feature_id":"q1","radio_answer":{"feature_id":"a1","classifications":[
                    {"feature_id":"q2","text_answer":{"content":"c"}}]}}]}}]}}}""");
        assertEquals(List.of(List.of("", "", "q1"), List.of("//", "c", "q2")),
                columns(rows, CLASSIFICATION_PATH, ANSWER_TEXT, QUESTION_FEATURE_ID));
    }

    @Test
    void aRadioQuestionWithoutAnAnswerKeepsItsRowAndEachCheckedAnswerHasItsOwn() throws Exception {
        List<String[]> rows = map("""
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"l","annotations":{"classifications":[
                  {"feature_id":"q1","name":"Speaker","radio_answer":null},
                  {"feature_id":"q2","name":"Tags","checklist_answers":[{"feature_id":"a1","name":"x"},
                    {"feature_id":"a2","name":"y","classifications":[{"feature_id":"q3","name":"Why",
                      "radio_answer":{"feature_id":"a3","name":"z"}}]}]}]}}]}}}""");
        assertEquals(List.of(
                List.of("Speaker", "radio", "", "", ""),
                List.of("Tags", "checklist", "x", "a1", ""),
                List.of("Tags", "checklist", "y", "a2", ""),
                List.of("Tags/y/Why", "radio", "z", "a3", "a2")),
                columns(rows, CLASSIFICATION_PATH, ANSWER_TYPE, ANSWER_VALUE, ANSWER_FEATURE_ID, PARENT_ANSWER_FEATURE_ID));
    }

    private List<String[]> map(String json) throws Exception {
        return mapper.map(new StreamingExportDecoder().decode(json));
    }

    /** The chosen columns of each row, with empty fields as "" (as the CSV shows them). */
    private static List<List<String>> columns(List<String[]> rows, Column... columns) {
        List<List<String>> picked = new ArrayList<>();
        for (String[] row : rows) {
            List<String> values = new ArrayList<>();
            for (Column column : columns) {
                values.add(row[column.ordinal()] == null ? "" : row[column.ordinal()]);
            }
            picked.add(values);
        }
        return picked;
    }
}
