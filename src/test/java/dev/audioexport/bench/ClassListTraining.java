package dev.audioexport.bench;

import dev.audioexport.source.labelbox.StandInLabelbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Writes src/dist/lib/audio-export.classlist: the classes the distribution's commands load, for
 * the class-data-sharing archive the launcher makes at first use (bin/audio-export). A training
 * run on the bundled sample sees a CSV run only; a sync, a restart or a database load then loaded
 * some 1,500 classes from the jar (the REST client, the PostgreSQL driver, the sync's own).
 * Each command here runs through the launcher with -XX:DumpLoadedClassList and no archive: a CSV
 * and an all-tables run of the sample, a load into PostgreSQL, a run killed and restarted,
 * {@code status}, a full sync and a sync with nothing changed of two projects from the Labelbox
 * stand-in on loopback. Their lists are merged in order, each line once.
 * Usage (src/bench/make-classlist.sh): ClassListTraining OUTPUT [PG_URL]
 */
public final class ClassListTraining {

    private static final Path LAUNCHER = Path.of("target", "dist", "bin", "audio-export").toAbsolutePath();
    private static final Path SAMPLE = Path.of("target", "dist", "samples", "seed-audio-export.ndjson").toAbsolutePath();
    private static final String KEY = "training-key";
    /** Each training has a job repository of its own. */
    private static final long STARTED = System.currentTimeMillis();

    private ClassListTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]).toAbsolutePath();
        String pg = args.length > 1 ? args[1] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        Path work = Files.createDirectories(Path.of("target", "classlist-training").toAbsolutePath());
        String schema = "classlist" + System.currentTimeMillis() % 100_000;
        Set<String> merged = new LinkedHashSet<>();
        try (StandInLabelbox labelbox = StandInLabelbox.forProjects(KEY).pollsInProgress(1);
                Connection db = DriverManager.getConnection(pg); Statement sql = db.createStatement()) {
            Path export = work.resolve("export.ndjson");
            SyntheticExport.write(export, 20, false);
            for (String project : List.of("p0", "p1")) {
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    lines.add(SeedLines.line(project, "row" + i, SeedLines.OLD, "answer " + i));
                }
                labelbox.project(project, Files.write(work.resolve(project + ".ndjson"), lines, StandardCharsets.UTF_8));
            }
            sql.execute("CREATE SCHEMA " + schema);
            Map<String, String> env = Map.of("LABELBOX_API_KEY", KEY, "LABELBOX_ENDPOINT", labelbox.endpoint().toString());
            try {
                merged.addAll(command(work, "csv", env, "run", "--source", SAMPLE.toString(), "--csv", "sample.csv"));
                merged.addAll(command(work, "tables", env, "run", "--source", SAMPLE.toString(), "--out", "tables"));
                merged.addAll(command(work, "jdbc", env, "run", "--source", SAMPLE.toString(), "--jdbc", pg,
                        "--table", schema + ".sample"));
                merged.addAll(killedAndRestarted(work, env, export));
                merged.addAll(command(work, "status", env, "status"));
                for (String round : List.of("sync-full", "sync-unchanged")) {
                    merged.addAll(command(work, round, env, "sync", "--projects", "p0,p1", "--jdbc", pg,
                            "--table", schema + ".synced", "--threads", "2"));
                }
            } finally {
                sql.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        Files.write(output, merged, StandardCharsets.UTF_8);
        System.out.println(output + ": " + merged.size() + " lines");
    }

    /** A run killed (SIGKILL) once its CSV has some chunks, then {@code restart --last}. */
    private static List<String> killedAndRestarted(Path work, Map<String, String> env, Path export) throws Exception {
        Process run = launcher(work, "killed", env, "run", "--source", export.toString(), "--csv", "killed.csv").start();
        Path csv = work.resolve("killed.csv");
        while (run.isAlive() && (!Files.exists(csv) || Files.size(csv) < 4_000_000)) {
            Thread.sleep(10);
        }
        run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);  // the launcher execs the JVM: this kills it
        return command(work, "restart", env, "restart", "--last");
    }

    /** Runs one command through the launcher and returns the classes it loaded. */
    private static List<String> command(Path work, String name, Map<String, String> env, String... args)
            throws Exception {
        Process process = launcher(work, name, env, args).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(name + " failed: " + Files.readString(work.resolve(name + ".out")));
        }
        return Files.readAllLines(work.resolve(name + ".classlist"), StandardCharsets.UTF_8);
    }

    private static ProcessBuilder launcher(Path work, String name, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".out").toFile());
        builder.environment().putAll(env);
        builder.environment().putAll(Map.of("AUDIOEXPORT_HOME", work.resolve("state-" + STARTED).toString(),
                "AUDIOEXPORT_CDS", "off",
                "AUDIOEXPORT_OPTS", "-XX:DumpLoadedClassList=" + work.resolve(name + ".classlist"),
                "JAVA_HOME", System.getProperty("java.home")));
        return builder;
    }
}
