package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.FileBlobLocation;
import org.mailstore.blobstore.S3BlobLocation;
import org.mailstore.store.SearchTextBacklog;
import org.mailstore.store.VerifiedLogins;

class MailstoreConfigTest {
    @TempDir
    Path cwd;

    private MailstoreConfig load(Map<String, String> env) {
        return MailstoreConfig.load(Optional.empty(), env, cwd, "mx1.example.org");
    }

    private Path conf(String... lines) throws IOException {
        return Files.write(cwd.resolve("mailstore.conf"), java.util.List.of(lines));
    }

    @Test
    void defaultsMatchTheDesign() {
        MailstoreConfig c = load(Map.of());
        assertEquals(cwd.resolve("data"), c.dataDir());
        assertTrue(c.embeddedDatabase());
        assertEquals(cwd.resolve("data/pg"), c.embeddedPgDir());
        assertEquals(cwd.resolve("data/blobs"), c.blobDir());
        assertEquals(cwd.resolve("data/journal"), c.journalDir());
        assertEquals(10, c.dbPoolSize());
        assertEquals(0, c.dbEmbeddedPort());
        assertEquals(2, c.blobFanout());
        assertEquals("mx1.example.org", c.instanceId());
        assertEquals(Optional.of(new ListenAddress("127.0.0.1", 2424)), c.lmtpListen());
        assertEquals(Optional.of(new ListenAddress("127.0.0.1", 1110)), c.pop3Listen());
        assertEquals(Optional.of(new ListenAddress("127.0.0.1", 1995)), c.pop3sListen());
        assertEquals(Optional.of(new ListenAddress("127.0.0.1", 1143)), c.imapListen());
        assertEquals(Optional.of(new ListenAddress("127.0.0.1", 1993)), c.imapsListen());
        assertEquals(Optional.of(new ListenAddress("127.0.0.1", 8143)), c.httpListen());
        assertEquals(Optional.empty(), c.tlsCertificate());
        assertEquals(Optional.empty(), c.tlsKey());
        assertEquals(cwd.resolve("data/tls"), c.selfSignedTlsDir());
        assertEquals(org.mailstore.net.PlaintextPolicy.Mode.LOOPBACK_ONLY, c.authPlaintext());
        assertEquals(LogFormat.TEXT, c.logFormat());
        assertEquals(LogLevel.INFO, c.logLevel());
        assertEquals(new SearchTextBacklog.Settings(2000, Duration.ofSeconds(1)), c.searchTextBacklog());
        assertEquals(new VerifiedLogins.Settings(Duration.ofMinutes(10), 100_000), c.verifiedLogins());
    }

