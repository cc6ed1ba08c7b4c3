package dev.audioexport.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live progress of the executions running in this JVM, for the command line's progress line
 * and for operators. Written by the reader on each line; read from other threads.
 */
public final class RunProgress {

    private static final Map<Long, RunProgress> RUNNING = new ConcurrentHashMap<>();

    private volatile long linesRead;
    private volatile long bytesConsumed;
    private volatile long sourceSize = -1;
    private volatile long rowsWritten;
    private volatile String waitingFor;

    /** The progress of a running execution, or null when it does not run in this JVM. */
    public static RunProgress of(long executionId) {
        return RUNNING.get(executionId);
    }

    static RunProgress start(long executionId) {
        return RUNNING.computeIfAbsent(executionId, id -> new RunProgress());
    }

    static void finish(long executionId) {
        RUNNING.remove(executionId);
    }

    /** What the source waits for before its first line (an export task being prepared). */
    void waiting(String what) {
        waitingFor = what;
    }

    void source(long lines, long bytes, long size) {
        waitingFor = null;
        linesRead = lines;
        bytesConsumed = bytes;
        sourceSize = size;
    }

    void rows(long rows) {
        rowsWritten = rows;
    }

    public long linesRead() {
        return linesRead;
    }

    public long bytesConsumed() {
        return bytesConsumed;
    }

    /** Size of the source in bytes, or -1 when unknown. */
    public long sourceSize() {
        return sourceSize;
    }

    public long rowsWritten() {
        return rowsWritten;
    }

    /** What the source is waiting for, or null once lines flow. */
    public String waitingFor() {
        return waitingFor;
    }

    /** Percent of the source consumed, or -1 when its size is unknown. */
    public double percent() {
        long size = sourceSize;
        return size > 0 ? 100.0 * bytesConsumed / size : -1;
    }
}
