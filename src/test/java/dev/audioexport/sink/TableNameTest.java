package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertEquals("x".repeat(63), TableName.parse("x".repeat(63)).table());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1rows", "rows;drop table x", "a.b.c", "a.", ".a", "rows-2", "\"rows\"", "ro ws",
            "été", "a..b"})
    void anythingElseIsRefusedSayingWhatIsAllowed(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableName.parse(name));
        assertEquals("table name '" + name + "' is not an SQL identifier: use letters, digits and _ (not first), at "
                + "most 63 characters, optionally schema-qualified as schema.table", e.getMessage());
    }

    @Test
    void sixtyFourCharactersAreTooMany() {
        assertThrows(IllegalArgumentException.class, () -> TableName.parse("x".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> TableName.parse("s." + "x".repeat(64)));
    }

    @Test
    void derivedNamesStayWithinSixtyThreeCharactersAndApart() {
        assertEquals("audio_annotations_history", TableName.parse("audio_annotations").derived("history"));
        String a = TableName.parse("a".repeat(60) + "xyz").derived("by_data_row");
        String b = TableName.parse("a".repeat(60) + "xyw").derived("by_data_row");
        assertEquals(63, a.length());
        assertEquals(true, a.endsWith("_by_data_row") && b.endsWith("_by_data_row") && !a.equals(b), a + " " + b);
    }
}
