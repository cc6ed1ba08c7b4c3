package dev.audioexport.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One log line: {@code 2026-12-07 10:16:00.162 INFO [org.jberet] message}, then the stack trace
 * if any. Built by hand rather than by {@link java.util.logging.SimpleFormatter}, which checks its
 * pattern by formatting a date when its class loads: that loaded the locale and calendar data of
 * {@link java.util.Formatter}, a sixth of the start-up of every command. The level by its name
 * (INFO, SEVERE), not its localized name, which loads the JDK's resource bundle of level names.
 */
final class LogLineFormatter extends Formatter {

    private final ZoneId zone = ZoneId.systemDefault();

    @Override
    public String format(LogRecord record) {
        LocalDateTime time = LocalDateTime.ofInstant(record.getInstant(), zone);
        StringBuilder line = PlainText.appendDateTime(new StringBuilder(160), time).append('.');
        PlainText.digits(line, time.getNano() / 1_000_000, 3);
        line.append(' ').append(record.getLevel().getName()).append(" [").append(record.getLoggerName())
                .append("] ").append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                out.println();
                record.getThrown().printStackTrace(out);
            }
            line.append(trace);
        }
        return line.append(System.lineSeparator()).toString();
    }
}
