package org.mailstore.server;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.S3BlobLocation;
import org.mailstore.blobstore.S3BlobStore;
import org.mailstore.imapd.ImapServer;
import org.mailstore.net.AuthThrottle;
import org.mailstore.pop3d.Pop3Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mailstore serve}: starts PostgreSQL (embedded or external), migrates the schema, opens
 * the store and the listeners, logs one ready line, then runs until SIGTERM/SIGINT and stops
 * everything in reverse order.
 */
@Command(name = "serve",
        description = {"Run the mail store until SIGTERM or SIGINT: database, schema migration, store, "
                + "LMTP/POP3/IMAP/HTTP listeners (those not set to 'off').",
                "Exits 0 after a clean shutdown, 1 when starting or stopping failed."})
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        MailstoreConfig config = MailstoreCommand.of(spec).config();
        LogLevels.serving(config.logLevel());
        ProcessLifecycle lifecycle = context.lifecycle();
        lifecycle.serving();
        int code = ExitCodes.FAILURE;
        ServiceStack services = new ServiceStack();
        try {
            log.info("starting: {}", config);
            // Before the database: a certificate that cannot be used is a configuration error, found at once.
            TlsSetup tls = TlsSetup.load(config, context.hostName());
            ServeMetrics metrics = services.add("metrics", ServeMetrics.start());
            Backend.Opened backend = Backend.open(config, Backend.Role.SERVER, services);
            tls.reloadOnSignal();
            LmtpListener.start(config, tls, backend.store(), services);
            AuthThrottle throttle = config.limits().newThrottle();
            MailAccessListeners access = new MailAccessListeners(tls, throttle, services);
            // Each logged-in POP3 session holds one PostgreSQL connection outside the pool for its maildrop lock
            // (docs/pop3.md); IMAP sessions hold none between commands (docs/imap.md).
            access.start("pop3", config.pop3Listen(), config.pop3sListen(),
                    e -> Pop3Server.start(config.limits().pop3(), backend.store(), e), Pop3Server::address);
            access.start("imap", config.imapListen(), config.imapsListen(),
                    e -> ImapServer.start(config.limits().imap(), backend.store(), e), ImapServer::address);
            HealthCheck health = new HealthCheck(backend.database().target(), config.blobDir(), config.instanceId(),
                    healthBucket(config, services));
            HttpListener.start(config, health, metrics, services);
            log.info(readyLine(config, backend, services.listeners()));
            lifecycle.ready();
            lifecycle.awaitStop();
            log.info("stopping");
            code = ExitCodes.OK;
        } finally {
            code = stop(services, code);
            lifecycle.finished(code);
        }
        return code;
    }

    /**
     * The bucket {@code /health} asks, on a client of its own: the store keeps its client to itself, and the probe is
     * one HEAD per check. It never puts, so it keeps no spool files of its own.
     */
    private static Optional<BlobStore> healthBucket(MailstoreConfig config, ServiceStack services) {
        return config.blobS3().<BlobStore>map(s3 -> services.add("health probe's S3 client", S3BlobStore.open(s3)));
    }

    private static int stop(ServiceStack services, int code) {
        try {
            services.close();
            log.info("stopped");
            return code;
        } catch (IllegalStateException e) {
            log.error("shutdown was not clean: {}", e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    static String readyLine(MailstoreConfig config, Backend.Opened backend, List<String> listeners) {
        return "mailstore ready: instance " + config.instanceId()
                + "; database: " + backend.description()
                + "; blobs: " + config.blobS3().map(S3BlobLocation::url).orElse(config.blobDir().toString())
                + "; journal: " + config.journalDir()
                + "; listening: " + (listeners.isEmpty() ? "nothing (no listener is built into this version yet)"
                        : String.join(", ", listeners));
    }
}
