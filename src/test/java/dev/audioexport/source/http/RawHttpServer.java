package dev.audioexport.source.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 file server on 127.0.0.1 (random port) for tests, written on plain
 * sockets so that it can break a download the ways networks do: close the connection midway
 * (FIN), reset it (RST), or stall. The JDK's HttpServer cannot: it keeps a short answer's
 * connection open. Keep-alive, one thread per connection.
 */
public final class RawHttpServer implements AutoCloseable {

    /** A GET as received; header names in lower case. */
    public record Request(String path, String query, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** How an answer ends after {@code sendBytes} of its body. */
    public enum Ending { COMPLETE, CLOSE, RESET, STALL }

    /** An answer: status, headers, and a body from a file region or bytes. */
    public record Answer(int status, Map<String, String> headers, Path file, long offset, long length, byte[] bytes,
            Ending ending, long sendBytes, long stallMillis) {

        public static Answer text(int status, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return new Answer(status, new LinkedHashMap<>(), null, 0, bytes.length, bytes, Ending.COMPLETE, bytes.length, 0);
        }

        public static Answer file(int status, Map<String, String> headers, Path file, long offset, long length) {
            return new Answer(status, headers, file, offset, length, null, Ending.COMPLETE, length, 0);
        }

        /** The same answer, broken after {@code bytes} of its body. */
        public Answer broken(Ending how, long bytes, long stallMillis) {
            return new Answer(status, headers, file, offset, length, this.bytes, how, Math.min(bytes, length), stallMillis);
        }
    }

    @FunctionalInterface
    public interface Handler {
        /** The answer, or null to close the connection without one. */
        Answer answer(Request request) throws IOException;
    }

    private final ServerSocket server;
    private final Handler handler;
    private volatile boolean closed;

    private RawHttpServer(Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::acceptLoop, "raw-http-accept").start();
    }

    public static RawHttpServer start(Handler handler) throws IOException {
        return new RawHttpServer(handler);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                daemon(() -> serve(socket), "raw-http-connection").start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            for (Request request = read(in); request != null; request = read(in)) {
                Answer answer = handler.answer(request);
                if (answer == null || !send(answer, socket, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Sends the answer; false when the connection was broken on purpose. */
    private static boolean send(Answer answer, Socket socket, OutputStream out) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + answer.status() + " X\r\n");
        answer.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(answer.length()).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        writeBody(answer, out);
        out.flush();
        switch (answer.ending()) {
            case COMPLETE -> {
                return true;
            }
            case RESET -> socket.setSoLinger(true, 0);
            case STALL -> sleep(answer.stallMillis());
            case CLOSE -> socket.shutdownOutput();
        }
        socket.close();
        return false;
    }

    private static void writeBody(Answer answer, OutputStream out) throws IOException {
        if (answer.bytes() != null) {
            out.write(answer.bytes(), 0, (int) answer.sendBytes());
            return;
        }
        try (FileChannel file = FileChannel.open(answer.file(), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 18);
            for (long done = 0; done < answer.sendBytes(); ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), answer.sendBytes() - done));
                int n = file.read(buffer, answer.offset() + done);
                out.write(buffer.array(), 0, n);
                done += n;
            }
        }
    }

    /** Reads a request head (a GET: no body), or null at the end of the connection. */
    private static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        String target = requestLine.split(" ")[1];
        int question = target.indexOf('?');
        return question < 0 ? new Request(target, null, headers)
                : new Request(target.substring(0, question), target.substring(question + 1), headers);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
