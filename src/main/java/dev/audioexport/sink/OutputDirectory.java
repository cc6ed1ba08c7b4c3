package dev.audioexport.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    private final Path base;
    private final Path realBase;

    private OutputDirectory(Path base, Path realBase) {
        this.base = base;
        this.realBase = realBase;
    }

    /** Confines output to {@code base}, creating it when missing. */
    public static OutputDirectory of(Path base) {
        Path absolute = base.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            return new OutputDirectory(absolute, absolute.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("Output directory " + absolute + " cannot be created or read", e);
        }
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
        return base;
    }

    /**
     * The absolute, normalized file that {@code value} (relative to the base, or absolute) names.
     *
     * @throws OutputPathException when it is not a file strictly below the base, or any existing
     *         part of it below the base is a symbolic link
     */
    public Path resolve(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw refused(parameter, value, "it is empty");
        }
        Path file;
        try {
            file = base.resolve(value).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw refused(parameter, value, "it is not a valid path");
        }
        if (!file.startsWith(base) || file.equals(base)) {
            throw refused(parameter, value, "it points outside " + base);
        }
        Path walked = base;
        for (Path part : base.relativize(file)) {
            walked = walked.resolve(part);
            if (Files.isSymbolicLink(walked)) {
                throw refused(parameter, value, walked + " is a symbolic link, and links are not followed");
            }
            if (!Files.exists(walked, LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
        }
        if (!realOfNearestExisting(file).startsWith(realBase)) {
            throw refused(parameter, value, "it resolves outside " + realBase);
        }
        return file;
    }

    private static Path realOfNearestExisting(Path file) {
        Path existing = file;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? file : existing.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OutputPathException refused(String parameter, String value, String why) {
        return new OutputPathException("Job parameter '" + parameter + "' = '" + value + "' is refused: " + why
                + ". Output files must be under the output directory " + base
                + " (set by AUDIOEXPORT_OUTPUT_DIR); give a path relative to it.");
    }
}
