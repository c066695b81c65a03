package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * jOOQ printed its ASCII-art logo and a "tip of the day" (about 40 lines) to stderr the first time it loaded, so
 * every CLI command did. Run in a JVM of its own, since in the test JVM jOOQ has long been loaded by other tests.
 */
class JooqBannerTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void accountAddWritesNothingToStderr() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.fresh();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "account", "add", "banner@example.org", "--password-stdin"))
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(ServeExternalDatabaseTest.env(db, dir.resolve("data")));
        Process p = pb.start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write("a password\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "account add did not finish");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stderr);
        assertEquals("", stderr);
    }
}
