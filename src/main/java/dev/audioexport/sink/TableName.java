package dev.audioexport.sink;

import java.util.regex.Pattern;

/**
 * The name of the output table, {@code table} or {@code schema.table}: letters, digits and
 * {@code _}, the schema at most 63 characters, the table at most {@value #MAX_TABLE_LENGTH} (so
 * that the names derived from it fit PostgreSQL's 63). SQL gets them quoted in the case the
 * database folds unquoted names to ({@link SqlDatabase#quoted}): the same objects as unquoted
 * names, and a reserved word ({@code select}, {@code value}) is a usable name too.
 */
public record TableName(String schema, String table) {

    public static final String DEFAULT = "audio_annotations";

    /**
     * The longest derived name, {@code <table>_project_data_rows_key} (the key index of a
     * companion table; {@code <table>_history_s_idx}, an index Flyway gives its history table, is
     * shorter), must fit PostgreSQL's 63 characters (NAMEDATALEN - 1): longer names are cut
     * silently there, and the cut names collide.
     */
    static final int MAX_TABLE_LENGTH = 63 - "_project_data_rows_key".length();

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0," + (MAX_TABLE_LENGTH - 1) + "}");

    /** Parses and validates a table name; the message says what is wrong and what is allowed. */
    public static TableName parse(String name) {
        if (name == null || name.isEmpty()) {
            return new TableName(null, DEFAULT);
        }
        String[] parts = name.split("\\.", -1);
        boolean valid = parts.length == 1 ? TABLE.matcher(parts[0]).matches()
                : parts.length == 2 && SCHEMA.matcher(parts[0]).matches() && TABLE.matcher(parts[1]).matches();
        if (!valid) {
            throw new IllegalArgumentException("table name '" + name + "' is not an SQL identifier: use letters, "
                    + "digits and _ (not first), at most " + MAX_TABLE_LENGTH + " characters, optionally "
                    + "schema-qualified as schema.table (a schema of at most 63)");
        }
        return parts.length == 2 ? new TableName(parts[0], parts[1]) : new TableName(null, parts[0]);
    }

    /** As the user wrote it: {@code schema.table} or {@code table}, for messages and parameters. */
    public String qualified() {
        return schema == null ? table : schema + "." + table;
    }

    /** The name of an object that belongs to this table (an index, its migration history): {@code table_suffix}. */
    String derived(String suffix) {
        return table + "_" + suffix;
    }

    /** A companion table of this one, {@code [schema.]table_suffix} ({@code audio_annotations_labels}). */
    public TableName companion(String suffix) {
        return new TableName(schema, derived(suffix));
    }

    @Override
    public String toString() {
        return qualified();
    }
}
