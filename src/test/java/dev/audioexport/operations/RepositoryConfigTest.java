package dev.audioexport.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryConfigTest {

    @Test
    void anH2RepositoryKeepsItsDatabaseOpenAndHandsEachCommitOnAtOnce() {
        assertEquals("jdbc:h2:file:/s/r;AUTO_SERVER=TRUE;DB_CLOSE_DELAY=-1;WRITE_DELAY=0",
                RepositoryConfig.of("jdbc:h2:file:/s/r;AUTO_SERVER=TRUE").jdbcUrl());
    }

    @Test
    void settingsTheUrlGivesAreKept() {
        assertEquals("jdbc:h2:file:/s/r;write_delay=100;DB_CLOSE_DELAY=-1",
                RepositoryConfig.of("jdbc:h2:file:/s/r;write_delay=100").jdbcUrl());
        assertEquals("jdbc:postgresql://db/batch", RepositoryConfig.of("jdbc:postgresql://db/batch").jdbcUrl());
    }

    @Test
    void aReadingCommandLeavesH2sCompactionAtCloseToTheRuns() {
        assertEquals("jdbc:h2:file:/s/r;AUTO_SERVER=TRUE;DB_CLOSE_DELAY=-1;WRITE_DELAY=0;MAX_COMPACT_TIME=0",
                RepositoryConfig.of("jdbc:h2:file:/s/r;AUTO_SERVER=TRUE").forReading().jdbcUrl());
        assertEquals("jdbc:h2:file:/s/r;max_compact_time=50;DB_CLOSE_DELAY=-1;WRITE_DELAY=0",
                RepositoryConfig.of("jdbc:h2:file:/s/r;max_compact_time=50").forReading().jdbcUrl());
        assertEquals("jdbc:postgresql://db/batch", RepositoryConfig.of("jdbc:postgresql://db/batch").forReading().jdbcUrl());
    }

    @Test
    void theDefaultRepositoryIsCompactedAtCloseOnlyOnceItsFileHasGrown(@TempDir Path state) throws Exception {
        assertTrue(RepositoryConfig.defaultFor(state).jdbcUrl().contains(";MAX_COMPACT_TIME=0;"), "no file yet");
        try (RandomAccessFile file = new RandomAccessFile(state.resolve("repository.mv.db").toFile(), "rw")) {
            file.setLength(RepositoryConfig.COMPACT_AT_BYTES);
            assertTrue(RepositoryConfig.defaultFor(state).jdbcUrl().contains(";MAX_COMPACT_TIME=0;"), "at the limit");
            file.setLength(RepositoryConfig.COMPACT_AT_BYTES + 1);
            String grown = RepositoryConfig.defaultFor(state).jdbcUrl();
            assertFalse(grown.toUpperCase(java.util.Locale.ROOT).contains("MAX_COMPACT_TIME"), grown);
        }
    }

    @Test
    void onlyTheCommandThatCreatesTheDefaultRepositoryLeavesH2sTraceFileOff(@TempDir Path state) throws Exception {
        assertTrue(RepositoryConfig.defaultFor(state).jdbcUrl().contains(";TRACE_LEVEL_FILE=0"), "no file yet");
        java.nio.file.Files.createFile(state.resolve("repository.mv.db"));
        String existing = RepositoryConfig.defaultFor(state).jdbcUrl();
        assertFalse(existing.contains("TRACE_LEVEL_FILE"), existing);
    }
}
