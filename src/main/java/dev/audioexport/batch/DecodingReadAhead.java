package dev.audioexport.batch;

import dev.audioexport.model.ExportRecord;
import dev.audioexport.model.MalformedLineException;
import dev.audioexport.source.ExportLine;
import dev.audioexport.source.LineSource;
import dev.audioexport.source.SourcePosition;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * A source whose lines are read and decoded a few lines ahead on a thread of its own, so that
 * splitting, UTF-8 and JSON decoding (most of the step thread's work) run beside the mapping,
 * and the CSV thread beside both.
 *
 * <p>To the step it is the source it wraps, at the line it last returned: {@link #position()}
 * and {@link #bytesConsumed()} are the wrapped source's as they were right after that line was
 * read, so checkpoints and the rejects' line numbers are those of a source read in step. A read
 * that fails is reported at the same place, and nothing more is read until the step asks for
 * the next line (as a skipped read asks again).
 *
 * <p>Memory: at most {@link #AHEAD_LINES} lines and {@link #AHEAD_BYTES} bytes wait decoded; a
 * line longer than {@link #LONG_LINE} bytes is passed on undecoded (the processor decodes it, as
 * it always did), and nothing after it is read until the step asks for the next line, so long
 * lines cost no more memory than without read-ahead.
 */
final class DecodingReadAhead implements LineSource {

    static final int AHEAD_LINES = 16;
    static final long AHEAD_BYTES = 1L << 20;
    static final int LONG_LINE = 1 << 20;

    /** One line read: its record or why it is malformed (neither: decoded by the step), or the read's failure. */
    private record Ahead(ExportLine line, ExportRecord record, MalformedLineException malformed, Throwable readFailure,
                         SourcePosition position, long bytesConsumed) {

        long size() {
            return line == null ? 0 : line.bytes().length;
        }

        /** After this, the reader waits for the step: the end, a failed read or a long line. */
        boolean holds() {
            return line == null || record == null && malformed == null;
        }
    }

    private final LineSource source;
    private final Thread reader;
    private final ArrayDeque<Ahead> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** The reader waits for the step to ask for the next line (see {@link Ahead#holds}). */
    private boolean holding;
    private boolean closing;
    /** What the step has been given: the last line, where the source was after it. */
    private volatile Ahead current;

    DecodingReadAhead(LineSource source, String threadName) {
        this.source = source;
        this.current = new Ahead(null, null, null, null, source.position(), source.bytesConsumed());
        this.reader = new Thread(this::readAhead, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void readAhead() {
        LineDecoder decoder = new LineDecoder();
        try {
            while (awaitRoom()) {
                Ahead ahead = readOne(decoder);
                synchronized (this) {
                    queue.add(ahead);
                    queuedBytes += ahead.size();
                    holding = ahead.holds();
                    notifyAll();
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** Waits until there is room and the step is not being waited for; false when closing. */
    private synchronized boolean awaitRoom() throws InterruptedException {
        while (!closing && (holding || queue.size() >= AHEAD_LINES || queuedBytes >= AHEAD_BYTES)) {
            wait();
        }
        return !closing;
    }

    private Ahead readOne(LineDecoder decoder) {
        ExportLine line;
        try {
            line = source.next();
        } catch (IOException | RuntimeException | Error e) {
            return new Ahead(null, null, null, e, source.position(), source.bytesConsumed());
        }
        SourcePosition position = source.position();
        long consumed = source.bytesConsumed();
        if (line == null || line.bytes().length > LONG_LINE) {
            return new Ahead(line, null, null, null, position, consumed);
        }
        try {
            return new Ahead(line, decoder.decode(line), null, null, position, consumed);
        } catch (MalformedLineException e) {
            return new Ahead(line, null, e, null, position, consumed);
        } catch (RuntimeException e) {
            return new Ahead(line, null, null, null, position, consumed);  // the step decodes it again and meets it there
        }
    }

    @Override
    public ExportLine next() throws IOException {
        Ahead ahead;
        synchronized (this) {
            if (holding && queue.isEmpty()) {
                holding = false;  // the step asks again: the reader goes on
                notifyAll();
            }
            try {
                while (queue.isEmpty()) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for the next line of " + source.description(), e);
            }
            ahead = queue.poll();
            queuedBytes -= ahead.size();
            notifyAll();
        }
        current = ahead;
        Throwable failure = ahead.readFailure();
        if (failure instanceof IOException e) {
            throw e;
        } else if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        }
        return ahead.line();
    }

    /**
     * The record of {@code line}, the line last returned, as decoded ahead; a line not decoded
     * ahead (a long one) is decoded here by the step's {@code decoder}.
     */
    ExportRecord decoded(ExportLine line, LineDecoder decoder) throws MalformedLineException {
        Ahead ahead = current;
        if (ahead.line() != line || ahead.record() == null && ahead.malformed() == null) {
            return decoder.decode(line);
        }
        if (ahead.malformed() != null) {
            throw ahead.malformed();
        }
        return ahead.record();
    }

    @Override
    public SourcePosition position() {
        return current.position();
    }

    @Override
    public long bytesConsumed() {
        return current.bytesConsumed();
    }

    @Override
    public long size() {
        return source.size();
    }

    @Override
    public String description() {
        return source.description();
    }

    @Override
    public long exportErrors() {
        return source.exportErrors();
    }

    @Override
    public String exportTaskId() {
        return source.exportTaskId();
    }

    @Override
    public String exportTaskCreatedAt() {
        return source.exportTaskCreatedAt();
    }

    /** Stops the reader (it may be blocked in a read: the interrupt ends that) and closes the source. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            source.close();
        }
    }
}
