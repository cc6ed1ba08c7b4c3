package dev.audioexport.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Sends all logging (ours, JBeret's, H2's) to a file: the terminal gets one-line messages only. */
final class Logging {

    private Logging() {
    }

    static Path toFile(Path stateDirectory) throws IOException {
        LogManager.getLogManager().reset();
        Path file = stateDirectory.resolve("audio-export.log");
        FileHandler handler = new FileHandler(file.toString(), true);
        handler.setFormatter(new LogLineFormatter());
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        return file;
    }
}
