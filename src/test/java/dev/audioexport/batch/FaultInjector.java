package dev.audioexport.batch;

import dev.audioexport.source.ExportLine;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.StepListener;
import jakarta.batch.api.chunk.listener.ItemProcessListener;
import jakarta.batch.api.chunk.listener.ItemReadListener;
import jakarta.batch.api.chunk.listener.ItemWriteListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.jberet.runtime.context.JobContextImpl;

/**
 * Test-only listener (added to the job by {@link FaultInjectingJobXmlResolver}) that fails the
 * step at a chosen point: {@code afterProcess:N} after processing line N (inside a chunk), or
 * {@code afterWrite:N} after the N-th chunk is written but before its checkpoint, {@code afterRead:N}
 * after reading line N (a read error, skippable with {@code skippableException}); or stops the
 * job ({@code stopAfterStep}) once the step has ended, as a SIGTERM arriving then does.
 */
@Named
@Dependent
public class FaultInjector implements ItemReadListener, ItemProcessListener, ItemWriteListener, StepListener {

    @Inject
    @BatchProperty
    String failAt;

    @Inject
    JobContext job;

    private int chunksWritten;

    @Override
    public void afterRead(Object item) {
        if (item instanceof ExportLine line && matches("afterRead", line.lineNumber())) {
            throw new IllegalStateException("injected failure after reading line " + line.lineNumber());
        }
    }

    @Override
    public void beforeRead() {
    }

    @Override
    public void onReadError(Exception ex) {
    }

    @Override
    public void afterProcess(Object item, Object result) {
        if (result instanceof MappedLine line && matches("afterProcess", line.lineNumber())) {
            throw new IllegalStateException("injected failure after processing line " + line.lineNumber());
        }
    }

    @Override
    public void afterWrite(List<Object> items) {
        chunksWritten++;
        if (matches("afterWrite", chunksWritten)) {
            throw new IllegalStateException("injected failure after writing chunk " + chunksWritten);
        }
    }

    @Override
    public void beforeStep() {
    }

    @Override
    public void afterStep() {
        if ("stopAfterStep".equals(failAt)) {
            ((JobContextImpl) job).getJobExecution().stop();
        }
    }

    private boolean matches(String point, long count) {
        return failAt != null && failAt.equals(point + ":" + count);
    }

    @Override
    public void beforeProcess(Object item) {
    }

    @Override
    public void onProcessError(Object item, Exception ex) {
    }

    @Override
    public void beforeWrite(List<Object> items) {
    }

    @Override
    public void onWriteError(List<Object> items, Exception ex) {
    }
}
