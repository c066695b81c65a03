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
    LOG_LEVEL("log.level");

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
