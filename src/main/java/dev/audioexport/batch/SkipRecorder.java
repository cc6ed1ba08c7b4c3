package dev.audioexport.batch;

import dev.audioexport.source.ExportLine;
import jakarta.batch.api.chunk.listener.SkipProcessListener;
import jakarta.batch.api.chunk.listener.SkipReadListener;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Records lines skipped for an exception other than {@link RejectedLineException} (one an
 * operator made skippable with the {@code skippableException} parameter), so that no skipped
 * line goes unrecorded, whether the processor or the reader threw it. Rejected lines are
 * recorded by the processor itself.
 */
@Named
@Dependent
public class SkipRecorder implements SkipProcessListener, SkipReadListener {

    @Inject
    StepContext step;

    @Override
    public void onSkipProcessItem(Object item, Exception ex) throws Exception {
        if (ex instanceof RejectedLineException || !(item instanceof ExportLine line)) {
            return;
        }
        StepOutputs.of(step).reject(line.lineNumber(), line.byteOffset(), ex.toString(), line.bytes());
    }

    /**
     * A read that failed: the line it returned when a read listener threw, else (the source
     * threw before returning one) the next line's number, with the bytes read so far as its
     * offset and no raw text.
     */
    @Override
    public void onSkipReadItem(Exception ex) throws Exception {
        StepOutputs outputs = StepOutputs.of(step);
        ExportLine line = outputs.lastRead;
        if (line != null) {
            outputs.reject(line.lineNumber(), line.byteOffset(), ex.toString(), line.bytes());
        } else {
            outputs.reject(outputs.source.position().lineNumber() + 1, outputs.source.bytesConsumed(), ex.toString(),
                    new byte[0]);
        }
    }
}
