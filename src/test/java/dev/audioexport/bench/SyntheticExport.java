package dev.audioexport.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a deterministic synthetic Labelbox Export V2 audio export (NDJSON) for benchmarks: lines
 * shaped like the seed sample, with 1-4 labels per row, sometimes several projects, global
 * classifications nested 2-3 deep (radio -> checklist -> text), temporal classifications under
 * {@code timestamp} with matching {@code segments}, and free text holding commas, double quotes,
 * CR/LF line breaks (escaped in JSON) and non-ASCII text (é, 日本).
 *
 * <pre>
 * java -cp &lt;test-classpath&gt; dev.audioexport.bench.SyntheticExport OUT.ndjson SIZE_MB [--gzip]
 * </pre>
 * SIZE_MB counts uncompressed bytes, 1 MB = 1,000,000 bytes; the file ends with the first line
 * that reaches the size. The same size always gives the same bytes, and a larger file starts
 * with the lines of a smaller one. With {@code --gzip} the output is gzip-compressed.
 */
public final class SyntheticExport {

    private static final long SEED = 20231017L;

    private static final String[] FREE_TEXT = {
        "Speaker says \"hello, world\" and then pauses",
        "Background noise, then a door closes.\nSecond speaker answers: \"oui, d'accord\"",
        "Café au lait, s'il vous plaît — répété deux fois",
        "日本語の会話、笑い声あり",
        "Line one\r\nLine two, with a comma\r\nLine \"three\"",
        "Mixed: naïve résumé, 東京, \"quoted\", tab\there",
        "short",
        "",
    };
    private static final String[] MIME_TYPES = {"audio/mpeg", "audio/wav", "audio/x-flac", "audio/ogg"};
    private static final String[] STATUSES = {"DONE", "IN_REVIEW", "IN_REWORK", "TO_LABEL"};
    private static final String[] SPEAKERS = {"female", "male", "child", "unknown"};
    private static final String[] EMOTIONS = {"happy", "calm", "angry", "sad", "surprised"};
    private static final String[] EVENTS = {"music", "laughter", "silence", "crosstalk", "noise"};

    private final Random random;
    private long lineNumber;

