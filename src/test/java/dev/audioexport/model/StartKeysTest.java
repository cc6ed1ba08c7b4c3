package dev.audioexport.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The kept starts give what parsing each text afresh gives, slots shared or not, time after time. */
class StartKeysTest {

    @Test
    void givesWhatParsingAfreshGives() {
        List<String> texts = new ArrayList<>(List.of("1500", "1500.0", "1.5e3", "1500.00", "-0", "0.0", "1e999999999",
                "15E2", "12000", "3000"));
        Random random = new Random(5);
        for (int i = 0; i < 3000; i++) {  // several times the slots: texts share slots and replace each other
            texts.add(random.nextInt(100_000) + (random.nextBoolean() ? "" : "." + random.nextInt(100)));
        }
        StartKeys keys = new StartKeys();
        for (int round = 0; round < 3; round++) {
            for (String text : texts) {
                assertEquals(TemporalClassification.startKey(text), keys.of(new String(text)), text);
                assertEquals(TemporalClassification.startKey(text).scale(), keys.of(text).scale(), text);
            }
        }
        for (String notAKey : List.of("x", "1000e2147483647", "")) {
            assertNull(keys.of(notAKey), notAKey);
            assertNull(keys.of(notAKey), notAKey);
        }
    }
}
