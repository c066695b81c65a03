package org.mailstore.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailstore.blobstore.S3BlobLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mailstore config check}: validates the configuration and prints the effective settings. */
@Command(name = "config", description = "Check the configuration.")
final class ConfigCommand implements Callable<Integer> {
    /** Shown instead of a secret's value. */
    static final String MASK = "***";

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    ConfigCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: check");
    }

    @Command(name = "check", description = {"Validate mailstore.conf (or --config FILE) and the MAILSTORE_* variables, then print every",
            "setting's effective value and where it came from, secrets masked. Exit 2 on any error, naming it."})
    int check() {
        MailstoreCommand root = MailstoreCommand.of(spec);
        MailstoreConfig config = root.config();
        Map<ConfigKey, Setting> sources = MailstoreConfig.settings(root.configFile(), context.env(), context.cwd(), context.hostName());
        TextTable table = new TextTable("KEY", "VALUE", "SOURCE");
        for (ConfigKey k : ConfigKey.values()) {
            Setting s = sources.get(k);
            table.row(k.key(), effective(config, k), s != null ? s.source() : derivedSource(k));
        }
        table.print(context.out());
        return ExitCodes.OK;
    }

    /** Where an unset key's value comes from: only the directories default to something under data.dir. */
    private static String derivedSource(ConfigKey k) {
        return "default (" + ConfigKey.DATA_DIR.key() + "/" + switch (k) {
            case BLOB_DIR -> MailstoreConfig.BLOB_SUBDIR;
            case JOURNAL_DIR -> MailstoreConfig.JOURNAL_SUBDIR;
            default -> throw new IllegalStateException("no source for " + k.key());
        } + ")";
    }

    /** The value in force, as a person should see it: resolved paths, the URL without its password, no password. */
    static String effective(MailstoreConfig c, ConfigKey k) {
        return switch (k) {
            case DATA_DIR -> c.dataDir().toString();
            case DB_URL -> c.embeddedDatabase() ? "(empty: embedded PostgreSQL in " + c.embeddedPgDir() + ")" : JdbcTarget.redact(c.dbUrl());
            case DB_USER -> c.dbUser().isEmpty() ? "(empty)" : c.dbUser();
            case DB_PASSWORD -> c.dbPassword().isEmpty() ? "(empty)" : MASK;
            case DB_POOL_SIZE -> Integer.toString(c.dbPoolSize());
            case DB_EMBEDDED_PORT -> Integer.toString(c.dbEmbeddedPort());
            case BLOB_DIR -> c.blobDir().toString();
            case BLOB_FANOUT -> Integer.toString(c.blobFanout());
            case BLOB_URL -> c.blobS3().map(S3BlobLocation::url).orElse("(empty: the file tree at " + c.blobDir() + ")");
            case BLOB_S3_ENDPOINT -> c.blobS3().flatMap(S3BlobLocation::endpoint).map(Object::toString).orElse("(empty: the SDK's default for the region)");
            case BLOB_S3_REGION -> c.blobS3().flatMap(S3BlobLocation::region).orElse("(empty: the SDK's default chain)");
            case JOURNAL_DIR -> c.journalDir().toString();
            case INSTANCE_ID -> c.instanceId();
            case LMTP_LISTEN -> listen(c.lmtpListen());
            case POP3_LISTEN -> listen(c.pop3Listen());
            case POP3S_LISTEN -> listen(c.pop3sListen());
            case IMAP_LISTEN -> listen(c.imapListen());
            case IMAPS_LISTEN -> listen(c.imapsListen());
            case HTTP_LISTEN -> listen(c.httpListen());
            case TLS_CERTIFICATE -> c.tlsCertificate().map(Path::toString).orElse("(empty: self-signed in " + c.selfSignedTlsDir() + ")");
            case TLS_KEY -> c.tlsKey().map(Path::toString).orElse("(empty: self-signed in " + c.selfSignedTlsDir() + ")");
            case AUTH_PLAINTEXT -> c.authPlaintext().configName();
            case LOG_FORMAT -> c.logFormat().word();
            case LOG_LEVEL -> c.logLevel().word();
            case IMAP_MAX_CONNECTIONS -> Integer.toString(c.limits().imapMaxConnections());
            case IMAP_MAX_CONNECTIONS_PER_ADDRESS -> Integer.toString(c.limits().imapMaxConnectionsPerAddress());
            case IMAP_LOGIN_TIMEOUT -> c.limits().imapLoginTimeout().toString();
            case IMAP_IDLE_TIMEOUT -> c.limits().imapIdleTimeout().toString();
            case IMAP_COMMAND_TIMEOUT -> c.limits().imapCommandTimeout().toString();
            case IMAP_QUOTA_ADMINS -> c.limits().imapQuotaAdmins().isEmpty() ? "(empty)" : String.join(",", c.limits().imapQuotaAdmins());
            case POP3_MAX_CONNECTIONS -> Integer.toString(c.limits().pop3MaxConnections());
            case POP3_MAX_CONNECTIONS_PER_ADDRESS -> Integer.toString(c.limits().pop3MaxConnectionsPerAddress());
            case POP3_IDLE_TIMEOUT -> c.limits().pop3IdleTimeout().toString();
            case POP3_COMMAND_TIMEOUT -> c.limits().pop3CommandTimeout().toString();
            case LMTP_MAX_CONNECTIONS -> Integer.toString(c.limits().lmtpMaxConnections());
            case LMTP_IDLE_TIMEOUT -> c.limits().lmtpIdleTimeout().toString();
            case LMTP_COMMAND_TIMEOUT -> c.limits().lmtpCommandTimeout().toString();
            case CLIENT_MIN_DATA_RATE -> Long.toString(c.limits().clientMinDataRate());
            case AUTH_FAILURE_DELAY -> c.limits().authFailureDelay().toString();
            case AUTH_FAILURE_DELAY_MAX -> c.limits().authFailureDelayMax().toString();
            case AUTH_FAILURES_BEFORE_REFUSAL -> Integer.toString(c.limits().authFailuresBeforeRefusal());
            case AUTH_REFUSAL_WINDOW -> c.limits().authRefusalWindow().toString();
            case AUTH_FAILURES_PER_CONNECTION -> Integer.toString(c.limits().authFailuresPerConnection());
            case SEARCH_TEXT_BACKLOG_LIMIT -> Long.toString(c.searchTextBacklog().limit());
            case SEARCH_TEXT_BACKLOG_WAIT -> c.searchTextBacklog().maxWait().toString();
            case AUTH_CACHE_TTL -> c.verifiedLogins().ttl().toString();
            case AUTH_CACHE_SIZE -> Integer.toString(c.verifiedLogins().maxEntries());
        };
    }

    private static String listen(java.util.Optional<ListenAddress> a) {
        return a.map(ListenAddress::toString).orElse(ListenAddress.OFF);
    }
}
