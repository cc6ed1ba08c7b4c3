package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TableNameTest {

    @Test
    void plainAndSchemaQualifiedNamesAndTheDefault() {
        assertEquals(new TableName(null, "audio_annotations"), TableName.parse(null));
        assertEquals(new TableName(null, "audio_annotations"), TableName.parse(""));
        assertEquals(new TableName(null, "_Rows2"), TableName.parse("_Rows2"));
        assertEquals(new TableName("analytics", "audio"), TableName.parse("analytics.audio"));
        assertEquals("analytics.audio", TableName.parse("analytics.audio").qualified());
        assertEquals("x".repeat(41), TableName.parse("x".repeat(41)).table());
        assertEquals("s".repeat(63), TableName.parse("s".repeat(63) + ".t").schema());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1rows", "rows;drop table x", "a.b.c", "a.", ".a", "rows-2", "\"rows\"", "ro ws",
            "été", "a..b"})
    void anythingElseIsRefusedSayingWhatIsAllowed(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableName.parse(name));
        assertEquals("table name '" + name + "' is not an SQL identifier: use letters, digits and _ (not first), at "
                + "most 41 characters, optionally schema-qualified as schema.table (a schema of at most 63)",
                e.getMessage());
    }

    @Test
    void longerNamesAreRefusedBeforePostgreSqlWouldCutWhatFlywayDerives() {
        assertThrows(IllegalArgumentException.class, () -> TableName.parse("x".repeat(42)));
        assertThrows(IllegalArgumentException.class, () -> TableName.parse("s." + "x".repeat(42)));
        assertThrows(IllegalArgumentException.class, () -> TableName.parse("s".repeat(64) + ".t"));
        String longest = TableName.parse("x".repeat(41)).companion("project_data_rows").derived("key");
        assertEquals(63, longest.length(), longest);
        String history = TableName.parse("x".repeat(41)).derived("history") + "_s_idx";
        assertTrue(history.length() < 63, history);
    }
}
