package dev.audioexport.bench;

import dev.audioexport.batch.EmbeddedJobs;
import dev.audioexport.batch.TestExports;
import dev.audioexport.source.labelbox.StandInLabelbox;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

/**
 * Throughput of the {@code labelbox:} source against the file source on the same export: the
 * stand-in server serves the export over loopback (signed slice URLs, Range, keep-alive) in
 * this JVM, and the same job runs both ways on the embedded runtime. Not a test.
 * <p>Usage: {@code LABELBOX_API_KEY=bench java -cp TEST_CLASSPATH dev.audioexport.bench.LabelboxThroughput
 * [SIZE_MB=200] [ROUNDS=3] [SLICE_MB=4]}; prints MB/s of both (alternating which goes first) and the
 * ratio of the best rounds (target >= 0.70).
 */
public final class LabelboxThroughput {

    private LabelboxThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int sizeMb = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long sliceBytes = (args.length > 2 ? Long.parseLong(args[2]) : 4) << 20;
        String key = System.getenv("LABELBOX_API_KEY");
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("Set LABELBOX_API_KEY (any value: the stand-in checks the job sends it).");
        }
        Path work = Files.createDirectories(Path.of("target", "bench").toAbsolutePath());
        Path export = export(work, sizeMb);
        double megabytes = Files.size(export) / 1e6;
        System.out.printf(Locale.ROOT, "export %s: %.1f MB, slices of %d MB%n", export, megabytes, sliceBytes >> 20);

        EmbeddedJobs jobs = new EmbeddedJobs(Files.createTempDirectory(work, "state"));
        try (StandInLabelbox labelbox = StandInLabelbox.serving(export, key).sliceBytes(sliceBytes).pollsInProgress(0)) {
            System.setProperty("labelbox.endpoint", labelbox.endpoint().toString());
            double bestFile = 0;
            double bestLabelbox = 0;
            for (int round = 1; round <= rounds; round++) {
                boolean fileFirst = round % 2 == 1;
                double file = fileFirst ? run(jobs, export.toString(), work.resolve("file.csv"), megabytes) : 0;
                double viaApi = run(jobs, "labelbox:clbenchproject", work.resolve("labelbox.csv"), megabytes);
                if (!fileFirst) {
                    file = run(jobs, export.toString(), work.resolve("file.csv"), megabytes);
                }
                System.out.printf(Locale.ROOT, "round %d: file %.1f MB/s, labelbox: %.1f MB/s%n", round, file, viaApi);
                bestFile = Math.max(bestFile, file);
                bestLabelbox = Math.max(bestLabelbox, viaApi);
            }
            boolean same = Arrays.equals(Files.readAllBytes(work.resolve("file.csv")),
                    Files.readAllBytes(work.resolve("labelbox.csv")));
            System.out.printf(Locale.ROOT, "best: file %.1f MB/s, labelbox: %.1f MB/s, ratio %.2f (target >= 0.70); "
                    + "identical CSV: %b%n", bestFile, bestLabelbox, bestLabelbox / bestFile, same);
        }
        System.exit(0);
    }

    /** MB/s of one run of the job on {@code source}. */
    private static double run(EmbeddedJobs jobs, String source, Path csv, double megabytes) throws Exception {
        Properties parameters = EmbeddedJobs.parameters(source, csv, 1000, "pollSeconds", "0.05");
        long start = System.nanoTime();
        JobExecution run = jobs.run("audio-export", parameters);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (run.getBatchStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException(source + ": " + run.getBatchStatus() + " " + run.getExitStatus());
        }
        return megabytes / seconds;
    }

    /** The synthetic export of the benchmark script when it is there, else test exports repeated to the size. */
    private static Path export(Path work, int sizeMb) throws Exception {
        Path file = work.resolve("labelbox-export-" + sizeMb + "mb.ndjson");
        if (Files.exists(file)) {
            return file;
        }
        try {
            Class.forName("dev.audioexport.bench.SyntheticExport").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {file.toString(), String.valueOf(sizeMb)});
            return file;
        } catch (ClassNotFoundException notYet) {
            return repeated(work, file, sizeMb);
        }
    }

    private static Path repeated(Path work, Path file, int sizeMb) throws IOException {
        Path block = TestExports.write(work.resolve("block.ndjson"), 20_000, 777, 15_555);
        byte[] bytes = Files.readAllBytes(block);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            for (long written = 0; written < (long) sizeMb << 20; written += bytes.length) {
                out.write(bytes);
            }
        }
        Files.delete(block);
        return file;
    }
}
