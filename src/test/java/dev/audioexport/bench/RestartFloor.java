package dev.audioexport.bench;

import dev.audioexport.model.Utf8Text;
import dev.audioexport.operations.RepositoryConfig;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParserFactory;
import dev.audioexport.source.ExportLine;
import dev.audioexport.source.FileLineSource;
import dev.audioexport.source.FilePosition;
import dev.audioexport.source.LineSource;
import dev.audioexport.source.Sources;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The least a restart at 90% can cost on this machine, whatever the tool: a fresh JVM opens the
 * default job repository (the H2 file, with the command line's settings) and reads one row, then
 * token-scans the export's last tenth with JSON-P (as the parse-only ceiling does, one thread)
 * and writes twice its bytes (about what its CSV weighs) forced to disk once at the end. No batch
 * runtime, no mapping, no CSV encoding, no checkpoints: every real restart does more. The
 * benchmark times this process.
 * <p>Usage: {@code java -cp TEST_CLASSPATH dev.audioexport.bench.RestartFloor STATE_DIR EXPORT OUT}
 */
public final class RestartFloor {

    private static final JsonParserFactory PARSERS = JsonProvider.provider().createParserFactory(Map.of());

    private RestartFloor() {
    }

    public static void main(String[] args) throws Exception {
        readOneRow(Path.of(args[0]));
        Path export = Path.of(args[1]);
        long size = Files.size(export);
        FilePosition lastTenth = new FilePosition(size / 10 * 9, 0, size, Files.getLastModifiedTime(export).toMillis());
        try (LineSource lines = FileLineSource.open(export, lastTenth, Sources.DEFAULT_MAX_LINE_BYTES);
                FileChannel out = FileChannel.open(Path.of(args[2]), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            lines.next();  // the rest of the line the tenth starts in: done before the restart
            long tokens = scanAndWrite(lines, out);
            out.force(false);
            System.out.println("tokens: " + tokens);
        }
    }

    private static void readOneRow(Path stateDirectory) throws SQLException {
        RepositoryConfig repository = RepositoryConfig.defaultFor(stateDirectory);
        try (Connection connection = DriverManager.getConnection(repository.jdbcUrl(), "", "");
                Statement statement = connection.createStatement();
                ResultSet executions = statement.executeQuery("SELECT COUNT(*) FROM JOB_EXECUTION")) {
            executions.next();
        }
    }

    private static long scanAndWrite(LineSource lines, FileChannel out) throws IOException {
        Utf8Text utf8 = new Utf8Text();
        long tokens = 0;
        for (ExportLine line = lines.next(); line != null; line = lines.next()) {
            tokens += ParseCeiling.tokensOf(PARSERS, utf8.of(line.bytes()));
            out.write(ByteBuffer.wrap(line.bytes()));
            out.write(ByteBuffer.wrap(line.bytes()));
        }
        return tokens;
    }
}
