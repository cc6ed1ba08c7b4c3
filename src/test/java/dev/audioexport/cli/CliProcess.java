package dev.audioexport.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged command line ({@code target/audio-export.jar}) run as a real child JVM, as an
 * operator runs it: its own state directory, stdout and stderr captured to files.
 */
public final class CliProcess {

    private static final Path JAR = Path.of("target", "audio-export.jar").toAbsolutePath();

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code audio-export ARGS} in {@code workDir}, with extra environment variables. */
    public static CliProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: these tests run after 'mvn package' (failsafe)");
        }
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        String name = "cli-" + System.nanoTime();
        Path out = workDir.resolve(name + ".out");
        Path err = workDir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        return new CliProcess(builder.start(), out, err);
    }

    /** Runs to the end (at most {@code timeoutSeconds}) and returns the exit status. */
    public static Result run(Path workDir, Map<String, String> env, String... args) throws Exception {
        CliProcess cli = start(workDir, env, args);
        return cli.await(300);
    }

    public Result await(long timeoutSeconds) throws Exception {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("audio-export did not end in " + timeoutSeconds + " s; stderr: " + read(stderr));
        }
        return new Result(process.exitValue(), read(stdout), read(stderr));
    }

    /** SIGKILL: the process gets no chance to clean up, as in a crash or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as a service manager or Ctrl-C would send. */
    public void terminate() {
        process.destroy();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString();
    }

    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
