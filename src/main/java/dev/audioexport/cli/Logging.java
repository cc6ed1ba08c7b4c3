package dev.audioexport.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Sends all logging (ours, JBeret's, H2's) to a file: the terminal gets one-line messages only. */
final class Logging {

    private Logging() {
    }

    static Path toFile(Path stateDirectory) throws IOException {
        System.setProperty("java.util.logging.SimpleFormatter.format",
                "%1$tF %1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n");
        LogManager.getLogManager().reset();
        Path file = stateDirectory.resolve("audio-export.log");
        FileHandler handler = new FileHandler(file.toString(), true);
        handler.setFormatter(new SimpleFormatter());
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        return file;
    }
}
