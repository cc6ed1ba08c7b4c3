package dev.audioexport.batch;

import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceParameters;
import dev.audioexport.source.labelbox.LabelboxLineSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The projects of a sync, in the order given: {@code P1,P2,...} or {@code @FILE} (one a line).
 * The order is the partitions' order, so a restart's partitions line up with the run's; the
 * digest of the list (a job parameter) tells a restart whose file has changed since.
 */
public final class SyncProjects {

    public static final int MAX_PROJECTS = 500;

    private SyncProjects() {
    }

    /** The list, checked: not empty, no project twice, at most 500, each a project id; a file as this JVM's policy allows. */
    public static List<String> parse(String projects) {
        return parse(projects, ServerPolicy.configured());
    }

    /**
     * The list, checked; its {@code @FILE} read where {@code policy} allows: in a server only under
     * its input directory (a file elsewhere would have its lines shown in messages as project ids).
     */
    public static List<String> parse(String projects, ServerPolicy policy) {
        if (projects == null || projects.isBlank()) {
            throw new SourceException("projects: no project given; list them as P1,P2,... or @FILE (one a line).");
        }
        List<String> ids = projects.strip().startsWith("@") ? fromFile(policy.file("projects", projects.strip().substring(1)))
                : Arrays.stream(projects.split(",")).map(String::strip).filter(id -> !id.isEmpty()).toList();
        if (ids.isEmpty()) {
            throw new SourceException("projects: the list " + projects + " holds no project.");
        }
        if (ids.size() > MAX_PROJECTS) {
            throw new SourceException("projects: " + ids.size() + " projects, at most " + MAX_PROJECTS
                    + " per sync; split them over several syncs.");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new SourceException("projects: project " + id + " is listed twice; list each once.");
            }
            LabelboxLineSource.validate(LabelboxLineSource.SCHEME + id, SourceParameters.NONE);
        }
        return ids;
    }

    private static List<String> fromFile(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(String::strip).filter(id -> !id.isEmpty()).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SourceException("projects: cannot read the project file " + file + " (" + e.getMessage() + ").", e);
        }
    }

    /** SHA-256 of the list in order, hex. */
    public static String digest(List<String> ids) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(String.join("\n", ids).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
