package dev.audioexport.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

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
}
