package org.mailstore.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting mailstore reads, once: its key in {@code mailstore.conf} and the environment
 * variable that overrides it ({@code MAILSTORE_} + key upper-cased, dots as underscores, so
 * {@code db.pool.size} is {@code MAILSTORE_DB_POOL_SIZE}). Defaults live in {@link MailstoreConfig}.
 */
public enum ConfigKey {
    DATA_DIR("data.dir"),
    DB_URL("db.url"),
    DB_USER("db.user"),
    DB_PASSWORD("db.password"),
    DB_POOL_SIZE("db.pool.size"),
    DB_EMBEDDED_PORT("db.embedded.port"),
    BLOB_DIR("blob.dir"),
    BLOB_FANOUT("blob.fanout"),
    BLOB_URL("blob.url"),
    BLOB_S3_ENDPOINT("blob.s3.endpoint"),
    BLOB_S3_REGION("blob.s3.region"),
    JOURNAL_DIR("journal.dir"),
    INSTANCE_ID("instance.id"),
    LMTP_LISTEN("lmtp.listen"),
    POP3_LISTEN("pop3.listen"),
    POP3S_LISTEN("pop3s.listen"),
    IMAP_LISTEN("imap.listen"),
    IMAPS_LISTEN("imaps.listen"),
    HTTP_LISTEN("http.listen"),
    TLS_CERTIFICATE("tls.certificate"),
    TLS_KEY("tls.key"),
    AUTH_PLAINTEXT("auth.plaintext"),
    LOG_FORMAT("log.format"),
    LOG_LEVEL("log.level"),
    IMAP_MAX_CONNECTIONS("imap.max.connections"),
    IMAP_MAX_CONNECTIONS_PER_ADDRESS("imap.max.connections.per.address"),
    IMAP_LOGIN_TIMEOUT("imap.login.timeout"),
    IMAP_IDLE_TIMEOUT("imap.idle.timeout"),
    IMAP_COMMAND_TIMEOUT("imap.command.timeout"),
    IMAP_QUOTA_ADMINS("imap.quota.admins"),
    POP3_MAX_CONNECTIONS("pop3.max.connections"),
    POP3_MAX_CONNECTIONS_PER_ADDRESS("pop3.max.connections.per.address"),
    POP3_IDLE_TIMEOUT("pop3.idle.timeout"),
    POP3_COMMAND_TIMEOUT("pop3.command.timeout"),
    LMTP_MAX_CONNECTIONS("lmtp.max.connections"),
    LMTP_IDLE_TIMEOUT("lmtp.idle.timeout"),
    LMTP_COMMAND_TIMEOUT("lmtp.command.timeout"),
    CLIENT_MIN_DATA_RATE("client.min.data.rate"),
    AUTH_FAILURE_DELAY("auth.failure.delay"),
    AUTH_FAILURE_DELAY_MAX("auth.failure.delay.max"),
    AUTH_FAILURES_BEFORE_REFUSAL("auth.failures.before.refusal"),
    AUTH_REFUSAL_WINDOW("auth.refusal.window"),
    AUTH_FAILURES_PER_CONNECTION("auth.failures.per.connection"),
    SEARCH_TEXT_BACKLOG_LIMIT("search.text.backlog.limit"),
    SEARCH_TEXT_BACKLOG_WAIT("search.text.backlog.wait"),
    AUTH_CACHE_TTL("auth.cache.ttl"),
    AUTH_CACHE_SIZE("auth.cache.size");

    private static final String ENV_PREFIX = "MAILSTORE_";

    private final String key;

    ConfigKey(String key) {
        this.key = key;
    }

    /** The name in {@code mailstore.conf}, such as {@code db.pool.size}. */
    public String key() {
        return key;
    }

    /** The environment variable that overrides the file, such as {@code MAILSTORE_DB_POOL_SIZE}. */
    public String envName() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
