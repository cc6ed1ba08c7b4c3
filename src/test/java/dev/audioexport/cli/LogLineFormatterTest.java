package dev.audioexport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** The log's lines are those SimpleFormatter wrote with the pattern the log had before. */
class LogLineFormatterTest {

    private static final String PREVIOUS_PATTERN = "%1$tF %1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n";

    @Test
    void linesAreTheSameAsSimpleFormattersWithThePreviousPattern() {
        SimpleFormatter previous = simpleFormatter();
        LogLineFormatter formatter = new LogLineFormatter();
        for (LogRecord record : records()) {
            assertEquals(previous.format(record), formatter.format(record));
        }
    }

    private static List<LogRecord> records() {
        LogRecord plain = record(Level.INFO, "JBERET000030: Resolved job", Instant.parse("2026-12-07T10:16:00.162Z"));
        LogRecord withParameters = record(Level.WARNING, "Resuming {0} at line {1}",
                Instant.parse("2026-01-02T03:04:05.006Z"));
        withParameters.setParameters(new Object[] {"execution 3", 1200});
        LogRecord failure = record(Level.SEVERE, "Cannot open the job repository", Instant.parse("2026-12-31T23:59:59.999Z"));
        failure.setThrown(new IllegalStateException("locked", new RuntimeException("cause")));
        return List.of(plain, withParameters, failure);
    }

    private static LogRecord record(Level level, String message, Instant time) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("dev.audioexport.test");
        record.setInstant(time);
        return record;
    }

    private static SimpleFormatter simpleFormatter() {
        String key = "java.util.logging.SimpleFormatter.format";
        String before = System.getProperty(key);
        System.setProperty(key, PREVIOUS_PATTERN);
        try {
            return new SimpleFormatter();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
