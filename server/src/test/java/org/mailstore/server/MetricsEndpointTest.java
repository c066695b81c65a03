package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/** {@code /metrics} is Prometheus text, and its counters move with LMTP deliveries and IMAP logins. */
class MetricsEndpointTest {
    private static final String MESSAGE = "From: s@example.org\r\nTo: a@example.org\r\nSubject: metrics\r\n\r\nhello\r\n";

    @TempDir
    Path dir;

    private static double get(Map<String, Double> samples, String key) {
        return samples.getOrDefault(key, 0.0);
    }

    @Test
    void countersMoveWithDeliveriesAndLogins() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshEmpty();
        Map<String, String> env = new HashMap<>(ServeExternalDatabaseTest.env(db, dir.resolve("data")));
        int http = HttpGet.freePort();
        int lmtp = HttpGet.freePort();
        int imap = HttpGet.freePort();
        env.put("MAILSTORE_HTTP_LISTEN", "127.0.0.1:" + http);
        env.put("MAILSTORE_LMTP_LISTEN", "127.0.0.1:" + lmtp);
        env.put("MAILSTORE_IMAP_LISTEN", "127.0.0.1:" + imap);
        Cli cli = new Cli(env, dir);
        try (Cli.Serving serve = cli.new Serving()) {
            Cli.Result added = cli.runWithInput("pw-1\n".getBytes(StandardCharsets.UTF_8), Optional.empty(),
                    "account", "add", "a@example.org", "--password-stdin");
            assertEquals(0, added.code(), added.err());

            HttpGet.Response first = HttpGet.get(http, "/metrics");
            assertEquals(200, first.status());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", first.contentType());
            Map<String, Double> before = PrometheusText.parse(first.body());

            LmtpWire.deliver(lmtp, "a@example.org", MESSAGE);
            try (ImapWire w = ImapWire.login(imap, "a@example.org", "pw-1")) {
                List<String> fetched = w.ok("EXAMINE INBOX");
                assertTrue(fetched.contains("* 1 EXISTS"), fetched.toString());
                w.ok("FETCH 1 BODY.PEEK[]");
                w.ok("LOGOUT");
            }
            try (ImapWire w = new ImapWire(imap)) {
                w.readLine();
                assertTrue(w.command("LOGIN a@example.org wrong").getLast().startsWith("a1 NO [AUTHENTICATIONFAILED]"));
            }
            try (ImapWire w = ImapWire.login(imap, "a@example.org", "pw-1")) {
                w.ok("LOGOUT"); // the same password again: serve's verified-login cache answers it
            }

            Map<String, Double> after = PrometheusText.parse(HttpGet.get(http, "/metrics").body());
            assertEquals(1.0, get(after, "mailstore_deliveries_total{result=\"delivered\"}")
                    - get(before, "mailstore_deliveries_total{result=\"delivered\"}"));
            assertEquals(1.0, get(after, "mailstore_delivery_latency_seconds_count") - get(before, "mailstore_delivery_latency_seconds_count"));
            assertEquals(1.0, get(after, "mailstore_delivery_latency_seconds_bucket{le=\"+Inf\"}")
                    - get(before, "mailstore_delivery_latency_seconds_bucket{le=\"+Inf\"}"));
            assertEquals(1.0, get(after, "mailstore_auth_cache_hits_total") - get(before, "mailstore_auth_cache_hits_total"),
                    "the second login with the same password skipped the Argon2id check; the wrong one did not");
            assertEquals(2.0, get(after, "mailstore_commands_total{command=\"LOGIN\",protocol=\"imap\",result=\"ok\"}")
                    - get(before, "mailstore_commands_total{command=\"LOGIN\",protocol=\"imap\",result=\"ok\"}"));
            assertEquals(1.0, get(after, "mailstore_commands_total{command=\"LOGIN\",protocol=\"imap\",result=\"no\"}")
                    - get(before, "mailstore_commands_total{command=\"LOGIN\",protocol=\"imap\",result=\"no\"}"));
            assertEquals(1.0, get(after, "mailstore_commands_total{command=\"DATA\",protocol=\"lmtp\",result=\"2xx\"}")
                    - get(before, "mailstore_commands_total{command=\"DATA\",protocol=\"lmtp\",result=\"2xx\"}"));
            assertEquals(1.0, get(after, "mailstore_auth_failures_total{protocol=\"imap\"}") - get(before, "mailstore_auth_failures_total{protocol=\"imap\"}"));
            assertEquals(3.0, get(after, "mailstore_sessions_total{protocol=\"imap\"}") - get(before, "mailstore_sessions_total{protocol=\"imap\"}"));
            assertEquals(1.0, get(after, "mailstore_sessions_total{protocol=\"lmtp\"}") - get(before, "mailstore_sessions_total{protocol=\"lmtp\"}"));
            assertTrue(get(after, "mailstore_blob_written_bytes_total") - get(before, "mailstore_blob_written_bytes_total") >= MESSAGE.length(),
                    "the delivered message's bytes (plus trace headers) went into the blob tree");
            assertTrue(get(after, "mailstore_blob_read_bytes_total") - get(before, "mailstore_blob_read_bytes_total") >= MESSAGE.length(),
                    "FETCH BODY[] read the blob");
            assertTrue(get(after, "mailstore_journal_fsync_seconds_count") > get(before, "mailstore_journal_fsync_seconds_count"));
            assertEquals(10.0, get(after, "hikaricp_connections_max{pool=\"mailstore\"}"), "the pool's size is exported");
            assertTrue(after.containsKey("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}")
                    || after.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{area=\"heap\"")), "JVM metrics");
            assertTrue(after.containsKey("mailstore_sessions_active{protocol=\"imap\"}"));
            assertEquals(0.0, searchTextBacklogOnceIndexed(http), "serve's indexer wrote the delivered blob's search text");
            assertEquals(0, serve.stop());
        }
    }

    /** The backlog gauge (null if absent), polled until serve's indexer has taken the delivered blob (or 30 s passed). */
    private static Double searchTextBacklogOnceIndexed(int http) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        Double queued; // null: not exported
        do {
            queued = PrometheusText.parse(HttpGet.get(http, "/metrics").body()).get("mailstore_search_text_queued");
            if (queued != null && queued == 0.0) return queued;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return queued;
    }
}
