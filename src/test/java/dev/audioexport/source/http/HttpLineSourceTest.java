package dev.audioexport.source.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.batch.TestExports;
import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.source.ExportLine;
import dev.audioexport.source.FileLineSource;
import dev.audioexport.source.LineSource;
import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceOptions;
import dev.audioexport.source.SourceParameters;
import dev.audioexport.source.http.RawHttpServer.Ending;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http(s) source: the file source's lines, offsets and line numbers, through breaks and restarts. */
class HttpLineSourceTest {

    private static final SourceOptions FAST_RETRIES = new SourceOptions(SourceParameters.of(
            Map.of("retryDelayMillis", "5", "httpTimeoutSeconds", "1", "retryAttempts", "3")), null, status -> { }, () -> false);

    @TempDir
    Path dir;

    Path export;
    ServedFile served;
    RawHttpServer server;

    @BeforeEach
    void serve() throws IOException {
        export = TestExports.write(dir.resolve("export.ndjson"), 200);
        served = new ServedFile(export);
        server = RawHttpServer.start(served);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void givesTheFileSourceLinesWithTheirOffsets() throws IOException {
        assertEquals(describe(fileLines(export)), describe(readAll(url(), null)));
        assertEquals(List.of(new ServedFile.Served(null, 200)), served.log());
    }

    @Test
    void gzipIsDetectedByItsMagicBytesAndRestartsByDecompressingFromTheStart() throws IOException {
        Path gzip = gzip(export, dir.resolve("export.bin"));
        served = new ServedFile(gzip);
        server.close();
        server = RawHttpServer.start(served);
        HttpPosition checkpoint = positionAfter(40);

        assertTrue(checkpoint.gzip());
        List<ExportLine> rest = readAll(url(), checkpoint);

        assertEquals(describe(fileLines(export).subList(40, 200)), describe(rest));
        assertEquals(null, served.log().get(1).range(), "a gzip body restarts from byte 0");
    }

    @Test
    void aRestartResumesWithARangeRequestAtTheCheckpoint() throws IOException {
        HttpPosition checkpoint = positionAfter(50);

        List<ExportLine> rest = readAll(url(), checkpoint);

        assertEquals(describe(fileLines(export).subList(50, 200)), describe(rest));
        assertEquals(new ServedFile.Served("bytes=" + checkpoint.nextOffset() + "-", 206), served.log().get(1));
    }

    @Test
    void withoutRangeSupportARestartSkipsToTheCheckpoint() throws IOException {
        HttpPosition checkpoint = positionAfter(50);
        served.ranges = false;

        List<ExportLine> rest = readAll(url(), checkpoint);

        assertEquals(describe(fileLines(export).subList(50, 200)), describe(rest));
        assertEquals(200, served.log().get(1).status());
    }

    @Test
    void aRestartAtTheVeryEndReadsNothing() throws IOException {
        HttpPosition end = positionAfter(200);
        assertEquals(Files.size(export), end.nextOffset());

        assertEquals(List.of(), readAll(url(), end));
        assertEquals(416, served.log().get(1).status());
    }

    @Test
    void redirectsAreFollowedWithTheRangeAskedForAgain() throws IOException {
        HttpPosition checkpoint = positionAfter(50);
        List<String> redirected = new ArrayList<>();
        try (RawHttpServer links = RawHttpServer.start(request -> {
            redirected.add(request.path() + " " + request.header("Range"));
            RawHttpServer.Answer moved = RawHttpServer.Answer.text(302, "moved");
            moved.headers().put("Location", url().toString());
            return moved;
        })) {
            URI link = URI.create(links.baseUrl() + "/download?id=7");

            assertEquals(describe(fileLines(export)), describe(readAll(link, null)));
            assertEquals(describe(fileLines(export).subList(50, 200)), describe(readAll(link, checkpoint)));
        }
        assertEquals(List.of("/download null", "/download bytes=" + checkpoint.nextOffset() + "-"), redirected);
        assertEquals(new ServedFile.Served("bytes=" + checkpoint.nextOffset() + "-", 206), served.log().get(2));
    }

    @Test
    void inAServerEveryRedirectHopMustGoToAListedHost() throws IOException {
        try (RawHttpServer links = RawHttpServer.start(request -> {
            RawHttpServer.Answer moved = RawHttpServer.Answer.text(302, "moved");
            moved.headers().put("Location", url() + "?X-Amz-Signature=secret");
            return moved;
        })) {
            URI link = URI.create(links.baseUrl() + "/download");
            String linksHost = link.getHost() + ":" + link.getPort();
            SourceOptions onlyTheLinks = confined(List.of(linksHost));

            SourceException e = assertThrows(SourceException.class,
                    () -> HttpLineSource.open(link, null, onlyTheLinks, 1 << 20).close());

            assertEquals("GET " + link + " was redirected to a URL that is refused. Job parameter 'source': host "
                    + url().getHost() + ":" + url().getPort() + " is refused: this server reads http(s) sources only "
                    + "from the hosts listed in AUDIOEXPORT_SOURCE_HOSTS (" + linksHost + "). Add the host (or "
                    + "host:port) to AUDIOEXPORT_SOURCE_HOSTS and restart the server, or copy the export into the "
                    + "input directory " + dir.resolve("input") + ".", e.getMessage());
            assertEquals(List.of(), served.log(), "the host not listed was never asked");
            SourceOptions both = confined(List.of(linksHost, url().getHost() + ":" + url().getPort()));
            try (HttpLineSource source = HttpLineSource.open(link, null, both, 1 << 20)) {
                assertEquals(describe(fileLines(export)), describe(drain(source)));
            }
        }
    }

    private SourceOptions confined(List<String> hosts) {
        return new SourceOptions(FAST_RETRIES.parameters(), null, status -> { }, () -> false,
                ServerPolicy.confined(dir.resolve("input"), hosts, List.of()));
    }

    @Test
    void aRestartOnAChangedResourceIsRefused() throws IOException {
        HttpPosition checkpoint = positionAfter(50);
        served.etag = "\"v2\"";

        SourceException e = assertThrows(SourceException.class, () -> readAll(url(), checkpoint));

        assertTrue(e.getMessage().contains("changed since it was first read (ETag \"v1\" -> \"v2\")")
                && e.getMessage().contains("Start a new run with 'run'"), e.getMessage());
    }

    /** Without ETag or Last-Modified, the length is all that can tell: a longer or shorter resource has changed. */
    @Test
    void aRestartOnAResourceWithoutValidatorsThatChangedItsLengthIsRefused() throws IOException {
        served.etag = null;
        HttpPosition checkpoint = positionAfter(50);
        long length = Files.size(export);
        Files.writeString(export, "{\"data_row\":{\"id\":\"added\"}}\n", StandardOpenOption.APPEND);

        SourceException e = assertThrows(SourceException.class, () -> readAll(url(), checkpoint));

        assertTrue(e.getMessage().contains("changed since it was first read (length " + length + " -> "
                + Files.size(export) + " bytes)"), e.getMessage());
    }

    @Test
    void brokenDownloadsGoOnFromTheByteWhereTheyBroke() throws IOException {
        served.broken(1, Ending.CLOSE, 10_000, 0).broken(2, Ending.RESET, 20_000, 0).status(3, 503)
                .broken(4, Ending.STALL, 5_000, 1500);

        assertEquals(describe(fileLines(export)), describe(readAll(url(), null)));
        List<ServedFile.Served> log = served.log();
        assertEquals(new ServedFile.Served("bytes=10000-", 206), log.get(1));
        assertEquals(new ServedFile.Served("bytes=30000-", 503), log.get(2));
        assertEquals(new ServedFile.Served("bytes=30000-", 206), log.get(3));
        assertEquals(new ServedFile.Served("bytes=35000-", 206), log.get(4));
    }

    @Test
    void brokenDownloadsWithoutRangeSupportAreSkippedUnparsed() throws IOException {
        served.ranges = false;
        served.broken(1, Ending.CLOSE, 10_000, 0);

        assertEquals(describe(fileLines(export)), describe(readAll(url(), null)));
        assertEquals(new ServedFile.Served("bytes=10000-", 200), served.log().get(1));
    }

    @Test
    void tooManyFailuresInARowFailWithAMessageThatSaysHowToResume() {
        served.status(1, 500).status(2, 502).status(3, 503);

        SourceException e = assertThrows(SourceException.class, () -> readAll(url(), null));

        assertTrue(e.getMessage().startsWith("Download of " + server.baseUrl() + "/export.ndjson?... at byte 0 failed "
                + "3 times in a row (last: TransientHttpException: GET "), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), "the URL's query may hold credentials: " + e.getMessage());
        assertTrue(e.getMessage().endsWith("'restart' resumes the run from its last checkpoint."), e.getMessage());
    }

