package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmasterPidTest {
    @TempDir
    Path pgDir;

    private void write(String content) throws IOException {
        Files.writeString(pgDir.resolve(PostmasterPid.FILE_NAME), content);
    }

    @Test
    void readsPidPortAndStatusAsPostgresWritesThem() throws IOException {
        write("11000\n/srv/data/pg\n1795619300\n38823\n/tmp\nlocalhost\n  2147570        44\nready   \n");
        assertEquals(Optional.of(new PostmasterPid(11000, 38823, "ready")), PostmasterPid.read(pgDir));
        assertTrue(PostmasterPid.read(pgDir).orElseThrow().ready());
    }

    @Test
    void fileStillBeingWrittenCountsAsAbsent() throws IOException {
        write("11000\n/srv/data/pg\n");
        assertEquals(Optional.empty(), PostmasterPid.read(pgDir));
        write("");
        assertEquals(Optional.empty(), PostmasterPid.read(pgDir));
    }

    @Test
    void startingPostmasterIsNotReady() throws IOException {
        write("11000\n/srv/data/pg\n1795619300\n38823\n/tmp\nlocalhost\n  2147570        44\nstarting\n");
        assertFalse(PostmasterPid.read(pgDir).orElseThrow().ready());
    }

    @Test
    void noFileMeansNoPostmaster() {
        assertEquals(Optional.empty(), PostmasterPid.read(pgDir));
    }

    @Test
    void aProcessThatIsNotPostgresIsNotAlive() {
        assertFalse(new PostmasterPid(ProcessHandle.current().pid(), 5432, "ready").alive(), "a recycled pid (here: the JVM's)");
        assertFalse(new PostmasterPid(Long.MAX_VALUE, 5432, "ready").alive());
    }
}
