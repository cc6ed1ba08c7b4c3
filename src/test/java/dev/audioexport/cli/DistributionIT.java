package dev.audioexport.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.batch.TestExports;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: target/dist/bin/audio-export (started through a symbolic
 * link, as from a PATH directory) and target/audio-export-VERSION.tar.gz unpacked elsewhere.
 */
class DistributionIT {

    private static final Path DIST = Path.of("target", "dist").toAbsolutePath();
    /** A class from the launcher's archive (a static one: no "(top)", as a dynamic one's says). */
    private static final String SHARED = "source: shared objects file";

    @TempDir
    Path dir;

    @Test
    void theLauncherRunsTheBundledSampleThroughASymlinkAndPrintsNothingElse() throws Exception {
        Path launcher = linkTo(DIST.resolve("bin/audio-export"));
        Result result = run(launcher, Map.of(), "run", "--source", DIST.resolve("samples/seed-audio-export.ndjson")
                .toString(), "--csv", "seed.csv");

        assertEquals(0, result.exit(), result.toString());
        assertEquals("", result.stderr(), "no JVM or archive warnings: " + result);
        try (InputStream expected = getClass().getResourceAsStream("/samples/seed-audio-export.expected.csv")) {
            assertArrayEquals(expected.readAllBytes(), Files.readAllBytes(dir.resolve("seed.csv")));
        }
        assertEquals(List.of(".tmp", "bin", "seed.csv", "seed.csv.rejects.jsonl", "state"), list(dir),
                "state under AUDIOEXPORT_HOME, outputs where asked, nothing else");
    }

    /** Java 17 crashed (SIGSEGV, exit 134) profiling a run with the static archive in use. */
    @Test
    void aRunUnderAFlightRecordingCompletesWithoutTheArchive() throws Exception {
        Result result = run(linkTo(DIST.resolve("bin/audio-export")), Map.of("AUDIOEXPORT_OPTS",
                "-XX:StartFlightRecording=filename=" + dir.resolve("run.jfr") + " -Xlog:class+load=info"), "run",
                "--source", DIST.resolve("samples/seed-audio-export.ndjson").toString(), "--csv", "seed.csv");

        assertEquals(0, result.exit(), result.toString());
        assertTrue(Files.size(dir.resolve("run.jfr")) > 0, "a recording was written");
        assertTrue(result.stdout().contains("dev.audioexport.cli.Main source: "), result.stdout());
        assertTrue(!result.stdout().contains("dev.audioexport.cli.Main " + SHARED), "not from our archive");
    }

    @Test
    void classesComeFromTheBuildsArchive() throws Exception {
        Result result = run(linkTo(DIST.resolve("bin/audio-export")), Map.of("AUDIOEXPORT_OPTS",
                "-Xlog:class+load=info"), "status");

        assertEquals(0, result.exit(), result.toString());
        assertTrue(result.stdout().contains("dev.audioexport.cli.Main " + SHARED), result.stdout());
    }

    @Test
    void theArchiveHoldsTheClassesOfCommandsTheSampleRunDoesNotUse() throws Exception {
        // a sync's database connection: in lib/audio-export.classlist, never loaded by a CSV run
        Result result = run(linkTo(DIST.resolve("bin/audio-export")), Map.of("AUDIOEXPORT_OPTS",
                "-Xlog:class+load=info", "LABELBOX_API_KEY", "key"), "sync", "--projects", "p1", "--jdbc",
                "jdbc:postgresql://127.0.0.1:1/refused", "--table", "t");

        assertEquals(2, result.exit(), result.toString());
        assertTrue(result.stdout().contains("org.postgresql.core.v3.ConnectionFactoryImpl " + SHARED), result.stdout());
    }

