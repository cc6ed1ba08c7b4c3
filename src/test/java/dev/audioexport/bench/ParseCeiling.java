package dev.audioexport.bench;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The parse-only ceiling of the benchmark: one thread reads the NDJSON file line by line and
 * walks every JSON-P token of every line (Parsson), doing nothing with them. No export tool
 * built on this parser can be faster than this on the same machine.
 * <p>Usage: {@code java -cp TEST_CLASSPATH dev.audioexport.bench.ParseCeiling FILE [ROUNDS]};
 * prints the best round's MB/s (the first rounds warm the JIT up), by the wall clock and by the
 * scanning thread's CPU time (which other work on the machine slows much less).
 */
public final class ParseCeiling {

    private ParseCeiling() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        JsonParserFactory parsers = JsonProvider.provider().createParserFactory(Map.of());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = 0;
        double bestCpu = 0;
        long tokens = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            tokens = scan(file, parsers);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - startCpu) / 1e9;
            best = Math.max(best, Files.size(file) / 1e6 / seconds);
            bestCpu = Math.max(bestCpu, Files.size(file) / 1e6 / cpuSeconds);
        }
        System.out.printf(Locale.ROOT, "parse_ceiling_mb_s=%.1f parse_ceiling_cpu_mb_s=%.1f tokens=%d%n", best, bestCpu,
                tokens);
    }

    private static long scan(Path file, JsonParserFactory parsers) throws IOException {
        long tokens = 0;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                tokens += tokensOf(parsers, new StringReader(line));
            }
        }
        return tokens;
    }

    /** Walks every token of one line; a bad line counts what it was read of, as it costs the tool too. */
    static long tokensOf(JsonParserFactory parsers, Reader line) {
        long tokens = 0;
        try (JsonParser parser = parsers.createParser(line)) {
            while (parser.hasNext()) {
                parser.next();
                tokens++;
            }
        } catch (JsonParsingException badLine) {
            // go on with the next line
        }
        return tokens;
    }
}
