package org.mailstore.server;

import java.io.IOException;
import java.nio.file.Path;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.net.PlaintextPolicy;
import org.mailstore.net.SelfSignedCertificate;
import org.mailstore.net.ServerTls;
import org.mailstore.net.TlsSetupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The certificate every listener of {@code serve} offers, and the plaintext-password rule they all follow. The
 * certificate comes from {@code tls.certificate} and {@code tls.key}, or, when neither is set, from a self-signed
 * pair made under {@code <data.dir>/tls} on first start, so TLS clients work at once with the embedded default.
 *
 * <p>SIGHUP reloads the files (after a renewal: {@code systemctl reload mailstore} or {@code kill -HUP}): new
 * handshakes get the new certificate, open sessions are not touched, and files that do not load leave the old
 * certificate in service with an error in the log.
 */
final class TlsSetup {
    private static final Logger log = LoggerFactory.getLogger(TlsSetup.class);
    static final String RELOAD_SIGNAL = "HUP";

    private final ServerTls tls;
    private final PlaintextPolicy plaintext;

    private TlsSetup(ServerTls tls, PlaintextPolicy plaintext) {
        this.tls = tls;
        this.plaintext = plaintext;
    }

    /** Loads (or first makes) the certificate; a file that cannot be used is a {@link ConfigException} naming it. */
    static TlsSetup load(MailstoreConfig config, String hostName) throws IOException {
        Path cert;
        Path key;
        if (config.tlsCertificate().isPresent()) {
            cert = config.tlsCertificate().get();
            key = config.tlsKey().orElseThrow();
        } else {
            SelfSignedCertificate.PemFiles made = SelfSignedCertificate.ensure(config.selfSignedTlsDir(), hostName);
            cert = made.certificate();
            key = made.key();
        }
        try {
            return new TlsSetup(ServerTls.load(cert, key), new PlaintextPolicy(config.authPlaintext()));
        } catch (TlsSetupException e) {
            throw new ConfigException("TLS: " + e.getMessage());
        }
    }

    /** Cleartext greeting with STARTTLS (IMAP, POP3, LMTP listeners). */
    ConnectionSecurity startTls() {
        return ConnectionSecurity.startTls(tls, plaintext);
    }

    /** TLS from the first byte (IMAPS, POP3S). */
    ConnectionSecurity implicitTls() {
        return ConnectionSecurity.implicitTls(tls, plaintext);
    }

    ServerTls tls() {
        return tls;
    }

    /** Reloads the certificate on every SIGHUP from now on, for the life of the process. */
    void reloadOnSignal() {
        try {
            SignalHandler previous = Signal.handle(new Signal(RELOAD_SIGNAL), signal -> reload());
            if (previous == SignalHandler.SIG_IGN) {
                // The JVM keeps a signal ignored at start (nohup) ignored and installs nothing, without an error.
                log.warn("SIG{} was ignored when serve started (nohup?), so it cannot reload the TLS certificate; "
                        + "restart serve to load a new one, or start it without nohup", RELOAD_SIGNAL);
                return;
            }
            log.info("TLS certificate reloads on SIG{}", RELOAD_SIGNAL);
        } catch (IllegalArgumentException e) {
            // The JVM refuses when the signal is ignored at start (nohup) or reserved (-Xrs): serve still runs.
            log.warn("cannot reload the TLS certificate on SIG{} ({}); restart serve to load a new one", RELOAD_SIGNAL, e.getMessage());
        }
    }

    /** Reads the files again; a failure keeps the certificate in service and is logged, never fatal. */
    void reload() {
        try {
            tls.reload();
        } catch (TlsSetupException e) {
            log.error("TLS certificate reload failed; the previous certificate stays in service: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("TLS certificate reload failed; the previous certificate stays in service", e);
        }
    }
}