    @Test
    void defaultsAreASerialCollectorAndASmallGrowableHeapAndTheUsersOptionsWin() throws Exception {
        Path launcher = linkTo(DIST.resolve("bin/audio-export"));
        Result defaults = run(launcher, Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "status");
        assertTrue(defaults.stdout().contains("-XX:InitialHeapSize=67108864"), defaults.toString());
        assertTrue(defaults.stdout().contains("-XX:MaxHeapSize=671088640"), defaults.toString());
        assertTrue(defaults.stdout().contains("-XX:+UseSerialGC"), defaults.toString());

        Result overridden = run(launcher, Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -Xmx256m",
                "AUDIOEXPORT_OPTS", "-XX:+UseParallelGC -Xmx300m"), "status");
        assertEquals(0, overridden.exit(), "a collector of the user's replaces ours: " + overridden);
        assertTrue(overridden.stdout().contains("-XX:MaxHeapSize=314572800"), overridden.toString());
        assertTrue(overridden.stdout().contains("-XX:+UseParallelGC"), overridden.toString());
        assertFalse(overridden.stdout().contains("UseSerialGC"), overridden.toString());
    }

    /**
     * A database load (run --jdbc, sync) and status get the quick compiler alone; a CSV run and a
     * load into H2 (in this JVM) keep the optimizing one, inlining less; the user's option wins.
     */
    @Test
    void databaseLoadsAndStatusRunOnTheQuickCompilerAlone() throws Exception {
        Path launcher = linkTo(DIST.resolve("bin/audio-export"));
        Map<String, String> flags = Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags", "LABELBOX_API_KEY", "key");
        String refused = "jdbc:postgresql://127.0.0.1:1/refused";
        String sample = DIST.resolve("samples/seed-audio-export.ndjson").toString();
        for (String[] command : List.of(new String[] {"status"},
                new String[] {"run", "--source", sample, "--jdbc", refused, "--table", "t"},
                new String[] {"sync", "--projects", "p1", "--jdbc", refused, "--table", "t"})) {
            Result result = run(launcher, flags, command);
            assertTrue(result.stdout().contains("-XX:TieredStopAtLevel=1"), result.toString());
        }
        Result csv = run(launcher, flags, "run", "--source", sample, "--csv", "seed.csv");
        assertEquals(0, csv.exit(), csv.toString());
        assertFalse(csv.stdout().contains("TieredStopAtLevel"), csv.toString());
        assertTrue(csv.stdout().contains("-XX:FreqInlineSize=150"), "C2 inlines less: " + csv);
        Result h2 = run(launcher, flags, "run", "--source", sample, "--jdbc", "jdbc:h2:file:" + dir.resolve("h2"),
                "--table", "t");
        assertEquals(0, h2.exit(), h2.toString());
        assertFalse(h2.stdout().contains("TieredStopAtLevel"), "H2 runs in the JVM, as a CSV run: " + h2);

        Result restored = run(launcher, Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags", "AUDIOEXPORT_OPTS",
                "-XX:TieredStopAtLevel=4"), "run", "--source", sample, "--jdbc", refused, "--table", "t");
        assertTrue(restored.stdout().contains("-XX:TieredStopAtLevel=4"), restored.toString());
        assertFalse(restored.stdout().contains("-XX:TieredStopAtLevel=1"), restored.toString());
    }

    @Test
    void theRestartHintNamesTheLauncherAsTheUserTypedIt() throws Exception {
        Path launcher = linkTo(DIST.resolve("bin/audio-export"));
        Path source = TestExports.write(dir.resolve("bad.ndjson"), 5, 2);
        Result result = run(launcher, Map.of(), "run", "--source", source.toString(), "--csv", "bad.csv",
                "--skip-limit", "0");

        assertEquals(1, result.exit(), result.toString());
        assertTrue(result.stderr().contains(launcher + " restart 1 --skip-limit N"), result.toString());
    }

    /** Java 17 ties an archive to its absolute class path: one made elsewhere is ignored, silently. */
    @Test
    void anArchiveThatDoesNotMatchIsIgnoredSilently() throws Exception {
        Path copy = dir.resolve("copy");
        copyTree(DIST, copy);
        // claim the build's archive for the copy, so the launcher passes it and the JVM must refuse it
        String identity = Files.readString(copy.resolve("lib/audio-export.jsa.id"));
        Files.writeString(copy.resolve("lib/audio-export.jsa.id"), identity.replace(DIST.toString(), copy.toString()));
        Result result = run(copy.resolve("bin/audio-export"), Map.of("AUDIOEXPORT_OPTS", "-Xlog:class+load=info"),
                "status");

        assertEquals(0, result.exit(), result.toString());
        assertFalse(result.stdout().contains(SHARED), "the archive was refused: " + result.stdout());
        assertEquals(-1, Files.mismatch(DIST.resolve("lib/audio-export.jsa"), copy.resolve("lib/audio-export.jsa")),
                "the launcher used the build's archive rather than make one");
        assertFalse((result.stdout() + result.stderr()).contains("[cds"), "nothing said about it: " + result);
        assertFalse(result.stderr().contains("warning"), result.toString());
    }

    @Test
    void theTarballRunsWhereItIsUnpackedAndMakesItsArchiveOnce() throws Exception {
        Path tarball;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            tarball = files.filter(f -> f.getFileName().toString().matches("audio-export-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow();
        }
        Path unpacked = dir.resolve("opt");
        Files.createDirectories(unpacked);
        assertEquals(0, new ProcessBuilder("tar", "xzf", tarball.toAbsolutePath().toString(), "-C",
                unpacked.toString()).inheritIO().start().waitFor());
        Path home;
        try (Stream<Path> tops = Files.list(unpacked)) {
            home = tops.findFirst().orElseThrow();
        }
        assertFalse(Files.exists(home.resolve("lib/audio-export.jsa")), "the build's archive fits only target/dist");
        Path launcher = linkTo(home.resolve("bin/audio-export"));

        Result first = run(launcher, Map.of(), "run", "--source", home.resolve("samples/seed-audio-export.ndjson")
                .toString(), "--csv", "seed.csv");
        assertEquals(0, first.exit(), first.toString());
        assertEquals("audio-export: first start of this installation: preparing its class-data archive, once "
                + "(a few seconds)\n", first.stderr(), "the wait is explained, nothing else said: " + first);
        assertTrue(Files.size(home.resolve("lib/audio-export.jsa")) > 0, "made by the first command");
        assertEquals(List.of(), list(dir.resolve(".tmp")), "the training run leaves no state behind");

        Result second = run(launcher, Map.of("AUDIOEXPORT_OPTS", "-Xlog:class+load=info"), "status");
        assertEquals(0, second.exit(), second.toString());
        assertEquals("", second.stderr(), "no second training: " + second);
        assertTrue(second.stdout().contains("dev.audioexport.cli.Main " + SHARED), second.stdout());
    }

    private Path linkTo(Path launcher) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = bin.resolve("audio-export");
        Files.deleteIfExists(link);
        return Files.createSymbolicLink(link, launcher);
    }

    /** The launcher in {@code dir} with its own state and temporary directories and the test's Java. */
    private Result run(Path launcher, Map<String, String> env, String... args) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve(".tmp"));
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp.getParent(), "out", ".txt");
        Path err = Files.createTempFile(tmp.getParent(), "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeAll(List.of("JAVA_OPTS", "AUDIOEXPORT_OPTS", "AUDIOEXPORT_CDS"));
        environment.putAll(new HashMap<>(Map.of("JAVA_HOME", System.getProperty("java.home"), "TMPDIR",
                tmp.toString(), "AUDIOEXPORT_HOME", dir.resolve("state").toString())));
        environment.putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end in 120 s");
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    private static List<String> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString().replace(File.separatorChar, '/'));
                Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
