package dev.audioexport.sink;

import dev.audioexport.confinement.ConfinedDirectory;
import dev.audioexport.confinement.ConfinementException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The directory that a server confines its output files to. A job parameter naming an output
 * file is resolved against it (relative paths) and refused when it points outside: through
 * {@code ..}, as an absolute path elsewhere, or through a symbolic link anywhere below the base.
 * The command line configures none, and its paths are used as given.
 */
public final class OutputDirectory {

    /** The system property a server sets (from {@code AUDIOEXPORT_OUTPUT_DIR}) to confine output files. */
    public static final String PROPERTY = "audioexport.output.dir";

    private final ConfinedDirectory directory;

    private OutputDirectory(ConfinedDirectory directory) {
        this.directory = directory;
    }

    /** Confines output to {@code base}, creating it when missing. */
    public static OutputDirectory of(Path base) {
        return new OutputDirectory(ConfinedDirectory.of(base, "output", "AUDIOEXPORT_OUTPUT_DIR"));
    }

    /** The directory configured for this JVM ({@value #PROPERTY}), if any. */
    public static Optional<OutputDirectory> configured() {
        String base = System.getProperty(PROPERTY);
        return base == null || base.isBlank() ? Optional.empty() : Optional.of(of(Path.of(base)));
    }

    /**
     * The file a job parameter names: resolved and checked against the configured directory when
     * there is one, else the path as given.
     */
    public static Path path(String parameter, String value) {
        Optional<OutputDirectory> confined = configured();
        return confined.isPresent() ? confined.get().resolve(parameter, value) : Path.of(value);
    }

    public Path base() {
        return directory.base();
    }

    /**
     * The absolute, normalized file that {@code value} (relative to the base, or absolute) names.
     *
     * @throws OutputPathException when it is not a file strictly below the base, or any existing
     *         part of it below the base is a symbolic link
     */
    public Path resolve(String parameter, String value) {
        try {
            return directory.resolve(parameter, value);
        } catch (ConfinementException e) {
            throw new OutputPathException(e.getMessage());
        }
    }
}