    @Test
    void aStopEndsTheWaitForARetryOrARateLimitInsteadOfHoldingTheRunForMinutes() throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        SourceOptions slowRetries = new SourceOptions(SourceParameters.of(Map.of("retryDelayMillis", "60000")), null,
                status -> { }, stop::get);
        for (RawHttpServer.Answer refusal : List.of(RawHttpServer.Answer.text(503, "busy"), rateLimited(600))) {
            stop.set(false);
            try (RawHttpServer refusing = RawHttpServer.start(request -> {
                stop.set(true);
                return refusal;
            })) {
                long start = System.nanoTime();

                SourceException e = assertThrows(SourceException.class,
                        () -> HttpLineSource.open(URI.create(refusing.baseUrl() + "/export.ndjson"), null, slowRetries,
                                1 << 20).close());

                assertTrue(e.getMessage().startsWith("Stopped while retrying Download of " + refusing.baseUrl()),
                        e.getMessage());
                assertTrue(e.getMessage().endsWith("'restart' resumes the run from its last checkpoint."), e.getMessage());
                assertTrue(System.nanoTime() - start < 5_000_000_000L, "the stop waited for the retry");
            }
        }
    }

    @Test
    void aRateLimitLongerThanTheBudgetSaysHowLongTheServerAskedToWait() throws IOException {
        server.close();
        server = RawHttpServer.start(request -> rateLimited(3600));

        SourceException e = assertThrows(SourceException.class, () -> readAll(url(), null));

        assertEquals("Download of " + server.baseUrl() + "/export.ndjson?... was refused for exceeding the API rate "
                + "limit: a wait of 3600 s more, after 0 s in a row, is beyond the 15-minute budget; try again later "
                + "('restart' resumes the run).", e.getMessage());
    }

    private static RawHttpServer.Answer rateLimited(int retryAfterSeconds) {
        RawHttpServer.Answer answer = RawHttpServer.Answer.text(429, "slow down");
        answer.headers().put("Retry-After", String.valueOf(retryAfterSeconds));
        return answer;
    }

    private URI url() {
        return URI.create(server.baseUrl() + "/export.ndjson?token=secret");
    }

    private HttpPosition positionAfter(int lines) throws IOException {
        try (HttpLineSource source = HttpLineSource.open(url(), null, FAST_RETRIES, 1 << 20)) {
            for (int i = 0; i < lines; i++) {
                source.next();
            }
            return source.position();
        }
    }

    private static List<ExportLine> readAll(URI url, HttpPosition from) throws IOException {
        try (HttpLineSource source = HttpLineSource.open(url, from, FAST_RETRIES, 1 << 20)) {
            return drain(source);
        }
    }

    private static List<ExportLine> fileLines(Path file) throws IOException {
        try (FileLineSource source = FileLineSource.open(file, null, 1 << 20)) {
            return drain(source);
        }
    }

    private static List<ExportLine> drain(LineSource source) throws IOException {
        List<ExportLine> lines = new ArrayList<>();
        for (ExportLine line = source.next(); line != null; line = source.next()) {
            lines.add(line);
        }
        return lines;
    }

    private static List<String> describe(List<ExportLine> lines) {
        return lines.stream().map(l -> l.lineNumber() + "@" + l.byteOffset() + ":" + new String(l.bytes(), UTF_8)).toList();
    }

    private static Path gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
        return to;
    }
}
