package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.net.PlaintextPolicy;
import org.mailstore.net.SelfSignedCertificate;
import org.mailstore.net.ServerEndpoint;
import org.mailstore.net.ServerTls;
import org.mailstore.net.testing.TlsLineClient;
import org.mailstore.store.StoreFixture;

/**
 * STARTTLS (RFC 9051 §6.2.1), IMAPS (RFC 8314) and LOGINDISABLED, against the JDK's TLS client. The servers run
 * with {@code auth.plaintext = never}, since tests can only connect from loopback, which loopback-only trusts.
 */
class ImapTlsTest {
    private static final PlaintextPolicy NEVER = new PlaintextPolicy(PlaintextPolicy.Mode.NEVER);
    private static final String TAIL = "ENABLE IDLE ID NAMESPACE UIDPLUS MULTIAPPEND BINARY MOVE UNSELECT CHILDREN LIST-EXTENDED LIST-STATUS "
            + "SPECIAL-USE ESEARCH SEARCHRES WITHIN SAVEDATE OBJECTID STATUS=SIZE UNAUTHENTICATE CREATE-SPECIAL-USE COMPRESS=DEFLATE QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE CONDSTORE QRESYNC SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES APPENDLIMIT=67108864";
    private static final String BEFORE_TLS = "IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR STARTTLS LOGINDISABLED AUTH=SCRAM-SHA-256 " + TAIL;
    private static final String AFTER_TLS = "IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR AUTH=PLAIN AUTH=LOGIN AUTH=SCRAM-SHA-256 " + TAIL;
    private static final String PRIVACY_REQUIRED =
            "NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";

    @TempDir
    static Path dir;
    private static StoreFixture f;
    private static ServerTls tls;
    private static ImapServer starttls;
    private static ImapServer implicit;
    private static ImapServer noCertificate;

    @BeforeAll
    static void start() throws Exception {
        f = new StoreFixture();
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, "localhost");
        tls = ServerTls.load(files.certificate(), files.key());
        ImapSettings settings = ImapSettings.defaults().withAuthFailureDelay(LiveServer.TEST_AUTH_FAILURE_DELAY);
        starttls = ImapServer.start(settings, f.store, ServerEndpoint.loopback().withSecurity(ConnectionSecurity.startTls(tls, NEVER)));
        implicit = ImapServer.start(settings, f.store, ServerEndpoint.loopback().withSecurity(ConnectionSecurity.implicitTls(tls, NEVER)));
        noCertificate = ImapServer.start(settings, f.store, ServerEndpoint.loopback().withSecurity(ConnectionSecurity.none(NEVER)));
    }

    @AfterAll
    static void stop() throws IOException {
        starttls.close();
        implicit.close();
        noCertificate.close();
        f.close();
    }

    @Test
    void loginIsDisabledUntilStartTlsAndCapabilitiesChangeAfterIt() throws Exception {
        f.account("starttls@example.org");
        try (TlsLineClient c = new TlsLineClient(starttls.address(), tls.certificate())) {
            assertEquals("* OK [CAPABILITY " + BEFORE_TLS + "] mailstore ready.", c.line());
            assertEquals("* CAPABILITY " + BEFORE_TLS, c.command("a CAPABILITY"));
            assertEquals("a OK CAPABILITY completed.", c.line());
            assertEquals("b " + PRIVACY_REQUIRED, c.command("b LOGIN starttls@example.org secret"));
            assertEquals("c " + PRIVACY_REQUIRED, c.command("c AUTHENTICATE PLAIN AHN0YXJ0dGxzQGV4YW1wbGUub3JnAHNlY3JldA=="));
            assertEquals("d " + PRIVACY_REQUIRED, c.command("d AUTHENTICATE PLAIN"));
            assertEquals("e OK Begin TLS negotiation now.", c.command("e STARTTLS"));
            c.startTls();
            assertEquals("* CAPABILITY " + AFTER_TLS, c.command("f CAPABILITY"));
            assertEquals("f OK CAPABILITY completed.", c.line());
            assertEquals("g BAD TLS is already active.", c.command("g STARTTLS"));
            assertEquals("h OK [CAPABILITY " + AFTER_TLS + "] Logged in.", c.command("h LOGIN starttls@example.org secret"));
            assertEquals("* BYE Logging out.", c.command("i LOGOUT"));
        }
    }

    @Test
    void commandsPipelinedInTheClearAfterStartTlsAreNeverRun() throws Exception {
        f.account("inject@example.org");
        try (TlsLineClient c = new TlsLineClient(starttls.address(), tls.certificate())) {
            c.line();
            // What a man in the middle would append to the client's STARTTLS; run after the handshake, the NOOP
            // would answer before the client's CAPABILITY, the LOGIN would log the session in.
            c.send("a STARTTLS\r\nb NOOP\r\nc LOGIN inject@example.org secret\r\n");
            assertEquals("a OK Begin TLS negotiation now.", c.line());
            c.startTls();
            assertEquals("* CAPABILITY " + AFTER_TLS, c.command("d CAPABILITY"));
            assertEquals("d OK CAPABILITY completed.", c.line());
            assertEquals("e BAD SELECT is not allowed before login.", c.command("e SELECT INBOX"));
        }
    }

    @Test
    void imapsSpeaksTlsFromTheFirstByteAndOffersNoStartTls() throws Exception {
        f.account("imaps@example.org");
        try (TlsLineClient c = new TlsLineClient(implicit.address(), tls.certificate())) {
            c.startTls();
            assertEquals("* OK [CAPABILITY " + AFTER_TLS + "] mailstore ready.", c.line());
            assertEquals("a BAD TLS is already active.", c.command("a STARTTLS"));
            assertEquals("b OK [CAPABILITY " + AFTER_TLS + "] Logged in.", c.command("b AUTHENTICATE PLAIN AGltYXBzQGV4YW1wbGUub3JnAHNlY3JldA=="));
        }
    }

    @Test
    void withoutACertificateThereIsNoStartTls() throws Exception {
        try (TlsLineClient c = new TlsLineClient(noCertificate.address(), tls.certificate())) {
            assertEquals("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR LOGINDISABLED AUTH=SCRAM-SHA-256 " + TAIL + "] mailstore ready.", c.line());
            assertEquals("a BAD TLS support isn't enabled.", c.command("a STARTTLS"));
        }
    }
}
