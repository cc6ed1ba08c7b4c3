package dev.audioexport.sink;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Rejected input lines as JSON lines: {@code {"line":N,"offset":B,"reason":"...","raw":"..."}},
 * the raw line cut to 4 KiB. Checkpointed like the CSV, so a restart neither loses nor repeats one.
 */
public final class RejectsSink implements Closeable {

    /** How much of a rejected line is kept: enough to see what went wrong, bounded for huge lines. */
    public static final int RAW_LIMIT_BYTES = 4096;

    private final CheckpointedFile file;

    private RejectsSink(CheckpointedFile file) {
        this.file = file;
    }

    public static RejectsSink open(Path path, Long committedLength) throws IOException {
        return new RejectsSink(CheckpointedFile.open(path, committedLength));
    }

    public void reject(long lineNumber, long byteOffset, String reason, byte[] raw) throws IOException {
        StringWriter json = new StringWriter();
        try (JsonGenerator out = Json.createGenerator(json)) {
            out.writeStartObject()
                    .write("line", lineNumber)
                    .write("offset", byteOffset)
                    .write("reason", reason)
                    .write("raw", rawText(raw))
                    .writeEnd();
        }
        file.write(json.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The line's first 4 KiB as text; a multi-byte character cut at the limit is dropped. */
    static String rawText(byte[] raw) {
        int length = Math.min(raw.length, RAW_LIMIT_BYTES);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(raw, 0, trimPartialCharacter(raw, length)))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("replacing decoder cannot fail", e);
        }
    }

    private static int trimPartialCharacter(byte[] raw, int length) {
        if (length == raw.length) {
            return length;
        }
        int end = length;
        while (end > 0 && (raw[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }

    public long commit() throws IOException {
        return file.commit();
    }

    public Path path() {
        return file.path();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
