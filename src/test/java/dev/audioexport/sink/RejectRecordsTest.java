package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first records of a rejects file, as the console shows them: line, offset, reason, never the raw line. */
class RejectRecordsTest {

    @TempDir
    Path dir;

    @Test
    void givesLineOffsetAndReasonOfTheFirstRecordsInFileOrder() throws Exception {
        Path file = dir.resolve("export.csv.rejects.jsonl");
        try (RejectsSink sink = RejectsSink.open(file, null)) {
            sink.reject(7, 10_755, "the line is not a JSON object", "[\"Zoë Ortiz\"]".getBytes(StandardCharsets.UTF_8));
            sink.reject(1_000, 1_830_443, "not valid JSON: é 夏", "{\"data_row\":".getBytes(StandardCharsets.UTF_8));
            sink.reject(1_001, 1_830_471, "third", "x".getBytes(StandardCharsets.UTF_8));
            sink.commit();
        }

        RejectRecords.Head two = RejectRecords.first(file, 2);

        assertEquals(List.of(new RejectRecords.Reject(7, 10_755, "the line is not a JSON object"),
                new RejectRecords.Reject(1_000, 1_830_443, "not valid JSON: é 夏")), two.rejects());
        assertTrue(two.more());
        RejectRecords.Head all = RejectRecords.first(file, 3);
        assertEquals(3, all.rejects().size());
        assertFalse(all.more());
        assertFalse(all.rejects().toString().contains("Zoë"), "no raw line in what is returned");
    }

    @Test
    void aMissingFileHasNoRecord() throws Exception {
        RejectRecords.Head head = RejectRecords.first(dir.resolve("none.jsonl"), 20);
        assertEquals(List.of(), head.rejects());
        assertFalse(head.more());
    }

    @Test
    void aFileThatIsNotARejectsFileIsRefusedWithoutItsContent() throws Exception {
        Path csv = Files.writeString(dir.resolve("export.csv"), "data_row_id,global_key\r\ndr1,Zoë Ortiz\r\n");
        IOException notJson = assertThrows(IOException.class, () -> RejectRecords.first(csv, 20));
        assertEquals(csv + " is not a rejects file: record 1 is not a JSON object with line, offset and reason",
                notJson.getMessage());

        Path other = Files.writeString(dir.resolve("other.json"), "{\"line\":1,\"offset\":0}\n");
        assertThrows(IOException.class, () -> RejectRecords.first(other, 20));
    }

    @Test
    void readsNoMoreThanARecordCanHoldOfALine() throws Exception {
        Path huge = dir.resolve("huge.jsonl");
        Files.writeString(huge, "{\"line\":1,\"offset\":0,\"reason\":\"" + "a".repeat(RejectRecords.MAX_RECORD_CHARS) + "\"}\n");
        IOException tooLong = assertThrows(IOException.class, () -> RejectRecords.first(huge, 20));
        assertEquals(huge + " is not a rejects file: a line is longer than " + RejectRecords.MAX_RECORD_CHARS
                + " characters", tooLong.getMessage());
    }
}