    @Test
    void aCertificateNeedsItsKeyAndThePlaintextPolicyIsOneOfThree() {
        assertEquals("invalid tls.certificate '/etc/cert.pem' (environment variable MAILSTORE_TLS_CERTIFICATE): tls.key must be set too",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_TLS_CERTIFICATE", "/etc/cert.pem"))).getMessage());
        assertEquals("invalid tls.key '/etc/key.pem' (environment variable MAILSTORE_TLS_KEY): tls.certificate must be set too",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_TLS_KEY", "/etc/key.pem"))).getMessage());
        assertEquals("invalid auth.plaintext 'sometimes' (environment variable MAILSTORE_AUTH_PLAINTEXT): must be loopback-only, never or always",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_AUTH_PLAINTEXT", "sometimes"))).getMessage());
    }

    @Test
    void abuseLimitsDefaultToTheProtocolModulesOwnAndReachTheirSettings() {
        ProtocolLimits l = load(Map.of()).limits();
        assertEquals(new ProtocolLimits(10_000, 100, Duration.ofMinutes(3), Duration.ofMinutes(30), Duration.ofMinutes(5), new TreeSet<>(),
                50, 25, Duration.ofMinutes(10), Duration.ofMinutes(5), 500, Duration.ofMinutes(5), Duration.ofMinutes(5), 1024,
                Duration.ofSeconds(2), Duration.ofSeconds(15), 10, Duration.ofMinutes(15), 3), l);
        assertEquals(org.mailstore.imapd.ImapSettings.defaults(), l.imap());
        assertEquals(org.mailstore.pop3d.Pop3Settings.defaults(), l.pop3());
        assertEquals(org.mailstore.lmtpd.LmtpSettings.defaults().commandTimeouts(), l.lmtp().commandTimeouts());
        assertEquals(org.mailstore.net.AuthThrottle.Settings.defaults(), l.newThrottle().settings());
    }

    @Test
    void abuseLimitsOutOfRangeAreRefusedNamingTheKey() {
        assertEquals("invalid auth.failure.delay.max '1s' (environment variable MAILSTORE_AUTH_FAILURE_DELAY_MAX): must not be below "
                + "auth.failure.delay", assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_AUTH_FAILURE_DELAY_MAX", "1s"))).getMessage());
        assertEquals("invalid pop3.idle.timeout '0s' (environment variable MAILSTORE_POP3_IDLE_TIMEOUT): must be from PT1S to PT8760H",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_POP3_IDLE_TIMEOUT", "0s"))).getMessage());
        assertEquals("invalid imap.max.connections.per.address '0' (environment variable MAILSTORE_IMAP_MAX_CONNECTIONS_PER_ADDRESS): "
                + "must be from 1 to 1000000",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_IMAP_MAX_CONNECTIONS_PER_ADDRESS", "0"))).getMessage());
        assertEquals("invalid search.text.backlog.wait '1m' (environment variable MAILSTORE_SEARCH_TEXT_BACKLOG_WAIT): must be from PT0S to PT30S",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_SEARCH_TEXT_BACKLOG_WAIT", "1m"))).getMessage());
        assertEquals("invalid search.text.backlog.limit '-1' (environment variable MAILSTORE_SEARCH_TEXT_BACKLOG_LIMIT): must be from 0 to 10000000",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_SEARCH_TEXT_BACKLOG_LIMIT", "-1"))).getMessage());
        assertEquals("invalid auth.cache.ttl '2d' (environment variable MAILSTORE_AUTH_CACHE_TTL): must be from PT0S to PT24H",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_AUTH_CACHE_TTL", "2d"))).getMessage());
        assertEquals("invalid auth.cache.size '10000001' (environment variable MAILSTORE_AUTH_CACHE_SIZE): must be from 0 to 10000000",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_AUTH_CACHE_SIZE", "10000001"))).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_LMTP_IDLE_TIMEOUT", "soon"))).getMessage()
                .startsWith("invalid lmtp.idle.timeout 'soon' (environment variable MAILSTORE_LMTP_IDLE_TIMEOUT): not a duration"));
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesFile() throws IOException {
        conf("# comment", "", "db.pool.size = 20", "blob.fanout=3", "imap.listen = 0.0.0.0:143", "instance.id = a");
        MailstoreConfig c = load(Map.of("MAILSTORE_DB_POOL_SIZE", "30", "MAILSTORE_INSTANCE_ID", "b"));
        assertEquals(30, c.dbPoolSize());
        assertEquals(3, c.blobFanout());
        assertEquals(Optional.of(new ListenAddress("0.0.0.0", 143)), c.imapListen());
        assertEquals("b", c.instanceId());
    }

    @Test
    void everyKeyHasItsEnvironmentVariable() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("MAILSTORE_DATA_DIR", "/srv/mail"),
                Map.entry("MAILSTORE_DB_URL", "jdbc:postgresql://db:5432/mail"),
                Map.entry("MAILSTORE_DB_USER", "mail"),
                Map.entry("MAILSTORE_DB_PASSWORD", "s3cret"),
                Map.entry("MAILSTORE_DB_POOL_SIZE", "5"),
                Map.entry("MAILSTORE_DB_EMBEDDED_PORT", "15432"),
                Map.entry("MAILSTORE_BLOB_DIR", "/nfs/blobs"),
                Map.entry("MAILSTORE_BLOB_FANOUT", "1"),
                Map.entry("MAILSTORE_BLOB_URL", "s3://bodies/mx"),
                Map.entry("MAILSTORE_BLOB_S3_ENDPOINT", "https://s3.example.org"),
                Map.entry("MAILSTORE_BLOB_S3_REGION", "eu-central-1"),
                Map.entry("MAILSTORE_JOURNAL_DIR", "/nfs/journal"),
                Map.entry("MAILSTORE_INSTANCE_ID", "node-7"),
                Map.entry("MAILSTORE_LMTP_LISTEN", "off"),
                Map.entry("MAILSTORE_POP3_LISTEN", "[::1]:110"),
                Map.entry("MAILSTORE_POP3S_LISTEN", "off"),
                Map.entry("MAILSTORE_IMAP_LISTEN", "[::]:143"),
                Map.entry("MAILSTORE_IMAPS_LISTEN", "localhost:993"),
                Map.entry("MAILSTORE_HTTP_LISTEN", "OFF"),
                Map.entry("MAILSTORE_TLS_CERTIFICATE", "/etc/letsencrypt/live/mx/fullchain.pem"),
                Map.entry("MAILSTORE_TLS_KEY", "/etc/letsencrypt/live/mx/privkey.pem"),
                Map.entry("MAILSTORE_AUTH_PLAINTEXT", "never"),
                Map.entry("MAILSTORE_LOG_FORMAT", "JSON"),
                Map.entry("MAILSTORE_LOG_LEVEL", "debug"),
                Map.entry("MAILSTORE_IMAP_MAX_CONNECTIONS", "11"),
                Map.entry("MAILSTORE_IMAP_MAX_CONNECTIONS_PER_ADDRESS", "12"),
                Map.entry("MAILSTORE_IMAP_LOGIN_TIMEOUT", "13s"),
                Map.entry("MAILSTORE_IMAP_IDLE_TIMEOUT", "14m"),
                Map.entry("MAILSTORE_IMAP_COMMAND_TIMEOUT", "24s"),
                Map.entry("MAILSTORE_IMAP_QUOTA_ADMINS", " Postmaster@Example.org, admin@example.org,postmaster@example.org "),
                Map.entry("MAILSTORE_POP3_MAX_CONNECTIONS", "15"),
                Map.entry("MAILSTORE_POP3_MAX_CONNECTIONS_PER_ADDRESS", "16"),
                Map.entry("MAILSTORE_POP3_IDLE_TIMEOUT", "17m"),
                Map.entry("MAILSTORE_POP3_COMMAND_TIMEOUT", "25s"),
                Map.entry("MAILSTORE_LMTP_MAX_CONNECTIONS", "18"),
                Map.entry("MAILSTORE_LMTP_IDLE_TIMEOUT", "19s"),
                Map.entry("MAILSTORE_LMTP_COMMAND_TIMEOUT", "26s"),
                Map.entry("MAILSTORE_CLIENT_MIN_DATA_RATE", "27"),
                Map.entry("MAILSTORE_AUTH_FAILURE_DELAY", "PT0.5S"),
                Map.entry("MAILSTORE_AUTH_FAILURE_DELAY_MAX", "20s"),
                Map.entry("MAILSTORE_AUTH_FAILURES_BEFORE_REFUSAL", "21"),
                Map.entry("MAILSTORE_AUTH_REFUSAL_WINDOW", "22m"),
                Map.entry("MAILSTORE_AUTH_FAILURES_PER_CONNECTION", "23"),
                Map.entry("MAILSTORE_SEARCH_TEXT_BACKLOG_LIMIT", "0"),
                Map.entry("MAILSTORE_SEARCH_TEXT_BACKLOG_WAIT", "PT0.25S"),
                Map.entry("MAILSTORE_AUTH_CACHE_TTL", "28m"),
                Map.entry("MAILSTORE_AUTH_CACHE_SIZE", "29"));
        MailstoreConfig c = load(env);
        assertEquals(Path.of("/srv/mail"), c.dataDir());
        assertEquals("jdbc:postgresql://db:5432/mail", c.dbUrl());
        assertFalse(c.embeddedDatabase());
        assertEquals("mail", c.dbUser());
        assertEquals("s3cret", c.dbPassword());
        assertEquals(5, c.dbPoolSize());
        assertEquals(15432, c.dbEmbeddedPort());
        assertEquals(Path.of("/nfs/blobs"), c.blobDir());
        assertEquals(1, c.blobFanout());
        assertEquals(Optional.of(new S3BlobLocation("bodies", "mx", Optional.of(URI.create("https://s3.example.org")),
                Optional.of("eu-central-1"), Path.of("/nfs/blobs/tmp"))), c.blobS3());
        assertEquals(Path.of("/nfs/journal"), c.journalDir());
        assertEquals("node-7", c.instanceId());
        assertEquals(Optional.empty(), c.lmtpListen());
        assertEquals(Optional.of(new ListenAddress("::1", 110)), c.pop3Listen());
        assertEquals(Optional.empty(), c.pop3sListen());
        assertEquals(Optional.of(new ListenAddress("::", 143)), c.imapListen());
        assertEquals(Optional.of(new ListenAddress("localhost", 993)), c.imapsListen());
        assertEquals(Optional.empty(), c.httpListen());
        assertEquals(Optional.of(Path.of("/etc/letsencrypt/live/mx/fullchain.pem")), c.tlsCertificate());
        assertEquals(Optional.of(Path.of("/etc/letsencrypt/live/mx/privkey.pem")), c.tlsKey());
        assertEquals(org.mailstore.net.PlaintextPolicy.Mode.NEVER, c.authPlaintext());
        assertEquals(LogFormat.JSON, c.logFormat());
        assertEquals(LogLevel.DEBUG, c.logLevel());
        assertEquals(new ProtocolLimits(11, 12, Duration.ofSeconds(13), Duration.ofMinutes(14), Duration.ofSeconds(24),
                new TreeSet<>(List.of("admin@example.org", "postmaster@example.org")), 15, 16, Duration.ofMinutes(17), Duration.ofSeconds(25), 18,
                Duration.ofSeconds(19), Duration.ofSeconds(26), 27, Duration.ofMillis(500), Duration.ofSeconds(20), 21, Duration.ofMinutes(22), 23), c.limits());
        assertEquals(new SearchTextBacklog.Settings(0, Duration.ofMillis(250)), c.searchTextBacklog());
        assertEquals(new VerifiedLogins.Settings(Duration.ofMinutes(28), 29), c.verifiedLogins());
        assertEquals(ConfigKey.values().length, env.size(), "a key without a test of its variable");
    }

    @Test
    void quotaAdminsMustBeAddressesAndReachImapSettings() {
        MailstoreConfig c = load(Map.of("MAILSTORE_IMAP_QUOTA_ADMINS", "Admin@Example.org"));
        assertTrue(c.limits().imap().quotaAdmin("admin@example.org"));
        assertFalse(c.limits().imap().quotaAdmin("other@example.org"));
        assertEquals("invalid imap.quota.admins 'admin, root' (environment variable MAILSTORE_IMAP_QUOTA_ADMINS): "
                        + "invalid address 'admin': address must be local@domain",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_IMAP_QUOTA_ADMINS", "admin, root"))).getMessage());
    }

    @Test
    void blobAndJournalDirsFollowTheFinalDataDir() throws IOException {
        conf("data.dir = /from/file");
        MailstoreConfig c = load(Map.of("MAILSTORE_DATA_DIR", "/from/env"));
        assertEquals(Path.of("/from/env/blobs"), c.blobDir());
        assertEquals(Path.of("/from/env/journal"), c.journalDir());
        assertEquals(Path.of("/from/env/pg"), c.embeddedPgDir());
    }

    @Test
    void relativePathsResolveAgainstTheCurrentDirectory() {
        MailstoreConfig c = load(Map.of("MAILSTORE_DATA_DIR", "var/../store", "MAILSTORE_BLOB_DIR", "b"));
        assertEquals(cwd.resolve("store"), c.dataDir());
        assertEquals(cwd.resolve("b"), c.blobDir());
    }

    @Test
    void explicitConfigFileIsRead() throws IOException {
        Path f = Files.writeString(cwd.resolve("other.conf"), "db.pool.size = 7\n");
        conf("db.pool.size = 8");
        MailstoreConfig c = MailstoreConfig.load(Optional.of(Path.of("other.conf")), Map.of(), cwd, "h");
        assertEquals(7, c.dbPoolSize());
        assertTrue(Files.exists(f));
    }

    @Test
    void missingExplicitConfigFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> MailstoreConfig.load(Optional.of(Path.of("nope.conf")), Map.of(), cwd, "h"));
        assertEquals("configuration file " + cwd.resolve("nope.conf") + " does not exist", e.getMessage());
    }

    @Test
    void unknownKeyNamesKeyAndLine() throws IOException {
        Path f = conf("# mailstore", "db.url =", "blob.fanot = 3");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()));
        assertTrue(e.getMessage().startsWith(f + " line 3: unknown key 'blob.fanot'; known keys: data.dir, db.url,"),
                e.getMessage());
    }

    @Test
    void lineWithoutEqualsSignIsAnError() throws IOException {
        Path f = conf("data.dir /srv");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()));
        assertEquals(f + " line 1: expected 'key = value', got 'data.dir /srv'", e.getMessage());
    }

