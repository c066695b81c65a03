package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI form of issue 12's crash torture: 3 trials of 200 deliveries each, killing serve, then the PostgreSQL
 * postmaster, with every acknowledged message verified after each restart and {@code reconcile --check} clean.
 * The long form (20 x 10,000) is recorded in docs/reliability.md.
 */
class TortureCrashCommandTest {
    static final String SEED = "12";

    @TempDir
    Path dir;

    @Test
    void nothingAcknowledgedIsLostWhenServeIsKilled() {
        Cli.Result r = torture("serve");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("trial 3/3: killed serve pid "), r.out());
        assertTrue(r.out().contains("crash torture passed: seed " + SEED + ", 3 trials, "), r.out());
        assertTrue(r.out().contains(", 0 lost or corrupt, "), r.out());
    }

    @Test
    void nothingAcknowledgedIsLostWhenThePostmasterIsKilled() {
        Cli.Result r = torture("postmaster");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("trial 3/3: killed postmaster pid "), r.out());
        assertTrue(r.out().contains("crash torture passed: seed " + SEED + ", 3 trials, "), r.out());
    }

    @Test
    void helpNamesTheReplayOptions() {
        Cli.Result r = new Cli(Map.of(), dir).run("torture", "crash", "--help");
        assertEquals(0, r.code());
        for (String option : new String[] {"--seed", "--trials", "--deliveries", "--connections", "--kill", "--db-url",
                "--postmaster-pid-file", "--postmaster-start"}) {
            assertTrue(r.out().contains(option), option + " in " + r.out());
        }
    }

    private Cli.Result torture(String kill) {
        return new Cli(Map.of(), dir).run("torture", "crash", "--seed", SEED, "--trials", "3", "--deliveries", "200", "--accounts", "3",
                "--kill", kill, "--dir", dir.resolve("work").toString());
    }
}
