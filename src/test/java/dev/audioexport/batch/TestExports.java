package dev.audioexport.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small deterministic audio exports for job tests: multibyte text, nesting, temporal, bad lines. */
public final class TestExports {

    private TestExports() {
    }

    /** {@code count} lines; every line whose number is in {@code badLines} is broken in a different way. */
    public static Path write(Path file, int count, int... badLines) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            lines.add(isBad(n, badLines) ? badLine(n) : goodLine(n));
        }
        Files.write(file, String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static boolean isBad(int n, int[] badLines) {
        for (int bad : badLines) {
            if (bad == n) {
                return true;
            }
        }
        return false;
    }

    static String badLine(int n) {
        return switch (n % 4) {
            case 0 -> "{\"data_row\":{\"id\":\"dr" + n + "\",";
            case 1 -> "[\"not\",\"an\",\"object\"]";
            case 2 -> "{\"data_row\":{\"global_key\":\"no-id-" + n + "\"}}";
            default -> "{\"data_row\":{\"id\":\"dr" + n + "\"},\"projects\":{\"p\":{\"labels\":\"wrong\"}}}";
        };
    }

    static String goodLine(int n) {
        StringBuilder labels = new StringBuilder();
        for (int l = 0; l < 1 + n % 3; l++) {
            if (l > 0) {
                labels.append(',');
            }
            labels.append(label(n, l));
        }
        return """
                {"data_row":{"id":"dr%d","global_key":"clip-%d.wav","row_data":"https://example.com/a/%d.wav",\
                "details":{"dataset_id":"ds1","dataset_name":"Voix d'été 夏"}},"media_attributes":{"mime_type":"audio/wav"},\
                "projects":{"proj1":{"name":"Speakers","labels":[%s],"project_details":{"workflow_status":"DONE",\
                "task_name":"Done","batch_id":"b1","batch_name":"first, \\"batch\\""}}}}"""
                .formatted(n, n, n, labels);
    }

    private static String label(int n, int l) {
        String id = "lb" + n + "_" + l;
        return """
                {"id":"%s","label_details":{"created_at":"2024-01-0%dT10:00:00.000+00:00","created_by":"a@example.com"},\
                "performance_details":{"seconds_to_create":%d,"seconds_to_review":%d.5,"skipped":%b},\
                "annotations":{"classifications":[{"feature_id":"%s_q","name":"Speaker","value":"speaker",\
                "radio_answer":{"feature_id":"%s_a","name":"Female","value":"female","classifications":[\
                {"feature_id":"%s_n","name":"Notes","text_answer":{"content":"says \\"oui\\", then\\nlaughs — %d ünï 日本"}}]}}],\
                "timestamp":{"%d":{"classifications":[{"feature_id":"%s_t","name":"Noise","checklist_answers":[\
                {"feature_id":"%s_c1","name":"Hum"},{"feature_id":"%s_c2","name":"Click"}]}]}},\
                "segments":{"%s_t":[[%d,%d]]}}}"""
                .formatted(id, 1 + l, n % 60, l, n % 5 == 0, id, id, id, n, 100 * l, id, id, id, id, 100 * l,
                        100 * l + 250);
    }
}
