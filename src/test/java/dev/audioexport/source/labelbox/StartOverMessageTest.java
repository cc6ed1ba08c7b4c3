package dev.audioexport.source.labelbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.source.SourceOptions;
import dev.audioexport.source.SourceParameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An export task that expired tells a sync to start over with 'sync', a run with 'run'. */
class StartOverMessageTest {

    @Test
    void anExpiredTaskNamesTheCommandThatStartsOver() {
        String sync = ExportTask.gone("task-1", "p1", 7, options(Map.of(LabelboxLineSource.SYNC_PROJECT, "p1")))
                .getMessage();
        assertTrue(sync.contains("Start over with 'sync'") && !sync.contains("'run'"), sync);
        String run = ExportTask.gone("task-1", "p1", 7, options(Map.of())).getMessage();
        assertTrue(run.contains("Start over with 'run'"), run);
    }

    private static SourceOptions options(Map<String, String> parameters) {
        return new SourceOptions(SourceParameters.of(parameters), null, status -> { }, () -> false);
    }
}
