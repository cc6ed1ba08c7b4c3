package dev.audioexport.source.http;

import dev.audioexport.source.http.RawHttpServer.Answer;
import dev.audioexport.source.http.RawHttpServer.Ending;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One file served over HTTP with an ETag, with or without Range support, and faults on chosen GETs. */
final class ServedFile implements RawHttpServer.Handler {

    /** A GET as answered: its Range header (or null) and status. */
    record Served(String range, int status) {
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final Path file;
    private final List<Served> log = new CopyOnWriteArrayList<>();
    private final Map<Integer, Answer> faults = new ConcurrentHashMap<>();
    private final AtomicInteger gets = new AtomicInteger();
    volatile String etag = "\"v1\"";
    volatile boolean ranges = true;
    /** For a broken answer: how it ends and after how many bytes. */
    private final Map<Integer, Object[]> breaks = new ConcurrentHashMap<>();

    ServedFile(Path file) {
        this.file = file;
    }

    /** The {@code nth} GET (1-based) is answered with {@code status} and a short text. */
    ServedFile status(int nth, int status) {
        faults.put(nth, Answer.text(status, "injected " + status));
        return this;
    }

    /** The {@code nth} GET is broken after {@code bytes} of its body. */
    ServedFile broken(int nth, Ending how, long bytes, long stallMillis) {
        breaks.put(nth, new Object[] {how, bytes, stallMillis});
        return this;
    }

    List<Served> log() {
        return List.copyOf(log);
    }

    @Override
    public Answer answer(RawHttpServer.Request request) throws IOException {
        int nth = gets.incrementAndGet();
        String range = request.header("Range");
        Answer answer = faults.containsKey(nth) ? faults.get(nth) : content(range);
        Object[] broken = breaks.get(nth);
        if (broken != null) {
            answer = answer.broken((Ending) broken[0], (Long) broken[1], (Long) broken[2]);
        }
        log.add(new Served(range, answer.status()));
        return answer;
    }

    private Answer content(String range) throws IOException {
        long size = Files.size(file);
        Map<String, String> headers = new LinkedHashMap<>();
        if (etag != null) {
            headers.put("ETag", etag);
        }
        headers.put("Content-Type", "application/x-ndjson");
        Matcher from = RANGE.matcher(range == null ? "" : range);
        if (!ranges || !from.matches()) {
            return Answer.file(200, headers, file, 0, size);
        }
        long start = Long.parseLong(from.group(1));
        if (start >= size) {
            headers.put("Content-Range", "bytes */" + size);
            return Answer.file(416, headers, file, 0, 0);
        }
        headers.put("Content-Range", "bytes " + start + "-" + (size - 1) + "/" + size);
        return Answer.file(206, headers, file, start, size - start);
    }
}
