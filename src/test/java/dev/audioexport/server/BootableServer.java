package dev.audioexport.server;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * target/audio-export-bootable.jar run as an operator runs it ({@code java -jar}), in a child
 * process with its own working directory, a port offset (the Arquillian server may hold the
 * default ports) and its temporary install directory under the test's directory, so that one
 * left behind by SIGKILL is cleaned with target/.
 */
final class BootableServer {

    static final Path JAR = Path.of("target", "audio-export-bootable.jar").toAbsolutePath();
    static final int PORT_OFFSET = 100;
    static final int MANAGEMENT_PORT = 9990 + PORT_OFFSET;
    static final int HTTPS_PORT = 8443 + PORT_OFFSET;

    private final Process process;
    private final Path log;
    private final Duration bootTime;
    private final int portOffset;

    private BootableServer(Process process, Path log, Duration bootTime, int portOffset) {
        this.process = process;
        this.log = log;
        this.bootTime = bootTime;
        this.portOffset = portOffset;
    }

    /** Starts the JAR in {@code workDir} with the test environment changed by {@code env} (null removes). */
    static BootableServer start(Path workDir, Map<String, String> env) throws Exception {
        return start(workDir, env, PORT_OFFSET);
    }

    /**
     * As {@link #start(Path, Map)}, on ports shifted by {@code portOffset}: a second node beside the
     * first (its own working directory keeps its state apart).
     */
    static BootableServer start(Path workDir, Map<String, String> env, int portOffset) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: these tests run after 'mvn package' (failsafe)");
        }
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        Path log = workDir.resolve("server-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-Djava.io.tmpdir=" + tmp,
                "-Djboss.socket.binding.port-offset=" + portOffset, "-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Instant started = Instant.now();
        Process process = builder.start();
        awaitReady(process, log, 9990 + portOffset, Duration.ofMinutes(3));
        return new BootableServer(process, log, Duration.between(started, Instant.now()), portOffset);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + (8080 + portOffset) + "/");
    }

    Duration bootTime() {
        return bootTime;
    }

    /** Resident memory of the server process, in MiB (Linux). */
    long residentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The server's process id (what {@link #kill} sends SIGKILL to). */
    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no suspend, as in a crash or an OOM kill. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as systemd or Kubernetes stop it; returns how long it took to exit. */
    Duration terminate(Duration timeout) throws Exception {
        Instant sent = Instant.now();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not exit within " + timeout + " of SIGTERM");
        }
        return Duration.between(sent, Instant.now());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private static void awaitReady(Process process, Path log, int managementPort, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited while booting:\n" + Files.readString(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("the server was not ready within " + timeout + ":\n" + Files.readString(log));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString();
    }
}
