package dev.audioexport.operations;

/** An execution this process started, and the lock that tells other processes it is alive. */
public record StartedRun(long executionId, RunLock lock) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        lock.close();
    }
}
