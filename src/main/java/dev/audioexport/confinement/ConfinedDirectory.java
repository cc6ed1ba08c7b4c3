package dev.audioexport.confinement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A directory that a server confines the files named by job parameters to (its output directory,
 * its input directory). A value is resolved against it (relative paths) and refused when it
 * points outside: through {@code ..}, as an absolute path elsewhere, or through a symbolic link
 * anywhere below the base. A refusal is decided on the text of the path and on what lies below
 * the base only, so its message never tells anything about a file outside the directory (not
 * even whether it exists).
 */
public final class ConfinedDirectory {

    private final Path base;
    private final Path realBase;
    private final String role;
    private final String variable;

    private ConfinedDirectory(Path base, Path realBase, String role, String variable) {
        this.base = base;
        this.realBase = realBase;
        this.role = role;
        this.variable = variable;
    }

    /**
     * Confines files to {@code base}, creating it when missing.
     *
     * @param role     what the directory holds, for messages: "output" or "input"
     * @param variable the environment variable that sets it, for messages
     */
    public static ConfinedDirectory of(Path base, String role, String variable) {
        Path absolute = base.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            return new ConfinedDirectory(absolute, absolute.toRealPath(), role, variable);
        } catch (IOException e) {
            throw new UncheckedIOException("The " + role + " directory " + absolute + " cannot be created or read", e);
        }
    }

    public Path base() {
        return base;
    }

    /**
     * The absolute, normalized file that {@code value} (relative to the base, or absolute) names.
     *
     * @throws ConfinementException when it is not a file strictly below the base, or any
     *         existing part of it below the base is a symbolic link
     */
    public Path resolve(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw refused(parameter, value, "it is empty");
        }
        Path file;
        try {
            file = base.resolve(value).normalize();
        } catch (InvalidPathException e) {
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

    private ConfinementException refused(String parameter, String value, String why) {
        String files = Character.toUpperCase(role.charAt(0)) + role.substring(1);
        return new ConfinementException("Job parameter '" + parameter + "' = '" + value + "' is refused: " + why
                + ". " + files + " files must be under the " + role + " directory " + base + " (set by " + variable
                + "); give a path relative to it.");
    }
}
