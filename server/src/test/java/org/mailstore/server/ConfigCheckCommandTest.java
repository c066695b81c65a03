package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailstore config check}: every setting's effective value and source, secrets masked; exit 2 on errors. */
class ConfigCheckCommandTest {
    @TempDir
    Path cwd;

    private static List<List<String>> table(String out) {
        return out.lines().map(l -> Arrays.asList(l.split(" {2,}"))).toList();
    }

    @Test
    void printsEffectiveSettingsWithTheirSourcesAndMasksSecrets() throws Exception {
        Path conf = Files.write(cwd.resolve("my.conf"), List.of(
                "db.url = jdbc:postgresql://db.example.org/mail?password=urlsecret",
                "db.user = mail",
                "db.password = s3cret#with=signs",
                "imap.listen = off"));
        Cli.Result r = new Cli(Map.of("MAILSTORE_DB_POOL_SIZE", "20"), cwd).run("config", "check", "--config", "my.conf");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        String file = conf.toString();
        assertEquals(List.of(
                List.of("KEY", "VALUE", "SOURCE"),
                List.of("data.dir", cwd.resolve("data").toString(), "default"),
                List.of("db.url", "jdbc:postgresql://db.example.org/mail?password=***", file + " line 1"),
                List.of("db.user", "mail", file + " line 2"),
                List.of("db.password", "***", file + " line 3"),
                List.of("db.pool.size", "20", "environment variable MAILSTORE_DB_POOL_SIZE"),
                List.of("db.embedded.port", "0", "default"),
                List.of("blob.dir", cwd.resolve("data/blobs").toString(), "default (data.dir/blobs)"),
                List.of("blob.fanout", "2", "default"),
                List.of("blob.url", "(empty: the file tree at " + cwd.resolve("data/blobs") + ")", "default"),
                List.of("blob.s3.endpoint", "(empty: the SDK's default for the region)", "default"),
                List.of("blob.s3.region", "(empty: the SDK's default chain)", "default"),
                List.of("journal.dir", cwd.resolve("data/journal").toString(), "default (data.dir/journal)"),
                List.of("instance.id", "test-host", "default"),
                List.of("lmtp.listen", "127.0.0.1:2424", "default"),
                List.of("pop3.listen", "127.0.0.1:1110", "default"),
                List.of("pop3s.listen", "127.0.0.1:1995", "default"),
                List.of("imap.listen", "off", file + " line 4"),
                List.of("imaps.listen", "127.0.0.1:1993", "default"),
                List.of("http.listen", "127.0.0.1:8143", "default"),
                List.of("tls.certificate", "(empty: self-signed in " + cwd.resolve("data/tls") + ")", "default"),
                List.of("tls.key", "(empty: self-signed in " + cwd.resolve("data/tls") + ")", "default"),
                List.of("auth.plaintext", "loopback-only", "default"),
                List.of("log.format", "text", "default"),
                List.of("log.level", "info", "default"),
                List.of("imap.max.connections", "10000", "default"),
                List.of("imap.max.connections.per.address", "100", "default"),
                List.of("imap.login.timeout", "PT3M", "default"),
                List.of("imap.idle.timeout", "PT30M", "default"),
                List.of("imap.command.timeout", "PT5M", "default"),
                List.of("imap.quota.admins", "(empty)", "default"),
                List.of("pop3.max.connections", "50", "default"),
                List.of("pop3.max.connections.per.address", "25", "default"),
                List.of("pop3.idle.timeout", "PT10M", "default"),
                List.of("pop3.command.timeout", "PT5M", "default"),
                List.of("lmtp.max.connections", "500", "default"),
                List.of("lmtp.idle.timeout", "PT5M", "default"),
                List.of("lmtp.command.timeout", "PT5M", "default"),
                List.of("client.min.data.rate", "1024", "default"),
                List.of("auth.failure.delay", "PT2S", "default"),
                List.of("auth.failure.delay.max", "PT15S", "default"),
                List.of("auth.failures.before.refusal", "10", "default"),
                List.of("auth.refusal.window", "PT15M", "default"),
                List.of("auth.failures.per.connection", "3", "default"),
                List.of("search.text.backlog.limit", "2000", "default"),
                List.of("search.text.backlog.wait", "PT1S", "default"),
                List.of("auth.cache.ttl", "PT10M", "default"),
                List.of("auth.cache.size", "100000", "default")), table(r.out()));
        assertFalse(r.out().contains("s3cret") || r.out().contains("urlsecret"), r.out());
    }

    @Test
    void columnsAreAlignedForPeople() {
        Cli.Result r = new Cli(Map.of(), cwd).run("config", "check");
        List<String> lines = r.out().lines().toList();
        int valueColumn = lines.getFirst().indexOf("VALUE");
        int sourceColumn = lines.getFirst().indexOf("SOURCE");
        for (String l : lines) {
            assertEquals(' ', l.charAt(valueColumn - 1), l);
            assertTrue(l.charAt(valueColumn) != ' ' && l.charAt(sourceColumn) != ' ' && l.charAt(sourceColumn - 1) == ' ', l);
            assertEquals(l.strip(), l, "no trailing blanks");
        }
    }

    @Test
    void embeddedDatabaseAndEnvironmentOverridesAreShown() {
        Cli.Result r = new Cli(Map.of("MAILSTORE_DATA_DIR", "/srv/mail", "MAILSTORE_LOG_LEVEL", "DEBUG"), cwd).run("config", "check");
        assertEquals(0, r.code(), r.err());
        List<List<String>> t = table(r.out());
        assertEquals(List.of("data.dir", "/srv/mail", "environment variable MAILSTORE_DATA_DIR"), t.get(1));
        assertEquals(List.of("db.url", "(empty: embedded PostgreSQL in /srv/mail/pg)", "default"), t.get(2));
        assertEquals(List.of("db.password", "(empty)", "default"), t.get(4));
        assertEquals(List.of("blob.dir", "/srv/mail/blobs", "default (data.dir/blobs)"), t.get(7));
        assertEquals(List.of("log.level", "debug", "environment variable MAILSTORE_LOG_LEVEL"), t.get(24));
    }

    @Test
    void anUnknownKeyExitsTwoNamingFileAndLine() throws Exception {
        Path conf = Files.write(cwd.resolve("bad.conf"), List.of("# typo below", "blob.fanot = 3"));
        Cli.Result r = new Cli(Map.of(), cwd).run("config", "check", "--config", "bad.conf");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("mailstore config check: " + conf + " line 2: unknown key 'blob.fanot'; known keys: data.dir, "), r.err());
    }

    @Test
    void aBadValueExitsTwoWithoutEchoingAPassword() throws Exception {
        Cli.Result level = new Cli(Map.of("MAILSTORE_LOG_LEVEL", "loud"), cwd).run("config", "check");
        assertEquals(2, level.code());
        assertEquals("mailstore config check: invalid log.level 'loud' (environment variable MAILSTORE_LOG_LEVEL): "
                + "must be one of error, warn, info, debug, trace", level.err().strip());
        Cli.Result url = new Cli(Map.of("MAILSTORE_DB_URL", "mysql://x?password=hunter2"), cwd).run("config", "check");
        assertEquals(2, url.code());
        assertFalse(url.err().contains("hunter2"), url.err());
    }
}
