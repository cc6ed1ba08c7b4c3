package dev.audioexport.sink;

import dev.audioexport.mapping.RowMapper;
import dev.audioexport.model.ExportDecoder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV writer's own work, alone: every field of the long-table rows of an export encoded as
 * its CSV bytes ({@link CsvSink#encode}), by thread CPU time, best of ROUNDS passes (the machine's
 * load distorts that least). Not a unit test; run it by hand after {@code mvn -B -q test-compile}:
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/bench/classpath) dev.audioexport.sink.CsvEncodeBench \
 *      target/bench/export-100mb.ndjson [ROUNDS=12]
 * </pre>
 */
public final class CsvEncodeBench {

    private CsvEncodeBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String[]> rows = new ArrayList<>();
        ExportDecoder decoder = ExportDecoder.standard();
        RowMapper mapper = new RowMapper();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                rows.addAll(mapper.map(decoder.decode(line)));
            }
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long bytes = 0;
        for (int round = 0; round < rounds; round++) {
            long started = threads.getCurrentThreadCpuTime();
            bytes = 0;
            for (String[] row : rows) {
                for (String field : row) {
                    bytes += CsvSink.encode(field).length;
                }
            }
            best = Math.min(best, threads.getCurrentThreadCpuTime() - started);
        }
        System.out.printf("%,d rows, %,d CSV field bytes: %.3f CPU-s (best of %d)%n", rows.size(), bytes, best / 1e9,
                rounds);
    }
}
