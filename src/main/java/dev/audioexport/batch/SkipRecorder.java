package dev.audioexport.batch;

import dev.audioexport.source.ExportLine;
import jakarta.batch.api.chunk.listener.SkipProcessListener;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Records lines skipped for an exception other than {@link RejectedLineException} (one an
 * operator made skippable with the {@code skippableException} parameter), so that no skipped
 * line goes unrecorded. Rejected lines are recorded by the processor itself.
 */
@Named
@Dependent
public class SkipRecorder implements SkipProcessListener {

    @Inject
    StepContext step;

    @Override
    public void onSkipProcessItem(Object item, Exception ex) throws Exception {
        if (ex instanceof RejectedLineException || !(item instanceof ExportLine line)) {
            return;
        }
        StepOutputs.of(step).reject(line.lineNumber(), line.byteOffset(), ex.toString(), line.bytes());
    }
}