    @Test
    void repeatedKeyIsAnError() throws IOException {
        Path f = conf("db.pool.size = 1", "db.pool.size = 2");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()));
        assertEquals(f + " line 2: key 'db.pool.size' already set at " + f + " line 1", e.getMessage());
    }

    @Test
    void valueKeepsHashAndEqualsSigns() throws IOException {
        conf("db.password = a#b=c ");
        assertEquals("a#b=c", load(Map.of()).dbPassword());
    }

    @Test
    void badValueNamesItsSource() throws IOException {
        Path f = conf("db.pool.size = 0");
        ConfigException fromFile = assertThrows(ConfigException.class, () -> load(Map.of()));
        assertEquals("invalid db.pool.size '0' (" + f + " line 1): must be from 2 to 1000", fromFile.getMessage());
        Files.delete(f);
        ConfigException fromEnv = assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_BLOB_FANOUT", "two")));
        assertEquals("invalid blob.fanout 'two' (environment variable MAILSTORE_BLOB_FANOUT): must be a whole number from 0 to 4",
                fromEnv.getMessage());
    }

    @Test
    void theFileTreeIsTheDefaultBlobLocation() {
        MailstoreConfig c = load(Map.of("MAILSTORE_BLOB_FANOUT", "3"));
        assertEquals(new FileBlobLocation(c.blobDir(), 3), c.blobLocation());
    }

    @Test
    void blobUrlSelectsAnS3Bucket() {
        MailstoreConfig c = load(Map.of("MAILSTORE_BLOB_URL", "s3://mail-bodies/site1/blobs/",
                "MAILSTORE_BLOB_S3_ENDPOINT", "http://127.0.0.1:9000", "MAILSTORE_BLOB_S3_REGION", "eu-west-1"));
        assertEquals(new S3BlobLocation("mail-bodies", "site1/blobs", Optional.of(URI.create("http://127.0.0.1:9000")),
                Optional.of("eu-west-1"), c.blobDir().resolve("tmp")), c.blobLocation());
        assertEquals("s3://mail-bodies/site1/blobs", ((S3BlobLocation) c.blobLocation()).url());
        assertEquals(new S3BlobLocation("b", "", Optional.empty(), Optional.empty(), c.blobDir().resolve("tmp")),
                load(Map.of("MAILSTORE_BLOB_URL", "s3://b")).blobLocation());
    }

    @Test
    void badBlobLocationsNameTheirKey() {
        assertEquals("invalid blob.url 'https://b/p' (environment variable MAILSTORE_BLOB_URL): "
                        + "must be empty (the file tree at blob.dir) or s3://bucket/prefix",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_BLOB_URL", "https://b/p"))).getMessage());
        assertEquals("invalid blob.s3.endpoint 'minio:9000' (environment variable MAILSTORE_BLOB_S3_ENDPOINT): "
                        + "must be an http:// or https:// URL",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_BLOB_URL", "s3://b",
                        "MAILSTORE_BLOB_S3_ENDPOINT", "minio:9000"))).getMessage());
        assertEquals("invalid blob.s3.region 'eu-west-1' (environment variable MAILSTORE_BLOB_S3_REGION): "
                        + "needs blob.url (s3://bucket/prefix)",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_BLOB_S3_REGION", "eu-west-1"))).getMessage());
    }

    @Test
    void listenAddressErrors() {
        assertEquals("invalid imap.listen '::1:143' (environment variable MAILSTORE_IMAP_LISTEN): "
                        + "IPv6 addresses need brackets, as in [::1]:1143; got '::1:143'",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_IMAP_LISTEN", "::1:143"))).getMessage());
        assertEquals("invalid lmtp.listen '2424' (environment variable MAILSTORE_LMTP_LISTEN): expected host:port or off, got '2424'",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_LMTP_LISTEN", "2424"))).getMessage());
        assertEquals("invalid pop3.listen 'h:65536' (environment variable MAILSTORE_POP3_LISTEN): port 65536 out of range 0-65535 in 'h:65536'",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_POP3_LISTEN", "h:65536"))).getMessage());
        assertEquals("invalid http.listen '[::1]' (environment variable MAILSTORE_HTTP_LISTEN): expected [ipv6-address]:port or off, got '[::1]'",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_HTTP_LISTEN", "[::1]"))).getMessage());
        assertEquals("invalid imaps.listen ':993' (environment variable MAILSTORE_IMAPS_LISTEN): bad host in ':993'",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_IMAPS_LISTEN", ":993"))).getMessage());
    }

    @Test
    void listenAddressPrintsIpv6InBrackets() {
        assertEquals("[::1]:1143", ListenAddress.parse("[::1]:1143").orElseThrow().toString());
        assertEquals("127.0.0.1:0", ListenAddress.parse(" 127.0.0.1:0 ").orElseThrow().toString());
    }

    @Test
    void onlyPostgresUrlsAreAccepted() {
        assertEquals("invalid db.url 'jdbc:mysql://x/y' (environment variable MAILSTORE_DB_URL): "
                        + "must be empty (embedded PostgreSQL) or a jdbc:postgresql: URL",
                assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_DB_URL", "jdbc:mysql://x/y"))).getMessage());
    }

    @Test
    void emptyEnvironmentValueOverridesFileUrlBackToEmbedded() throws IOException {
        conf("db.url = jdbc:postgresql://db/mail");
        assertTrue(load(Map.of("MAILSTORE_DB_URL", "")).embeddedDatabase());
    }

    @Test
    void instanceIdFallsBackWhenHostNameIsUnusable() {
        assertEquals(MailstoreConfig.FALLBACK_INSTANCE_ID, MailstoreConfig.load(Optional.empty(), Map.of(), cwd, null).instanceId());
        assertEquals(MailstoreConfig.FALLBACK_INSTANCE_ID, MailstoreConfig.load(Optional.empty(), Map.of(), cwd, "bad/host").instanceId());
        assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_INSTANCE_ID", "../etc")));
    }

    @Test
    void passwordNeverPrinted() {
        MailstoreConfig c = load(Map.of("MAILSTORE_DB_PASSWORD", "hunter2",
                "MAILSTORE_DB_URL", "jdbc:postgresql://db/mail?user=u&password=topsecret&ssl=true"));
        assertFalse(c.toString().contains("hunter2"), c.toString());
        assertFalse(c.toString().contains("topsecret"), c.toString());
        assertTrue(c.toString().contains("password=***&ssl=true"), c.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of("MAILSTORE_DB_PASSWORD", "x",
                "MAILSTORE_DB_URL", "jdbc:pg://h?password=topsecret")));
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }

    @Test
    void unrelatedEnvironmentVariablesAreIgnored() {
        assertEquals(10, load(Map.of("MAILSTORE_TEST_DB_URL", "jdbc:postgresql://x/y", "PATH", "/bin")).dbPoolSize());
    }
}
