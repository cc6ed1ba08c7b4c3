package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WrittenDataRowsTest {

    /** Never "no" for a data row written (that would leave its old rows beside its new ones). */
    @Test
    void everyDataRowAddedMayBeThereAndFewOthersSeemTo() {
        WrittenDataRows written = new WrittenDataRows();
        for (int i = 0; i < 1_000_000; i++) {
            written.add("clx" + i + "dr");
        }
        for (int i = 0; i < 1_000_000; i++) {
            assertTrue(written.mayHave("clx" + i + "dr"), "clx" + i + "dr");
        }
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (written.mayHave("cly" + i + "dr")) {
                falsePositives++;
            }
        }
        // A million data rows in 4 MB: about 1 in 2000 unseen ones costs a delete that finds nothing.
        assertTrue(falsePositives < 1000, falsePositives + " of 100000");
    }
}
