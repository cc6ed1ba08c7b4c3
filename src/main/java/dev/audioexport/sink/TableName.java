package dev.audioexport.sink;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The name of the output table, {@code table} or {@code schema.table}, each part a plain SQL
 * identifier ({@code [A-Za-z_][A-Za-z0-9_]{0,62}}). It is written into SQL unquoted, so the
 * database folds its case as usual; validation is what keeps that safe.
 */
public record TableName(String schema, String table) {

    public static final String DEFAULT = "audio_annotations";

    /** PostgreSQL's limit (NAMEDATALEN - 1); longer names would be cut silently. */
    static final int MAX_IDENTIFIER_LENGTH = 63;

    private static final Pattern PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** Parses and validates a table name; the message says what is wrong and what is allowed. */
    public static TableName parse(String name) {
        if (name == null || name.isEmpty()) {
            return new TableName(null, DEFAULT);
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2 || !PART.matcher(parts[0]).matches()
                || (parts.length == 2 && !PART.matcher(parts[1]).matches())) {
            throw new IllegalArgumentException("table name '" + name + "' is not an SQL identifier: use letters, "
                    + "digits and _ (not first), at most 63 characters, optionally schema-qualified as schema.table");
        }
        return parts.length == 2 ? new TableName(parts[0], parts[1]) : new TableName(null, parts[0]);
    }

    /** As written into SQL: {@code schema.table} or {@code table}. */
    public String qualified() {
        return schema == null ? table : schema + "." + table;
    }

    /**
     * The name of an object that belongs to this table (an index, its migration history):
     * {@code table_suffix}, shortened with a hash of the full name when that would pass 63
     * characters, so that two tables never share one.
     */
    String derived(String suffix) {
        String name = table + "_" + suffix;
        if (name.length() <= MAX_IDENTIFIER_LENGTH) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        String hash = String.format(Locale.ROOT, "%08x", crc.getValue());
        int keep = MAX_IDENTIFIER_LENGTH - suffix.length() - hash.length() - 2;
        return table.substring(0, keep) + "_" + hash + "_" + suffix;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
