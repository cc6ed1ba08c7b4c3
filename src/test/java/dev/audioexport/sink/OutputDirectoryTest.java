package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {

    @TempDir
    Path dir;

    Path base;
    OutputDirectory output;

    @BeforeEach
    void base() {
        base = dir.resolve("out");
        output = OutputDirectory.of(base);
    }

    @Test
    void createsTheBaseAndResolvesRelativeAndAbsolutePathsInsideIt() throws Exception {
        assertTrue(Files.isDirectory(base));
        Files.createDirectories(base.resolve("nightly"));
        assertEquals(base.resolve("a.csv"), output.resolve("csv", "a.csv"));
        assertEquals(base.resolve("nightly/a.csv"), output.resolve("csv", "nightly/./x/../a.csv"));
        assertEquals(base.resolve("b.csv"), output.resolve("csv", base.resolve("b.csv").toString()));
        assertEquals(base.resolve("missing/dir/c.csv"), output.resolve("csv", "missing/dir/c.csv"));
    }

    @Test
    void refusesDotDotAbsolutePathsElsewhereAndTheBaseItself() {
        assertRefused("csv", "../escape.csv", "it points outside " + base);
        assertRefused("csv", "nightly/../../escape.csv", "it points outside " + base);
        assertRefused("rejects", dir.resolve("elsewhere.jsonl").toString(), "it points outside " + base);
        assertRefused("csv", "/etc/passwd", "it points outside " + base);
        assertRefused("csv", ".", "it points outside " + base);
        assertRefused("csv", " ", "it is empty");
    }

    @Test
    void refusesSymbolicLinksAnywhereBelowTheBase() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(base.resolve("linked-dir"), outside);
        Files.createSymbolicLink(base.resolve("linked.csv"), outside.resolve("target.csv"));
        Path inside = Files.createFile(base.resolve("inside.csv"));
        Files.createSymbolicLink(base.resolve("inner-link.csv"), inside);

        assertRefused("csv", "linked-dir/a.csv", base.resolve("linked-dir") + " is a symbolic link");
        assertRefused("csv", "linked.csv", base.resolve("linked.csv") + " is a symbolic link");
        assertRefused("csv", "inner-link.csv", base.resolve("inner-link.csv") + " is a symbolic link");
    }

    @Test
    void aBaseReachedThroughALinkStillConfinesToItsRealDirectory() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real-out"));
        Path link = Files.createSymbolicLink(dir.resolve("link-out"), real);
        OutputDirectory viaLink = OutputDirectory.of(link);

        assertEquals(link.resolve("a.csv"), viaLink.resolve("csv", "a.csv"));
        assertThrows(OutputPathException.class, () -> viaLink.resolve("csv", real.resolve("a.csv").toString()));
    }

    @Test
    void withoutAConfiguredDirectoryPathsAreUsedAsGiven() {
        System.clearProperty(OutputDirectory.PROPERTY);
        assertEquals(Path.of("../anywhere.csv"), OutputDirectory.path("csv", "../anywhere.csv"));
    }

    @Test
    void theConfiguredDirectoryIsTheSystemProperty() {
        System.setProperty(OutputDirectory.PROPERTY, base.toString());
        try {
            assertEquals(base.resolve("x.csv"), OutputDirectory.path("csv", "x.csv"));
            assertThrows(OutputPathException.class, () -> OutputDirectory.path("csv", "../x.csv"));
        } finally {
            System.clearProperty(OutputDirectory.PROPERTY);
        }
    }

    private void assertRefused(String parameter, String value, String reason) {
        OutputPathException e = assertThrows(OutputPathException.class, () -> output.resolve(parameter, value));
        assertEquals("Job parameter '" + parameter + "' = '" + value + "' is refused: " + reason
                + (reason.endsWith("symbolic link") ? ", and links are not followed" : "")
                + ". Output files must be under the output directory " + base
                + " (set by AUDIOEXPORT_OUTPUT_DIR); give a path relative to it.", e.getMessage());
    }
}
