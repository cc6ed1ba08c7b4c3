package dev.audioexport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    private static Arguments parse(String... args) {
        return Arguments.parse(List.of(args), Set.of("--csv", "--chunk-size"), Set.of("--last"));
    }

    @Test
    void anOptionGivenTwiceIsRefusedRatherThanOneOfThemSilentlyWinning() {
        assertEquals("option --csv is given twice",
                assertThrows(UsageException.class, () -> parse("--csv", "a.csv", "--csv", "b.csv")).getMessage());
        assertEquals("option --last is given twice",
                assertThrows(UsageException.class, () -> parse("--last", "--last")).getMessage());
    }

    @Test
    void aWholeNumberAboveItsCeilingIsRefusedNamingTheRange() {
        assertEquals(100_000, parse("--chunk-size", "100000").intValue("--chunk-size", 1000, 1, 100_000));
        assertEquals("--chunk-size must be a whole number from 1 to 100000, not '100001'",
                assertThrows(UsageException.class,
                        () -> parse("--chunk-size", "100001").intValue("--chunk-size", 1000, 1, 100_000)).getMessage());
    }

    @Test
    void wholeNumbersAreAsciiDigitsOnly() {
        assertEquals(250, parse("--chunk-size", "250").intValue("--chunk-size", 1000, 1));
        for (String odd : List.of("٥", "+5", "-5", "5.0", "", "99999999999")) {
            assertEquals("--chunk-size must be a whole number of at least 1, not '" + odd + "'",
                    assertThrows(UsageException.class, () -> parse("--chunk-size", odd).intValue("--chunk-size", 1000, 1))
                            .getMessage(), odd);
        }
    }
}
