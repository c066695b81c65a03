package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health} follows PostgreSQL: 200 while it answers, 503 with a JSON reason while it is
 * stopped, 200 again once it is back, without restarting serve.
 */
class HealthEndpointTest {
    private static final String UP = "{\"status\":\"up\",\"database\":\"up\",\"blobs\":\"up\"}";

    @TempDir
    Path dir;

    private static Map<String, String> env(JdbcTarget db, Path dataDir, int httpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("MAILSTORE_DB_URL", db.url());
        env.put("MAILSTORE_DB_USER", db.user());
        env.put("MAILSTORE_DATA_DIR", dataDir.toString());
        for (String l : new String[] {"LMTP", "POP3", "POP3S", "IMAP", "IMAPS"}) env.put("MAILSTORE_" + l + "_LISTEN", "off");
        env.put("MAILSTORE_HTTP_LISTEN", "127.0.0.1:" + httpPort);
        return env;
    }

    private static int port(JdbcTarget db) {
        Matcher m = Pattern.compile("localhost:(\\d+)/").matcher(db.url());
        if (!m.find()) throw new AssertionError("no port in " + db.url());
        return Integer.parseInt(m.group(1));
    }

    @Test
    void healthFlipsTo503WhileTheDatabaseIsStoppedAndBackWhenItReturns() throws Exception {
        Path pgHome = dir.resolve("external-pg");
        EmbeddedDatabase db = EmbeddedDatabase.start(pgHome, 0);
        int pgPort = port(db.target());
        int http = HttpGet.freePort();
        try (Cli.Serving serve = new Cli(env(db.target(), dir.resolve("data"), http), dir).new Serving()) {
            HttpGet.Response up = HttpGet.get(http, "/health");
            assertEquals(200, up.status(), up.body());
            assertEquals("application/json", up.contentType());
            assertEquals(UP, up.body());

            db.close();
            HttpGet.Response down = HttpGet.get(http, "/health");
            assertEquals(503, down.status(), down.body());
            assertTrue(down.body().matches("\\{\"status\":\"down\",\"database\":\\{\"status\":\"down\",\"reason\":\"PSQLException: [^\"]+\"},\"blobs\":\"up\"}"),
                    down.body());

            db = EmbeddedDatabase.start(pgHome, pgPort);
            HttpGet.Response back = HttpGet.get(http, "/health");
            assertEquals(200, back.status(), back.body());
            assertEquals(UP, back.body());
            assertEquals(0, serve.stop());
        } finally {
            db.close();
        }
    }

    @Test
    void healthIs503WhenTheBlobTreeCannotBeWritten() throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("external-pg"), 0);
        int http = HttpGet.freePort();
        Path data = dir.resolve("data");
        try (Cli.Serving serve = new Cli(env(db.target(), data, http), dir).new Serving()) {
            assertEquals(UP, HttpGet.get(http, "/health").body());
            // The probe goes where puts write their temp files; a file in its place breaks both.
            Path tmp = data.resolve("blobs").resolve("tmp");
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(tmp);
            Files.writeString(tmp, "not a directory");
            HttpGet.Response down = HttpGet.get(http, "/health");
            assertEquals(503, down.status(), down.body());
            assertTrue(down.body().startsWith("{\"status\":\"down\",\"database\":\"up\",\"blobs\":{\"status\":\"down\",\"reason\":\""), down.body());
            Files.delete(tmp);
            Files.createDirectory(tmp);
            assertEquals(200, HttpGet.get(http, "/health").status());
            assertEquals(0, serve.stop());
        } finally {
            db.close();
        }
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("external-pg"), 0);
        int http = HttpGet.freePort();
        try (Cli.Serving serve = new Cli(env(db.target(), dir.resolve("data"), http), dir).new Serving()) {
            assertEquals(404, HttpGet.get(http, "/").status());
            assertEquals(404, HttpGet.get(http, "/healthz").status());
            assertEquals(404, HttpGet.get(http, "/metrics/x").status());
            assertEquals(0, serve.stop());
        } finally {
            db.close();
        }
    }
}
