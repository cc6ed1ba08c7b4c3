package dev.audioexport.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.audioexport.mapping.RowMapper;
import dev.audioexport.model.ExportDecoder;
import dev.audioexport.model.MalformedLineException;
import dev.audioexport.model.StreamingExportDecoder;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Decoder throughput with JMH, in MB/s of NDJSON (1 MB = 10^6 bytes of the file's uncompressed
 * UTF-8, line ends included). One benchmark operation is one pass over every line of the file,
 * held in memory as Strings (the decoders' input), so file reading and UTF-8 decoding are left
 * out. Variants: {@code scan} (JSON-P/Parsson token scan only, the parse ceiling),
 * {@code streaming} (decode only, of the text), {@code bytes} (decode only, of the line's UTF-8
 * bytes: the fast path the job takes, with no UTF-8 decoding pass), {@code streamingRows} (decode + {@link RowMapper}). (The JSON-B
 * binding it was once compared with is gone: it was a second mapping to keep in step.) Not a unit test; run it by hand:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
 * java -cp target/test-classes:target/classes:$(cat target/bench.cp) dev.audioexport.bench.DecoderBench \
 *      [FILE.ndjson[.gz] | SIZE_MB] [VARIANT_REGEX]
 * </pre>
 * A number (default 100) generates {@code target/bench/synthetic-SIZE_MB.ndjson} with
 * {@link SyntheticExport} once and reuses it. One forked JVM per variant (-Xmx3g), 5 warm-up and
 * 8 measured iterations of 2 s (several passes each). JMH prints its own table (ms per pass, and
 * the allocation per pass from its GC profiler); then this prints, per variant, MB/s by wall
 * clock, MB/s per second of process CPU time (all threads of the forked JVM, GC and JIT included;
 * 10 ms resolution on Linux, summed over all measured passes) and bytes allocated per input
 * byte. When other processes compete for the cores the wall-clock figure drops and swings while
 * the CPU figure barely moves; on an idle machine the CPU figure is the lower one when GC threads
 * run beside the decoder. About 3 minutes for 100 MB on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class DecoderBench {

    private static final JsonParserFactory PARSERS = JsonProvider.provider().createParserFactory(Map.of());
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** The NDJSON file to decode; set by {@link #main}. */
    @Param("")
    public String file;

    private List<String> lines;
    private List<byte[]> utf8Lines;
    private final ExportDecoder streaming = new StreamingExportDecoder();
    private final RowMapper mapper = new RowMapper();

    /** Process CPU time of the passes, reported by JMH next to the time per pass. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Cpu {
        public long cpuNanos;
        public long passes;
        private long started;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            passes = 0;
        }

        void start() {
            started = OS.getProcessCpuTime();
        }

        void stop() {
            cpuNanos += OS.getProcessCpuTime() - started;
            passes++;
        }
    }

    @Setup(Level.Trial)
    public void load() throws IOException {
        lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(Path.of(file)), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        utf8Lines = new ArrayList<>();
        for (String line : lines) {
            utf8Lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    public long scan(Cpu cpu) {
        cpu.start();
        long events = 0;
        for (String line : lines) {
            try (JsonParser parser = PARSERS.createParser(new StringReader(line))) {
                while (parser.hasNext()) {
                    parser.next();
                    events++;
                }
            }
        }
        cpu.stop();
        return events;
    }

    @Benchmark
    public void streaming(Blackhole blackhole, Cpu cpu) throws MalformedLineException {
        cpu.start();
        for (String line : lines) {
            blackhole.consume(streaming.decode(line));
        }
        cpu.stop();
    }

    @Benchmark
    public void bytes(Blackhole blackhole, Cpu cpu) {
        cpu.start();
        for (byte[] line : utf8Lines) {
            blackhole.consume(streaming.decodeUtf8(line));
        }
        cpu.stop();
    }

    @Benchmark
    public void streamingRows(Blackhole blackhole, Cpu cpu) throws MalformedLineException {
        cpu.start();
        for (String line : lines) {
            blackhole.consume(mapper.map(streaming.decode(line)));
        }
        cpu.stop();
    }

    public static void main(String[] args) throws Exception {
        String input = args.length > 0 ? args[0] : "100";
        Path file = input.matches("\\d+") ? synthetic(Integer.parseInt(input)) : Path.of(input);
        long bytes = uncompressedSize(file);
        String variants = args.length > 1 ? args[1] : ".*";
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(Pattern.quote(DecoderBench.class.getName()) + "\\.(" + variants + ")$")
                .param("file", file.toAbsolutePath().toString())
                .addProfiler(GCProfiler.class)
                .build()).run();

        System.out.printf("%n%s: %,d bytes (%.1f MB)%n", file, bytes, bytes / 1e6);
        System.out.printf("%-15s %9s %11s %10s %13s %16s%n", "variant", "ms/pass", "± (99.9%)", "MB/s wall",
                "MB/s per CPU", "alloc B/in byte");
        for (RunResult run : results) {
            Result<?> time = run.getPrimaryResult();
            @SuppressWarnings("rawtypes")
            Map<String, Result> secondary = run.getSecondaryResults();
            double cpuMsPerPass = secondary.get("cpuNanos").getScore() / secondary.get("passes").getScore() / 1e6;
            Result<?> alloc = secondary.get("gc.alloc.rate.norm");
            String variant = run.getParams().getBenchmark().replaceAll(".*\\.", "");
            System.out.printf("%-15s %9.0f %11.0f %10.1f %13.1f %16.1f%n", variant, time.getScore(), time.getScoreError(),
                    mbPerSecond(bytes, time.getScore()), mbPerSecond(bytes, cpuMsPerPass),
                    alloc == null ? Double.NaN : alloc.getScore() / bytes);
        }
    }

    private static double mbPerSecond(long bytes, double ms) {
        return bytes / 1e6 / (ms / 1000);
    }

    private static Path synthetic(int sizeMb) throws IOException {
        Path file = Path.of("target", "bench", "synthetic-" + sizeMb + ".ndjson");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            SyntheticExport.Summary summary = SyntheticExport.write(partial, sizeMb, false);
            Files.move(partial, file);
            System.out.printf("generated %s: %d lines%n", file, summary.lines());
        }
        return file;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static long uncompressedSize(Path file) throws IOException {
        if (!file.toString().endsWith(".gz")) {
            return Files.size(file);
        }
        try (InputStream in = open(file)) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
