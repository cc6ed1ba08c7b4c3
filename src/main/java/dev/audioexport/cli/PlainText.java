package dev.audioexport.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The numbers and times the commands print, made without {@link java.util.Formatter}: its first
 * use loads the locale's calendar and number data, a tenth of a {@code status} command's time.
 * The text is what {@code String.format(Locale.ROOT, …)} gave.
 */
final class PlainText {

    private PlainText() {
    }

    /** {@code %-Ns}: the value, then spaces up to {@code width}. */
    static String left(Object value, int width) {
        String text = String.valueOf(value);
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    /** {@code %,d}: digits in groups of three, separated by commas. */
    static String grouped(long number) {
        String digits = Long.toString(Math.abs(number));
        StringBuilder text = new StringBuilder(number < 0 ? "-" : "");
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                text.append(',');
            }
            text.append(digits.charAt(i));
        }
        return text.toString();
    }

    /** {@code %.1f}: one decimal, half up. */
    static String oneDecimal(double number) {
        return BigDecimal.valueOf(number).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** {@code %tF %<tT}: {@code 2026-12-07 10:16:06} in the system's time zone. */
    static String dateTime(Instant instant) {
        return appendDateTime(new StringBuilder(19), LocalDateTime.ofInstant(instant, ZoneId.systemDefault()))
                .toString();
    }

    static StringBuilder appendDateTime(StringBuilder text, LocalDateTime time) {
        text.append(time.toLocalDate()).append(' ');
        digits(text, time.getHour(), 2).append(':');
        digits(text, time.getMinute(), 2).append(':');
        return digits(text, time.getSecond(), 2);
    }

    static StringBuilder digits(StringBuilder text, int value, int width) {
        String number = Integer.toString(value);
        return text.append("0".repeat(Math.max(0, width - number.length()))).append(number);
    }
}
