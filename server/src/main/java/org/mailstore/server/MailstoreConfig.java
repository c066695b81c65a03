package org.mailstore.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.mailstore.blobstore.BlobLocation;
import org.mailstore.blobstore.FileBlobLocation;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.blobstore.S3BlobLocation;
import org.mailstore.imapd.ImapSettings;
import org.mailstore.lmtpd.LmtpSettings;
import org.mailstore.net.AuthThrottle;
import org.mailstore.net.CommandTimeouts;
import org.mailstore.net.PlaintextPolicy;
import org.mailstore.pop3d.Pop3Settings;
import org.mailstore.store.Accounts;
import org.mailstore.store.SearchTextBacklog;
import org.mailstore.store.StoreException;
import org.mailstore.store.VerifiedLogins;
import picocli.CommandLine.TypeConversionException;

/**
 * The settings of one mailstore process, frozen once loaded. Sources, lowest precedence first:
 * the defaults below, {@code mailstore.conf}, environment variables ({@link ConfigKey#envName()}).
 * Relative paths resolve against the current directory, so {@code ./data} means the directory the
 * command was started in, whichever file or variable said it.
 */
public record MailstoreConfig(
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        int dbEmbeddedPort,
        Path blobDir,
        int blobFanout,
        Optional<S3BlobLocation> blobS3,
        Path journalDir,
        String instanceId,
        Optional<ListenAddress> lmtpListen,
        Optional<ListenAddress> pop3Listen,
        Optional<ListenAddress> pop3sListen,
        Optional<ListenAddress> imapListen,
        Optional<ListenAddress> imapsListen,
        Optional<ListenAddress> httpListen,
        Optional<Path> tlsCertificate,
        Optional<Path> tlsKey,
        PlaintextPolicy.Mode authPlaintext,
        LogFormat logFormat,
        LogLevel logLevel,
        ProtocolLimits limits,
        SearchTextBacklog.Settings searchTextBacklog,
        VerifiedLogins.Settings verifiedLogins) {

    /** The file read when {@code --config} is not given, if it exists in the current directory. */
    public static final String DEFAULT_CONFIG_FILE = "mailstore.conf";
    public static final String DEFAULT_DATA_DIR = "./data";
    /** Empty: start the embedded PostgreSQL in {@code <data.dir>/pg}. */
    public static final String DEFAULT_DB_URL = "";
    /** Connections in the pool. */
    public static final int DEFAULT_DB_POOL_SIZE = 10;
    /** The store keeps one connection for change notifications; transactions need at least one more. */
    public static final int MIN_DB_POOL_SIZE = 2;
    public static final int MAX_DB_POOL_SIZE = 1_000;
    /** TCP port of the embedded PostgreSQL; 0 picks a free loopback port at each start. */
    public static final int DEFAULT_DB_EMBEDDED_PORT = 0;
    /** Directory levels of two hex digits each between the blob root and a blob: ab/cd/abcd… (0 to 4, as the blob store allows). */
    public static final int DEFAULT_BLOB_FANOUT = 2;
    public static final int MIN_BLOB_FANOUT = 0;
    public static final int MAX_BLOB_FANOUT = 4;
    /** blob.url's default: the file tree at blob.dir. */
    public static final String DEFAULT_BLOB_URL = "";
    /** Sub-directories of data.dir used when blob.dir, journal.dir are not set. */
    public static final String BLOB_SUBDIR = "blobs";
    public static final String JOURNAL_SUBDIR = "journal";
    public static final String EMBEDDED_PG_SUBDIR = "pg";
    public static final String DEFAULT_LMTP_LISTEN = "127.0.0.1:2424";
    public static final String DEFAULT_POP3_LISTEN = "127.0.0.1:1110";
    public static final String DEFAULT_POP3S_LISTEN = "127.0.0.1:1995";
    public static final String DEFAULT_IMAP_LISTEN = "127.0.0.1:1143";
    public static final String DEFAULT_IMAPS_LISTEN = "127.0.0.1:1993";
    public static final String DEFAULT_HTTP_LISTEN = "127.0.0.1:8143";
    /** Sub-directory of data.dir for the self-signed certificate made when tls.certificate is not set. */
    public static final String TLS_SUBDIR = "tls";
    /** Cleartext passwords only over TLS or from this host. */
    public static final PlaintextPolicy.Mode DEFAULT_AUTH_PLAINTEXT = PlaintextPolicy.Mode.LOOPBACK_ONLY;
    public static final LogFormat DEFAULT_LOG_FORMAT = LogFormat.TEXT;
    public static final LogLevel DEFAULT_LOG_LEVEL = LogLevel.INFO;
    /** Used when the host name cannot be found. */
    public static final String FALLBACK_INSTANCE_ID = "mailstore";
    /** Instance ids become part of journal file names. */
    public static final Pattern INSTANCE_ID_SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Upper bound of every connection cap: far above what one JVM serves, low enough to catch a typo. */
    public static final int MAX_CONNECTIONS = 1_000_000;
    /** Shortest idle timeout accepted: shorter ones would drop clients between two keystrokes. */
    public static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(1);
    /**
     * Highest client.min.data.rate, bytes per second (100 MB/s): a rate above what a link sustains would cut off
     * honest uploads at the fixed command timeout.
     */
    public static final int MAX_MIN_DATA_RATE = 100_000_000;
    /** Longest failure delay: a session waiting longer than this is a session held open for an attacker. */
    public static final Duration MAX_AUTH_FAILURE_DELAY = Duration.ofMinutes(1);
    public static final int MAX_AUTH_FAILURES = 1_000_000;
    /** Highest search.text.backlog.limit: a queue of ten million blobs is an indexer that has stopped, not a backlog. */
    public static final int MAX_SEARCH_TEXT_BACKLOG = 10_000_000;
    /** Longest search.text.backlog.wait: below the LMTP and IMAP command timeouts by far. */
    public static final Duration MAX_SEARCH_TEXT_BACKLOG_WAIT = Duration.ofSeconds(30);
    /** Longest auth.cache.ttl: a day, so a stolen memory image never holds checks older than that. */
    public static final Duration MAX_AUTH_CACHE_TTL = Duration.ofDays(1);
    /** Most accounts auth.cache.size may hold (about 150 bytes each). */
    public static final int MAX_AUTH_CACHE_SIZE = 10_000_000;

    private static final String DEFAULT_SOURCE = "default";

    /** Whether mailstore runs its own PostgreSQL (db.url empty). */
    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    /**
     * Where message bodies are kept: the S3 bucket blob.url names, or else the file tree at blob.dir. With S3,
     * blob.dir's {@code tmp/} is the spool each put's bytes pass through on their way up.
     */
    public BlobLocation blobLocation() {
        return blobS3.<BlobLocation>map(s3 -> s3).orElseGet(() -> new FileBlobLocation(blobDir, blobFanout));
    }

    /** The embedded PostgreSQL's data directory. */
    public Path embeddedPgDir() {
        return dataDir.resolve(EMBEDDED_PG_SUBDIR);
    }

    /**
     * Loads the configuration.
     *
     * @param configFile the file named by {@code --config}, or empty to read {@code ./mailstore.conf} if it exists
     * @param env the process environment (injected so tests need not change the real one)
     * @param cwd the directory relative paths resolve against
     * @param hostName default instance id; null or unusable for {@link #FALLBACK_INSTANCE_ID}
     * @throws ConfigException naming the bad setting and its source
     */
    public static MailstoreConfig load(Optional<Path> configFile, Map<String, String> env, Path cwd, String hostName) {
        return build(settings(configFile, env, cwd, hostName), cwd);
    }

    /** Every setting's raw value and where it came from, before validation (for {@code config check}). */
    static Map<ConfigKey, Setting> settings(Optional<Path> configFile, Map<String, String> env, Path cwd, String hostName) {
        Map<ConfigKey, Setting> s = new EnumMap<>(ConfigKey.class);
        putDefaults(s, hostName);
        Optional<Path> file = configFile.map(cwd::resolve)
                .or(() -> Optional.of(cwd.resolve(DEFAULT_CONFIG_FILE)).filter(Files::isRegularFile));
        file.ifPresent(f -> s.putAll(ConfigFile.read(f)));
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.envName());
            if (v != null) s.put(k, new Setting(v.strip(), "environment variable " + k.envName()));
        }
        return s;
    }

    private static void putDefaults(Map<ConfigKey, Setting> s, String hostName) {
        put(s, ConfigKey.DATA_DIR, DEFAULT_DATA_DIR);
        put(s, ConfigKey.DB_URL, DEFAULT_DB_URL);
        put(s, ConfigKey.DB_USER, "");
        put(s, ConfigKey.DB_PASSWORD, "");
        put(s, ConfigKey.DB_POOL_SIZE, Integer.toString(DEFAULT_DB_POOL_SIZE));
        put(s, ConfigKey.DB_EMBEDDED_PORT, Integer.toString(DEFAULT_DB_EMBEDDED_PORT));
        put(s, ConfigKey.BLOB_FANOUT, Integer.toString(DEFAULT_BLOB_FANOUT));
        put(s, ConfigKey.BLOB_URL, DEFAULT_BLOB_URL);
        put(s, ConfigKey.BLOB_S3_ENDPOINT, "");
        put(s, ConfigKey.BLOB_S3_REGION, "");
        boolean usableHost = hostName != null && INSTANCE_ID_SYNTAX.matcher(hostName).matches();
        put(s, ConfigKey.INSTANCE_ID, usableHost ? hostName : FALLBACK_INSTANCE_ID);
        put(s, ConfigKey.LMTP_LISTEN, DEFAULT_LMTP_LISTEN);
        put(s, ConfigKey.POP3_LISTEN, DEFAULT_POP3_LISTEN);
        put(s, ConfigKey.POP3S_LISTEN, DEFAULT_POP3S_LISTEN);
        put(s, ConfigKey.IMAP_LISTEN, DEFAULT_IMAP_LISTEN);
        put(s, ConfigKey.IMAPS_LISTEN, DEFAULT_IMAPS_LISTEN);
        put(s, ConfigKey.HTTP_LISTEN, DEFAULT_HTTP_LISTEN);
        put(s, ConfigKey.TLS_CERTIFICATE, "");
        put(s, ConfigKey.TLS_KEY, "");
        put(s, ConfigKey.AUTH_PLAINTEXT, DEFAULT_AUTH_PLAINTEXT.configName());
        put(s, ConfigKey.LOG_FORMAT, DEFAULT_LOG_FORMAT.word());
        put(s, ConfigKey.LOG_LEVEL, DEFAULT_LOG_LEVEL.word());
        put(s, ConfigKey.IMAP_MAX_CONNECTIONS, Integer.toString(ImapSettings.DEFAULT_MAX_CONNECTIONS));
        put(s, ConfigKey.IMAP_MAX_CONNECTIONS_PER_ADDRESS, Integer.toString(ImapSettings.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS));
        put(s, ConfigKey.IMAP_LOGIN_TIMEOUT, ImapSettings.DEFAULT_LOGIN_TIMEOUT.toString());
        put(s, ConfigKey.IMAP_IDLE_TIMEOUT, ImapSettings.DEFAULT_AUTOLOGOUT.toString());
        put(s, ConfigKey.IMAP_COMMAND_TIMEOUT, CommandTimeouts.DEFAULT_COMMAND_TIMEOUT.toString());
        put(s, ConfigKey.IMAP_QUOTA_ADMINS, "");
        put(s, ConfigKey.POP3_MAX_CONNECTIONS, Integer.toString(Pop3Settings.DEFAULT_MAX_CONNECTIONS));
        put(s, ConfigKey.POP3_MAX_CONNECTIONS_PER_ADDRESS, Integer.toString(Pop3Settings.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS));
        put(s, ConfigKey.POP3_IDLE_TIMEOUT, Pop3Settings.DEFAULT_IDLE_TIMEOUT.toString());
        put(s, ConfigKey.POP3_COMMAND_TIMEOUT, CommandTimeouts.DEFAULT_COMMAND_TIMEOUT.toString());
        put(s, ConfigKey.LMTP_MAX_CONNECTIONS, Integer.toString(LmtpSettings.DEFAULT_MAX_CONNECTIONS));
        put(s, ConfigKey.LMTP_IDLE_TIMEOUT, LmtpSettings.DEFAULT_IDLE_TIMEOUT.toString());
        put(s, ConfigKey.LMTP_COMMAND_TIMEOUT, CommandTimeouts.DEFAULT_COMMAND_TIMEOUT.toString());
        put(s, ConfigKey.CLIENT_MIN_DATA_RATE, Long.toString(CommandTimeouts.DEFAULT_MIN_BYTES_PER_SECOND));
        put(s, ConfigKey.AUTH_FAILURE_DELAY, AuthThrottle.Settings.DEFAULT_BASE_DELAY.toString());
        put(s, ConfigKey.AUTH_FAILURE_DELAY_MAX, AuthThrottle.Settings.DEFAULT_MAX_DELAY.toString());
        put(s, ConfigKey.AUTH_FAILURES_BEFORE_REFUSAL, Integer.toString(AuthThrottle.Settings.DEFAULT_FAILURES_BEFORE_REFUSAL));
        put(s, ConfigKey.AUTH_REFUSAL_WINDOW, AuthThrottle.Settings.DEFAULT_WINDOW.toString());
        put(s, ConfigKey.AUTH_FAILURES_PER_CONNECTION, Integer.toString(ImapSettings.DEFAULT_MAX_AUTH_FAILURES));
        put(s, ConfigKey.SEARCH_TEXT_BACKLOG_LIMIT, Long.toString(SearchTextBacklog.Settings.DEFAULT_LIMIT));
        put(s, ConfigKey.SEARCH_TEXT_BACKLOG_WAIT, SearchTextBacklog.Settings.DEFAULT_MAX_WAIT.toString());
        put(s, ConfigKey.AUTH_CACHE_TTL, VerifiedLogins.Settings.DEFAULT_TTL.toString());
        put(s, ConfigKey.AUTH_CACHE_SIZE, Integer.toString(VerifiedLogins.Settings.DEFAULT_MAX_ENTRIES));
    }

    /** Where the self-signed certificate lives when none is configured. */
    public Path selfSignedTlsDir() {
        return dataDir.resolve(TLS_SUBDIR);
    }

    private static void put(Map<ConfigKey, Setting> s, ConfigKey k, String value) {
        s.put(k, new Setting(value, DEFAULT_SOURCE));
    }

    private static MailstoreConfig build(Map<ConfigKey, Setting> s, Path cwd) {
        Path dataDir = path(s, ConfigKey.DATA_DIR, cwd);
        String dbUrl = s.get(ConfigKey.DB_URL).value();
        if (!dbUrl.isEmpty() && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw invalid(s, ConfigKey.DB_URL, "must be empty (embedded PostgreSQL) or a jdbc:postgresql: URL");
        }
        Path blobDir = s.containsKey(ConfigKey.BLOB_DIR) ? path(s, ConfigKey.BLOB_DIR, cwd) : dataDir.resolve(BLOB_SUBDIR);
        return new MailstoreConfig(
                dataDir,
                dbUrl,
                s.get(ConfigKey.DB_USER).value(),
                s.get(ConfigKey.DB_PASSWORD).value(),
                integer(s, ConfigKey.DB_POOL_SIZE, MIN_DB_POOL_SIZE, MAX_DB_POOL_SIZE),
                integer(s, ConfigKey.DB_EMBEDDED_PORT, 0, ListenAddress.MAX_PORT),
                blobDir,
                integer(s, ConfigKey.BLOB_FANOUT, MIN_BLOB_FANOUT, MAX_BLOB_FANOUT),
                s3Location(s, blobDir),
                s.containsKey(ConfigKey.JOURNAL_DIR) ? path(s, ConfigKey.JOURNAL_DIR, cwd) : dataDir.resolve(JOURNAL_SUBDIR),
                instanceId(s),
                listen(s, ConfigKey.LMTP_LISTEN),
                listen(s, ConfigKey.POP3_LISTEN),
                listen(s, ConfigKey.POP3S_LISTEN),
                listen(s, ConfigKey.IMAP_LISTEN),
                listen(s, ConfigKey.IMAPS_LISTEN),
                listen(s, ConfigKey.HTTP_LISTEN),
                optionalPath(s, ConfigKey.TLS_CERTIFICATE, cwd, ConfigKey.TLS_KEY),
                optionalPath(s, ConfigKey.TLS_KEY, cwd, ConfigKey.TLS_CERTIFICATE),
                parse(s, ConfigKey.AUTH_PLAINTEXT, PlaintextPolicy.Mode::parse),
                parse(s, ConfigKey.LOG_FORMAT, LogFormat::parse),
                parse(s, ConfigKey.LOG_LEVEL, LogLevel::parse),
                limits(s),
                new SearchTextBacklog.Settings(integer(s, ConfigKey.SEARCH_TEXT_BACKLOG_LIMIT, 0, MAX_SEARCH_TEXT_BACKLOG),
                        duration(s, ConfigKey.SEARCH_TEXT_BACKLOG_WAIT, Duration.ZERO, MAX_SEARCH_TEXT_BACKLOG_WAIT)),
                new VerifiedLogins.Settings(duration(s, ConfigKey.AUTH_CACHE_TTL, Duration.ZERO, MAX_AUTH_CACHE_TTL),
                        integer(s, ConfigKey.AUTH_CACHE_SIZE, 0, MAX_AUTH_CACHE_SIZE)));
    }

    /** A path that is set together with {@code partner} or not at all (a certificate needs its key). */
    /** blob.url with its endpoint and region; empty when blob.url is (the file tree). */
    private static Optional<S3BlobLocation> s3Location(Map<ConfigKey, Setting> s, Path blobDir) {
        String url = s.get(ConfigKey.BLOB_URL).value();
        String endpoint = s.get(ConfigKey.BLOB_S3_ENDPOINT).value();
        String region = s.get(ConfigKey.BLOB_S3_REGION).value();
        if (url.isEmpty()) {
            if (!endpoint.isEmpty()) throw invalid(s, ConfigKey.BLOB_S3_ENDPOINT, "needs blob.url (s3://bucket/prefix)");
            if (!region.isEmpty()) throw invalid(s, ConfigKey.BLOB_S3_REGION, "needs blob.url (s3://bucket/prefix)");
            return Optional.empty();
        }
        Optional<URI> endpointUri = Optional.empty();
        if (!endpoint.isEmpty()) {
            try {
                URI uri = new URI(endpoint);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw invalid(s, ConfigKey.BLOB_S3_ENDPOINT, "must be an http:// or https:// URL");
                }
                endpointUri = Optional.of(uri);
            } catch (URISyntaxException e) {
                throw invalid(s, ConfigKey.BLOB_S3_ENDPOINT, "must be an http:// or https:// URL");
            }
        }
        try {
            return Optional.of(S3BlobLocation.parse(url, endpointUri, region.isEmpty() ? Optional.empty() : Optional.of(region),
                    blobDir.resolve(FileBlobStore.TEMP_DIRECTORY)));
        } catch (IllegalArgumentException e) {
            throw invalid(s, ConfigKey.BLOB_URL, "must be empty (the file tree at blob.dir) or s3://bucket/prefix");
        }
    }

    private static Optional<Path> optionalPath(Map<ConfigKey, Setting> s, ConfigKey k, Path cwd, ConfigKey partner) {
        boolean set = s.containsKey(k) && !s.get(k).value().isEmpty();
        boolean partnerSet = s.containsKey(partner) && !s.get(partner).value().isEmpty();
        if (set != partnerSet) {
            ConfigKey given = set ? k : partner;
            ConfigKey missing = set ? partner : k;
            throw invalid(s, given, missing.key() + " must be set too");
        }
        return set ? Optional.of(path(s, k, cwd)) : Optional.empty();
    }

    private static ProtocolLimits limits(Map<ConfigKey, Setting> s) {
        Duration delay = duration(s, ConfigKey.AUTH_FAILURE_DELAY, Duration.ZERO, MAX_AUTH_FAILURE_DELAY);
        Duration delayMax = duration(s, ConfigKey.AUTH_FAILURE_DELAY_MAX, Duration.ZERO, MAX_AUTH_FAILURE_DELAY);
        if (delayMax.compareTo(delay) < 0) throw invalid(s, ConfigKey.AUTH_FAILURE_DELAY_MAX, "must not be below auth.failure.delay");
        Duration forever = Duration.ofDays(365);
        return new ProtocolLimits(
                integer(s, ConfigKey.IMAP_MAX_CONNECTIONS, 1, MAX_CONNECTIONS),
                integer(s, ConfigKey.IMAP_MAX_CONNECTIONS_PER_ADDRESS, 1, MAX_CONNECTIONS),
                duration(s, ConfigKey.IMAP_LOGIN_TIMEOUT, MIN_IDLE_TIMEOUT, forever),
                duration(s, ConfigKey.IMAP_IDLE_TIMEOUT, MIN_IDLE_TIMEOUT, forever),
                duration(s, ConfigKey.IMAP_COMMAND_TIMEOUT, MIN_IDLE_TIMEOUT, forever),
                addresses(s, ConfigKey.IMAP_QUOTA_ADMINS),
                integer(s, ConfigKey.POP3_MAX_CONNECTIONS, 1, MAX_CONNECTIONS),
                integer(s, ConfigKey.POP3_MAX_CONNECTIONS_PER_ADDRESS, 1, MAX_CONNECTIONS),
                duration(s, ConfigKey.POP3_IDLE_TIMEOUT, MIN_IDLE_TIMEOUT, forever),
                duration(s, ConfigKey.POP3_COMMAND_TIMEOUT, MIN_IDLE_TIMEOUT, forever),
                integer(s, ConfigKey.LMTP_MAX_CONNECTIONS, 1, MAX_CONNECTIONS),
                duration(s, ConfigKey.LMTP_IDLE_TIMEOUT, MIN_IDLE_TIMEOUT, forever),
                duration(s, ConfigKey.LMTP_COMMAND_TIMEOUT, MIN_IDLE_TIMEOUT, forever),
                integer(s, ConfigKey.CLIENT_MIN_DATA_RATE, 1, MAX_MIN_DATA_RATE),
                delay,
                delayMax,
                integer(s, ConfigKey.AUTH_FAILURES_BEFORE_REFUSAL, 1, MAX_AUTH_FAILURES),
                duration(s, ConfigKey.AUTH_REFUSAL_WINDOW, MIN_IDLE_TIMEOUT, forever),
                integer(s, ConfigKey.AUTH_FAILURES_PER_CONNECTION, 1, MAX_AUTH_FAILURES));
    }

    /** Account addresses separated by commas or blanks, each in the store's canonical form, sorted, duplicates dropped. */
    private static SortedSet<String> addresses(Map<ConfigKey, Setting> s, ConfigKey k) {
        SortedSet<String> addresses = new TreeSet<>();
        for (String part : s.get(k).value().split("[,\\s]+")) {
            if (part.isEmpty()) continue;
            try {
                addresses.add(Accounts.canonicalAddress(part));
            } catch (StoreException e) {
                throw invalid(s, k, e.getMessage());
            }
        }
        return Collections.unmodifiableSortedSet(addresses);
    }

    /** A duration as {@code mailstore gc --grace} takes it: 30s, 10m, 2h, 1d or ISO-8601 (PT0.5S). */
    private static Duration duration(Map<ConfigKey, Setting> s, ConfigKey k, Duration min, Duration max) {
        Duration d;
        try {
            d = new DurationConverter().convert(s.get(k).value());
        } catch (TypeConversionException e) {
            throw invalid(s, k, e.getMessage());
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) throw invalid(s, k, "must be from " + min + " to " + max);
        return d;
    }

    private static Path path(Map<ConfigKey, Setting> s, ConfigKey k, Path cwd) {
        String v = s.get(k).value();
        if (v.isEmpty()) throw invalid(s, k, "must not be empty");
        try {
            return cwd.resolve(v).normalize();
        } catch (InvalidPathException e) {
            throw invalid(s, k, "not a valid path (" + e.getReason() + ")");
        }
    }

    private static int integer(Map<ConfigKey, Setting> s, ConfigKey k, int min, int max) {
        String v = s.get(k).value();
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw invalid(s, k, "must be a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) throw invalid(s, k, "must be from " + min + " to " + max);
        return n;
    }

    private static String instanceId(Map<ConfigKey, Setting> s) {
        String v = s.get(ConfigKey.INSTANCE_ID).value();
        if (!INSTANCE_ID_SYNTAX.matcher(v).matches()) {
            throw invalid(s, ConfigKey.INSTANCE_ID, "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return v;
    }

    private static Optional<ListenAddress> listen(Map<ConfigKey, Setting> s, ConfigKey k) {
        return parse(s, k, ListenAddress::parse);
    }

    private static <T> T parse(Map<ConfigKey, Setting> s, ConfigKey k, Function<String, T> parser) {
        try {
            return parser.apply(s.get(k).value());
        } catch (IllegalArgumentException e) {
            throw invalid(s, k, e.getMessage());
        }
    }

    private static ConfigException invalid(Map<ConfigKey, Setting> s, ConfigKey k, String why) {
        Setting bad = s.get(k);
        String shown = switch (k) {
            case DB_PASSWORD -> "***";
            case DB_URL -> JdbcTarget.redact(bad.value());
            default -> bad.value();
        };
        return new ConfigException("invalid " + k.key() + " '" + shown + "' (" + bad.source() + "): " + why);
    }

    /** Never prints the database password, so the configuration can be logged. */
    @Override
    public String toString() {
        return "MailstoreConfig[dataDir=" + dataDir + ", dbUrl=" + (dbUrl.isEmpty() ? "(embedded)" : JdbcTarget.redact(dbUrl))
                + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword.isEmpty() ? "(none)" : "***")
                + ", dbPoolSize=" + dbPoolSize + ", dbEmbeddedPort=" + dbEmbeddedPort
                + ", blobDir=" + blobDir + ", blobFanout=" + blobFanout + ", journalDir=" + journalDir
                + ", instanceId=" + instanceId + ", lmtp=" + show(lmtpListen) + ", pop3=" + show(pop3Listen)
                + ", pop3s=" + show(pop3sListen) + ", imap=" + show(imapListen) + ", imaps=" + show(imapsListen)
                + ", http=" + show(httpListen)
                + ", tlsCertificate=" + tlsCertificate.map(Path::toString).orElse("(self-signed in " + selfSignedTlsDir() + ")")
                + ", tlsKey=" + tlsKey.map(Path::toString).orElse("(self-signed)")
                + ", authPlaintext=" + authPlaintext.configName() + ", logFormat=" + logFormat.word() + ", logLevel=" + logLevel.word() + ", limits=" + limits + "]";
    }

    private static String show(Optional<ListenAddress> a) {
        return a.map(ListenAddress::toString).orElse(ListenAddress.OFF);
    }
}
