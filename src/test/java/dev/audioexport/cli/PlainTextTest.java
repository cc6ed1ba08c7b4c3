package dev.audioexport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The commands' numbers and times read as String.format(Locale.ROOT, …) wrote them. */
class PlainTextTest {

    @Test
    void groupedNumbersAreThoseOfPercentCommaD() {
        for (long n : new long[] {0, 7, 999, 1000, 4321, 99_999, 100_000, 342_938, 3_422_671, 1_000_000_000_000L,
                Long.MAX_VALUE, -1, -1234, -1_000_000}) {
            assertEquals(String.format(Locale.ROOT, "%,d", n), PlainText.grouped(n));
        }
    }

    @Test
    void oneDecimalIsThatOfPercentPointOneF() {
        for (double d : new double[] {0, 0.04, 0.05, 0.1, 0.15, 0.25, 0.449, 1.0, 2.95, 31.04, 32.749, 1234.567, 0.001}) {
            assertEquals(String.format(Locale.ROOT, "%.1f", d), PlainText.oneDecimal(d), "for " + d);
        }
    }

    @Test
    void dateTimeIsThatOfPercentTfAndTt() {
        for (String instant : new String[] {"2026-12-07T10:16:06Z", "2026-01-02T03:04:05.678Z", "1999-12-31T23:59:59Z",
                "2026-06-30T00:00:00Z"}) {
            Date date = Date.from(Instant.parse(instant));
            assertEquals(String.format(Locale.ROOT, "%tF %<tT", date), PlainText.dateTime(date.toInstant()));
        }
    }

    @Test
    void leftPadsLikePercentMinusS() {
        assertEquals(String.format("%-10s|", "EXECUTION"), PlainText.left("EXECUTION", 10) + "|");
        assertEquals(String.format("%-10d|", 12345L), PlainText.left(12345L, 10) + "|");
        assertEquals(String.format("%-3s|", "longer"), PlainText.left("longer", 3) + "|");
    }
}