    private SyntheticExport(long seed) {
        random = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        boolean gzip = args.length == 3 && args[2].equals("--gzip");
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !gzip)) {
            System.err.println("usage: SyntheticExport OUT.ndjson SIZE_MB [--gzip]");
            System.exit(2);
        }
        int sizeMb;
        try {
            sizeMb = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            sizeMb = -1;
        }
        if (sizeMb < 1) {
            System.err.println("SIZE_MB must be a whole number of at least 1, not '" + args[1] + "'");
            System.exit(2);
        }
        Summary summary = write(Path.of(args[0]), sizeMb, gzip);
        System.out.printf("%s: %d lines, %d bytes uncompressed, %d bytes on disk%n",
                args[0], summary.lines(), summary.bytes(), Files.size(Path.of(args[0])));
    }

    /** What {@link #write} wrote: lines and uncompressed bytes (line ends included). */
    public record Summary(long lines, long bytes) {
    }

    /** Writes at least {@code sizeMb} × 10^6 uncompressed bytes of whole lines to {@code file}. */
    public static Summary write(Path file, int sizeMb, boolean gzip) throws IOException {
        long target = sizeMb * 1_000_000L;
        SyntheticExport export = new SyntheticExport(SEED);
        long bytes = 0;
        long lines = 0;
        try (OutputStream out = open(file, gzip)) {
            while (bytes < target) {
                byte[] line = export.nextLine().getBytes(StandardCharsets.UTF_8);
                out.write(line);
                out.write('\n');
                bytes += line.length + 1;
                lines++;
            }
        }
        return new Summary(lines, bytes);
    }

    /** The first {@code count} lines of every synthetic export. */
    public static List<String> lines(int count) {
        SyntheticExport export = new SyntheticExport(SEED);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(export.nextLine());
        }
        return lines;
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return gzip ? new GZIPOutputStream(out, 1 << 16) : new BufferedOutputStream(out, 1 << 16);
    }

    // ---- one line ------------------------------------------------------------------------

    private String nextLine() {
        long n = ++lineNumber;
        StringBuilder json = new StringBuilder(4096);
        json.append("{\"data_row\":{\"id\":").append(str(id()))
                .append(",\"global_key\":").append(str("audio/clip-" + n + ".mp3"));
        if (random.nextInt(3) == 0) {
            json.append(",\"external_id\":").append(str("ext-" + n));
        }
        json.append(",\"row_data\":").append(str("https://storage.example.com/audio/clip-" + n
                        + ".mp3?Expires=1697187460&Signature=" + id()))
                .append(",\"details\":{\"dataset_id\":").append(str(id()))
                .append(",\"dataset_name\":").append(str(random.nextBoolean() ? "Voix d'été" : "会議録音 2023"))
                .append(",\"created_at\":").append(str(timestamp()))
                .append(",\"updated_at\":").append(str(timestamp()))
                .append(",\"last_activity_at\":").append(str(timestamp()))
                .append(",\"created_by\":").append(str("annotator" + random.nextInt(20) + "@example.com"))
                .append("}},\"media_attributes\":{\"mime_type\":").append(str(pick(MIME_TYPES)))
                .append(",\"duration_ms\":").append(1000 + random.nextInt(600_000)).append('.').append(random.nextInt(10))
                .append(",\"sample_rate\":").append(random.nextBoolean() ? "44100" : "4.8e4")
                .append(",\"channels\":").append(1 + random.nextInt(2))
                .append("},\"attachments\":[");
        if (random.nextInt(4) == 0) {
            json.append("{\"id\":").append(str(id())).append(",\"type\":\"RAW_TEXT\",\"value\":")
                    .append(str(pick(FREE_TEXT))).append(",\"name\":\"transcript\"}");
        }
        json.append("],\"metadata_fields\":[");
        if (random.nextInt(3) == 0) {
            // every kind: enum (an option's schema id), string, datetime, number, list
            json.append("{\"schema_id\":").append(str(id())).append(",\"schema_name\":\"split\",\"value\":")
                    .append(str(random.nextBoolean() ? "cl0train00000000000000000" : "cl0test000000000000000000"))
                    .append("},{\"schema_id\":").append(str(id())).append(",\"schema_name\":\"speaker\",\"value\":")
                    .append(str(pick(SPEAKERS))).append("},{\"schema_id\":").append(str(id()))
                    .append(",\"schema_name\":\"recorded_at\",\"value\":").append(str(timestamp()))
                    .append("},{\"schema_id\":").append(str(id())).append(",\"schema_name\":\"snr_db\",\"value\":")
                    .append(random.nextInt(40)).append(".25},{\"schema_id\":").append(str(id()))
                    .append(",\"schema_name\":\"languages\",\"value\":[{\"schema_id\":").append(str(id()))
                    .append(",\"schema_name\":\"en\"}]}");
        }
        json.append("],\"projects\":{");
        int projects = random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1;
        for (int p = 0; p < projects; p++) {
            if (p > 0) {
                json.append(',');
            }
            project(json);
        }
        return json.append("}}").toString();
    }

    private void project(StringBuilder json) {
        json.append(str(id())).append(":{\"name\":").append(str(random.nextBoolean() ? "audio_project" : "Sprecher, \"v2\""))
                .append(",\"labels\":[");
        int labels = 1 + random.nextInt(4);
        for (int l = 0; l < labels; l++) {
            if (l > 0) {
                json.append(',');
            }
            label(json);
        }
        json.append("],\"project_details\":{\"ontology_id\":").append(str(id()))
                .append(",\"task_name\":\"Done\",\"batch_id\":").append(str(id()))
                .append(",\"batch_name\":").append(str("batch-" + random.nextInt(10)))
                .append(",\"workflow_status\":").append(str(pick(STATUSES)))
                .append(",\"priority\":").append(random.nextInt(10))
                .append(",\"consensus_expected_label_count\":1,\"workflow_history\":[");
        int history = random.nextInt(3);
        for (int h = 0; h < history; h++) {
            if (h > 0) {
                json.append(',');
            }
            json.append("{\"action\":").append(str(h == 0 ? "Approve" : "Move"))
                    .append(",\"created_at\":").append(str(timestamp()))
                    .append(",\"created_by\":").append(str("reviewer" + random.nextInt(5) + "@example.com"))
                    .append(",\"next_task_name\":\"Done\",\"next_task_id\":").append(str(id())).append('}');
        }
        json.append("]}}");
    }

    private void label(StringBuilder json) {
        boolean skipped = random.nextInt(10) == 0;
        json.append("{\"label_kind\":\"Default\",\"version\":\"1.0.0\",\"id\":").append(str(id()))
                .append(",\"label_details\":{\"created_at\":").append(str(timestamp()))
                .append(",\"updated_at\":").append(str(timestamp()))
                .append(",\"created_by\":").append(str("annotator" + random.nextInt(20) + "@example.com"))
                .append(",\"content_last_updated_at\":").append(str(timestamp()))
                .append(",\"reviews\":[").append(random.nextInt(3) == 0 ? "{\"id\":" + str(id())
                        + ",\"action\":\"Approve\",\"created_at\":" + str(timestamp()) + ",\"created_by\":\"reviewer@example.com\"}" : "")
                .append("]},\"performance_details\":{\"seconds_to_create\":").append(random.nextInt(900))
                .append(",\"consensus_score\":0.").append(random.nextInt(100))
                .append(",\"benchmark_score\":").append(random.nextBoolean() ? "1" : "0.5")
                .append(",\"seconds_to_review\":").append(random.nextBoolean() ? String.valueOf(random.nextInt(300))
                        : random.nextInt(300) + "." + random.nextInt(10) + "5")
                .append(",\"skipped\":").append(skipped)
                .append("},\"annotations\":{\"objects\":[],\"classifications\":[");
        if (!skipped) {
            int global = 1 + random.nextInt(4);
            for (int c = 0; c < global; c++) {
                if (c > 0) {
                    json.append(',');
                }
                classification(json, 0);
            }
        }
        json.append("],\"relationships\":[],\"timestamp\":{");
        StringBuilder segments = new StringBuilder();
        if (!skipped) {
            temporal(json, segments);
        }
        json.append("},\"segments\":{").append(segments).append("}}}");
    }

    /** 0-3 timed features, each with 1-2 segments; a feature sits in the frame of each segment start. */
    private void temporal(StringBuilder json, StringBuilder segments) {
        int features = random.nextInt(4);
        List<long[]> frames = new ArrayList<>();
        List<String> classifications = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            String featureId = id();
            StringBuilder c = new StringBuilder();
            timedClassification(c, featureId);
            int count = 1 + random.nextInt(2);
            if (segments.length() > 0) {
                segments.append(',');
            }
            segments.append(str(featureId)).append(":[");
            long start = random.nextInt(60) * 500L;
            for (int s = 0; s < count; s++) {
                long end = start + 250 + random.nextInt(4000);
                if (s > 0) {
                    segments.append(',');
                }
                segments.append('[').append(start).append(',').append(end).append(']');
                frames.add(new long[] {start, classifications.size()});
                start = end + 500 + random.nextInt(3000);
            }
            segments.append(']');
            classifications.add(c.toString());
        }
        // one frame per start; features starting together share it
        frames.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 0; i < frames.size(); ) {
            long start = frames.get(i)[0];
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(start).append("\":{\"classifications\":[");
            boolean first = true;
            for (; i < frames.size() && frames.get(i)[0] == start; i++) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                json.append(classifications.get((int) frames.get(i)[1]));
            }
            json.append("]}");
        }
    }

    private void timedClassification(StringBuilder json, String featureId) {
        switch (random.nextInt(3)) {
            case 0 -> question(json, featureId, "Event", "event")
                    .append(",\"radio_answer\":").append(answer(pick(EVENTS), 1)).append('}');
            case 1 -> question(json, featureId, "Transcript", "transcript")
                    .append(",\"text_answer\":{\"content\":").append(str(pick(FREE_TEXT))).append("}}");
            default -> {
                question(json, featureId, "Sounds", "sounds").append(",\"checklist_answers\":[");
                int answers = random.nextInt(3);
                for (int a = 0; a < answers; a++) {
                    if (a > 0) {
                        json.append(',');
                    }
                    json.append(answer(pick(EVENTS), 2));
                }
                json.append("]}");
            }
        }
    }

    /** A global classification; radio answers nest a checklist, whose answers nest a text (depth 2-3). */
    private void classification(StringBuilder json, int depth) {
        int kind = depth == 0 ? random.nextInt(3) : depth == 1 ? 1 : 2;
        switch (kind) {
            case 0 -> question(json, id(), "Speaker", "speaker")
                    .append(",\"radio_answer\":").append(answer(pick(SPEAKERS), depth + 1)).append('}');
            case 1 -> {
                question(json, id(), "Emotion", "emotion").append(",\"checklist_answers\":[");
                int answers = 1 + random.nextInt(3);
                for (int a = 0; a < answers; a++) {
                    if (a > 0) {
                        json.append(',');
                    }
                    json.append(answer(pick(EMOTIONS), depth + 1));
                }
                json.append("]}");
            }
            default -> question(json, id(), "Notes", "notes")
                    .append(",\"text_answer\":{\"content\":").append(str(pick(FREE_TEXT))).append("}}");
        }
    }

    /** Opens a classification object; one in ten has no {@code value} (older exports). */
    private StringBuilder question(StringBuilder json, String featureId, String name, String value) {
        json.append("{\"feature_id\":").append(str(featureId))
                .append(",\"feature_schema_id\":").append(str(id()))
                .append(",\"name\":").append(str(name));
        if (random.nextInt(10) != 0) {
            json.append(",\"value\":").append(str(value));
        }
        return json;
    }

    /** An answer; below depth 3, radio and checklist answers nest the next level of the chain. */
    private String answer(String value, int depth) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"feature_id\":").append(str(id()))
                .append(",\"feature_schema_id\":").append(str(id()))
                .append(",\"name\":").append(str(Character.toUpperCase(value.charAt(0)) + value.substring(1)));
        if (random.nextInt(10) != 0) {
            json.append(",\"value\":").append(str(value));
        }
        json.append(",\"classifications\":[");
        if (depth < 3 && random.nextInt(3) != 0) {
            classification(json, depth);
        }
        return json.append("]}").toString();
    }

    // ---- values --------------------------------------------------------------------------

    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    /** A cuid-like id, as Labelbox uses: "cl" and 23 base-36 characters. */
    private String id() {
        char[] id = new char[25];
        id[0] = 'c';
        id[1] = 'l';
        for (int i = 2; i < id.length; i++) {
            id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(id);
    }

    private String timestamp() {
        return String.format("2023-%02d-%02dT%02d:%02d:%02d.%03d+00:00", 1 + random.nextInt(12), 1 + random.nextInt(28),
                random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped, the rest as is. */
    static String str(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
