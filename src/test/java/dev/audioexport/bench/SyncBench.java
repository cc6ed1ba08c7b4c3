package dev.audioexport.bench;

import dev.audioexport.source.labelbox.StandInLabelbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sync benchmark of issue 12, on the distribution's launcher (a child JVM per sync) against
 * the Labelbox stand-in on loopback and PostgreSQL: PROJECTS projects of SIZE_MB each (the seed
 * sample's line, one data row id per line), a full sync with --threads 1 and one with --threads 2
 * (targets: 2 threads at least 1.6 x faster), then a sync with nothing changed (the fixed cost of
 * any sync), then 1 % of each project's rows changed and an incremental sync (target: at most 5 %
 * of the full sync's time). Wall clock of each command, JVM start included, and the CPU seconds of
 * the job, the stand-in (this JVM) and the PostgreSQL server meanwhile ({@link CpuShares}), from
 * which the CPU-bound ceiling of the speed-up on this machine's 2 cores. Not a test.
 * <p>Usage (from the repository root, after {@code mvn package}): {@code java -cp TEST_CLASSPATH
 * dev.audioexport.bench.SyncBench [SIZE_MB=100] [PROJECTS=4] [PG_URL]}; src/bench/run-sync-bench.sh.
 */
public final class SyncBench {

    private static final String KEY = "bench-key";
    private static final Path LAUNCHER = Path.of("target", "dist", "bin", "audio-export").toAbsolutePath();

    private SyncBench() {
    }

    public static void main(String[] args) throws Exception {
        int sizeMb = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int projects = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String pg = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        Path work = Files.createDirectories(Path.of("target", "bench", "sync").toAbsolutePath());
        int lines = (int) (sizeMb * 1_000_000L / SeedLines.length());
        String schema = "syncbench" + System.currentTimeMillis() % 100_000;
        // Every export task is still IN_PROGRESS at its first poll (a real one is, a few ms after its
        // creation): the wait before the next poll is then part of what each project costs.
        try (StandInLabelbox labelbox = StandInLabelbox.forProjects(KEY).pollsInProgress(1).sliceBytes(4 << 20);
                Connection db = DriverManager.getConnection(pg); Statement sql = db.createStatement()) {
            List<List<String>> exports = new ArrayList<>();
            for (int p = 0; p < projects; p++) {
                List<String> export = new ArrayList<>(lines);
                for (int i = 0; i < lines; i++) {
                    export.add(SeedLines.line("bench-p" + p, "row" + i, SeedLines.OLD, "answer " + i));
                }
                exports.add(export);
                labelbox.project("bench-p" + p, Files.write(work.resolve("p" + p + ".ndjson"), export, StandardCharsets.UTF_8));
            }
            System.out.printf(Locale.ROOT, "%d projects x %d lines (%.1f MB each)%n", projects, lines,
                    Files.size(work.resolve("p0.ndjson")) / 1e6);
            sql.execute("CREATE SCHEMA " + schema);
            String list = String.join(",", java.util.stream.IntStream.range(0, projects).mapToObj(p -> "bench-p" + p)
                    .toList());
            try {
                // Both full syncs start alike: into fresh tables of their own, and right after a checkpoint
                // (else the WAL the first one wrote, 1-2 GB, makes the second pay for its checkpoint).
                sql.execute("CHECKPOINT");
                Run one = sync(work, labelbox, pg, schema + ".one", list, "1");
                sql.execute("CHECKPOINT");
                Run two = sync(work, labelbox, pg, schema + ".two", list, "2");
                System.out.printf(Locale.ROOT, "full sync, --threads 1: %.1f s; --threads 2: %.1f s; speed-up %.2f x "
                        + "(target >= 1.6)%n", one.seconds(), two.seconds(), one.seconds() / two.seconds());
                // Two threads cannot take less wall time than their CPU seconds over the cores they had.
                double ceiling = one.seconds() / (two.cpu().parties() / 2);
                double left = Math.max(0.1, 2 - two.cpu().others() / two.seconds());
                System.out.printf(Locale.ROOT, "  CPU-bound ceiling of the speed-up: %.2f x on 2 cores (--threads 1's wall "
                        + "over half the CPU seconds of --threads 2; other work slowing --threads 1 raises it), %.2f x without the stand-in's CPU (Labelbox's "
                        + "in production), %.2f x on the %.2f cores other processes left; reached %.0f %% of the "
                        + "last%n", ceiling, one.seconds() / ((two.cpu().parties() - two.cpu().standIn()) / 2),
                        one.seconds() / (two.cpu().parties() / left), left,
                        100 * (one.seconds() / two.seconds()) / (one.seconds() / (two.cpu().parties() / left)));
                // Nothing active since the watermark: what any sync of these projects costs (JVM, runtime,
                // tables check, an export task and watermark per project), whatever changed.
                Run unchanged = sync(work, labelbox, pg, schema + ".two", list, "2");
                String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
                for (int p = 0; p < projects; p++) {
                    List<String> export = exports.get(p);
                    for (int i = 0; i < lines; i += 100) {
                        export.set(i, SeedLines.line("bench-p" + p, "row" + i, now, "changed " + i));
                    }
                    labelbox.project("bench-p" + p, Files.write(work.resolve("p" + p + ".ndjson"), export,
                            StandardCharsets.UTF_8));
                }
                Run incremental = sync(work, labelbox, pg, schema + ".two", list, "2");
                System.out.printf(Locale.ROOT, "incremental sync of 1 %% changed rows, --threads 2: %.1f s = %.1f %% of "
                        + "the full sync (target <= 5 %%); of which a sync with nothing changed: %.1f s = %.1f %%; "
                        + "the rest, %.2f s = %.1f %%, grows with the rows changed%n", incremental.seconds(),
                        100 * incremental.seconds() / two.seconds(), unchanged.seconds(),
                        100 * unchanged.seconds() / two.seconds(), incremental.seconds() - unchanged.seconds(),
                        100 * (incremental.seconds() - unchanged.seconds()) / two.seconds());
            } finally {
                sql.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** A sync's wall time and the CPU seconds spent meanwhile. */
    private record Run(double seconds, CpuShares cpu) {
    }

    private static Run sync(Path work, StandInLabelbox labelbox, String pg, String table, String projects,
            String threads) throws Exception {
        CpuShares before = CpuShares.now();
        long start = System.nanoTime();
        Path out = work.resolve("sync.out");
        // As an operator runs it: the distribution's launcher (its JVM options and class-data archive).
        ProcessBuilder command = new ProcessBuilder(LAUNCHER.toString(), "sync", "--projects", projects, "--jdbc", pg,
                "--table", table, "--threads", threads).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        command.environment().putAll(Map.of("AUDIOEXPORT_HOME", work.resolve("state").toString(),
                "LABELBOX_API_KEY", KEY, "LABELBOX_ENDPOINT", labelbox.endpoint().toString(),
                "JAVA_HOME", System.getProperty("java.home")));
        int exit = command.start().waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuShares used = CpuShares.now().since(before);
        if (exit != 0) {
            throw new IllegalStateException("sync failed, exit " + exit + ": " + Files.readString(out));
        }
        System.out.printf(Locale.ROOT, "  sync --threads %s into %s: %.1f s; %s%n", threads, table, seconds,
                used.shown(seconds));
        return new Run(seconds, used);
    }
}
