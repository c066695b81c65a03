package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * Every listener of a real {@code serve} process speaks TLS to real clients: openssl s_client (STARTTLS for IMAP,
 * POP3 and LMTP; implicit TLS for IMAPS and POP3S), Python's imaplib and poplib, Angus Mail with
 * {@code mail.imap.starttls.required}. The server runs with {@code auth.plaintext = never}, since a test can only
 * connect from loopback, which the default trusts. SIGHUP swaps a configured certificate without dropping sessions.
 */
class ServeTlsTest {
    static final long PROCESS_TIMEOUT_SECONDS = 60;
    static final String USER = "tls@example.org";
    static final String PASSWORD = "pw";

    @TempDir
    Path dir;

    private ImapServe start(Map<String, String> extra) throws Exception {
        Map<String, String> env = ImapServe.env(TestDatabase.freshEmpty(), dir.resolve("data"), "tls");
        env.put("MAILSTORE_POP3S_LISTEN", "127.0.0.1:0");
        env.put("MAILSTORE_IMAPS_LISTEN", "127.0.0.1:0");
        env.put("MAILSTORE_AUTH_PLAINTEXT", "never");
        env.putAll(extra);
        ImapServe serve = ImapServe.start(dir, env);
        serve.addAccount(USER, PASSWORD);
        return serve;
    }

    @Test
    void realClientsSpeakTlsToEveryListenerWithTheCertificateMadeOnFirstStart() throws Exception {
        try (ImapServe serve = start(Map.of())) {
            Path cert = dir.resolve("data/tls/self-signed-cert.pem");
            assertTrue(Files.isRegularFile(cert), "self-signed certificate made under the data dir");
            int imaps = serve.port("imaps");
            int pop3s = serve.port("pop3s");

            String lmtp = openssl(cert, serve.lmtp, "lmtp", "LHLO client.test\nMAIL FROM:<a@example.org>\nRCPT TO:<" + USER
                    + ">\nDATA\nSubject: over openssl\n\nbody\n.\nQUIT\n");
            assertTrue(lmtp.contains("250 2.0.0 <" + USER + "> Saved"), lmtp);
            String imap = openssl(cert, serve.imap, "imap", "a LOGIN " + USER + " " + PASSWORD + "\nb SELECT INBOX\nc LOGOUT\n");
            assertTrue(imap.contains("a OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR AUTH=PLAIN AUTH=LOGIN AUTH=SCRAM-SHA-256 ENABLE"), imap);
            assertTrue(imap.contains("* 1 EXISTS"), imap);
            String pop3 = openssl(cert, serve.pop3, "pop3", "USER " + USER + "\nPASS " + PASSWORD + "\nSTAT\nQUIT\n");
            assertTrue(pop3.contains("+OK Logged in.\n+OK 1 "), pop3);
            String imapsOut = openssl(cert, imaps, null, "a LOGIN " + USER + " " + PASSWORD + "\nb LOGOUT\n");
            // openssl's own notes (verify results) come first, on stderr, merged here.
            assertTrue(imapsOut.contains("\n* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR AUTH=PLAIN AUTH=LOGIN AUTH=SCRAM-SHA-256 ENABLE"), imapsOut);
            assertTrue(imapsOut.contains("a OK [CAPABILITY"), imapsOut);
            String pop3sOut = openssl(cert, pop3s, null, "USER " + USER + "\nPASS " + PASSWORD + "\nQUIT\n");
            assertTrue(pop3sOut.contains("\n+OK mailstore ready.\n+OK\n+OK Logged in.\n"), pop3sOut);

            Result tls11 = run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + imaps, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"), "");
            assertNotEquals(0, tls11.code(), tls11.output());
            assertTrue(tls11.output().contains("alert protocol version"), tls11.output());

            Path script = Paths.get(ServeTlsTest.class.getResource("/tls/tls_clients.py").toURI());
            Result python = run(List.of("python3", script.toString(), "127.0.0.1", Integer.toString(serve.imap), Integer.toString(imaps),
                    Integer.toString(serve.pop3), Integer.toString(pop3s), cert.toString(), USER, PASSWORD), "");
            assertEquals(0, python.code(), python.output());
            String before = "APPENDLIMIT=67108864 AUTH=SCRAM-SHA-256 BINARY CHILDREN COMPRESS=DEFLATE CONDSTORE CREATE-SPECIAL-USE ENABLE ESEARCH ID IDLE IMAP4REV1 IMAP4REV2 LIST-EXTENDED LIST-STATUS LITERAL+ LOGINDISABLED MOVE MULTIAPPEND "
                    + "NAMESPACE OBJECTID QRESYNC QUOTA QUOTA=RES-MESSAGE QUOTA=RES-STORAGE SASL-IR SAVEDATE SEARCHRES SORT SORT=DISPLAY SPECIAL-USE STARTTLS STATUS=SIZE THREAD=ORDEREDSUBJECT THREAD=REFERENCES UIDPLUS UNAUTHENTICATE UNSELECT WITHIN";
            String after = "APPENDLIMIT=67108864 AUTH=LOGIN AUTH=PLAIN AUTH=SCRAM-SHA-256 BINARY CHILDREN COMPRESS=DEFLATE CONDSTORE CREATE-SPECIAL-USE ENABLE ESEARCH ID IDLE IMAP4REV1 IMAP4REV2 LIST-EXTENDED LIST-STATUS LITERAL+ MOVE MULTIAPPEND "
                    + "NAMESPACE OBJECTID QRESYNC QUOTA QUOTA=RES-MESSAGE QUOTA=RES-STORAGE SASL-IR SAVEDATE SEARCHRES SORT SORT=DISPLAY SPECIAL-USE STATUS=SIZE THREAD=ORDEREDSUBJECT THREAD=REFERENCES UIDPLUS UNAUTHENTICATE UNSELECT WITHIN";
            List<String> lines = python.output().lines().toList();
            assertTrue(lines.size() == 13 && lines.get(11).matches("pop3 stat \\(1, \\d+\\)"), python.output());
            assertEquals(List.of(
                    "imap capabilities " + before,
                    "imap login before tls: b'[PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.'",
                    "imap capabilities after starttls " + after,
                    "imap login OK",
                    "imap tls TLSv1.3",
                    "imaps login OK",
                    "imaps select ('OK', [b'1'])",
                    "pop3 capa AUTH-RESP-CODE CAPA IMPLEMENTATION PIPELINING RESP-CODES SASL STLS TOP UIDL",
                    "pop3 user before tls: b'-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.'",
                    "pop3 capa after stls AUTH-RESP-CODE CAPA IMPLEMENTATION PIPELINING RESP-CODES SASL TOP UIDL USER",
                    "pop3 pass b'+OK Logged in.'",
                    lines.get(11),
                    "pop3s pass b'+OK Logged in.'"), lines);

            Properties props = new Properties();
            props.put("mail.imap.host", "127.0.0.1");
            props.put("mail.imap.port", Integer.toString(serve.imap));
            props.put("mail.imap.starttls.enable", "true");
            props.put("mail.imap.starttls.required", "true");
            props.put("mail.imap.ssl.trust", "127.0.0.1");
            props.put("mail.imap.connectiontimeout", "10000");
            props.put("mail.imap.timeout", "10000");
            Store store = Session.getInstance(props).getStore("imap");
            store.connect(USER, PASSWORD);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertEquals(1, inbox.getMessageCount());
                assertEquals("over openssl", inbox.getMessage(1).getSubject());
                inbox.close(false);
            } finally {
                store.close();
            }
        }
    }

    @Test
    void sighupServesTheRenewedCertificateToNewSessionsWhileOpenOnesGoOn() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        makeCertificate(cert, key, "old.example");
        try (ImapServe serve = start(Map.of("MAILSTORE_TLS_CERTIFICATE", cert.toString(), "MAILSTORE_TLS_KEY", key.toString()))) {
            int imaps = serve.port("imaps");
            assertTrue(!Files.exists(dir.resolve("data/tls")), "no self-signed certificate when one is configured");
            try (SSLSocket open = connectTls(imaps)) {
                assertEquals("CN=old.example", subject(open));
                String greeting = line(open.getInputStream());
                assertTrue(greeting.startsWith("* OK [CAPABILITY "), greeting);

                makeCertificate(cert, key, "new.example");
                Result hup = run(List.of("kill", "-HUP", Long.toString(serve.process.pid())), "");
                assertEquals(0, hup.code(), hup.output());
                awaitLog(serve, "TLS certificate reloaded: CN=new.example");

                try (SSLSocket fresh = connectTls(imaps)) {
                    assertEquals("CN=new.example", subject(fresh));
                }
                open.getOutputStream().write("a NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                open.getOutputStream().flush();
                assertEquals("a OK NOOP completed.", line(open.getInputStream()));
            }
        }
    }

    /** A certificate and PKCS#8 RSA key made by openssl, as an operator would, replacing the files in place. */
    private void makeCertificate(Path cert, Path key, String cn) throws Exception {
        Path newKey = dir.resolve(cn + "-key.pem");
        Path newCert = dir.resolve(cn + "-cert.pem");
        Result r = run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", newKey.toString(),
                "-out", newCert.toString(), "-days", "2", "-subj", "/CN=" + cn), "");
        assertEquals(0, r.code(), r.output());
        Files.copy(newKey, key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(newCert, cert, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void awaitLog(ImapServe serve, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!serve.process.output().contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError("no '" + text + "' in:\n" + serve.process.output());
            Thread.sleep(100);
        }
    }

    /** A TLS client that trusts any certificate: this test looks at which one it was given. */
    private static SSLSocket connectTls(int port) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(new Socket(InetAddress.getLoopbackAddress(), port), "localhost", port, true);
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    private static String subject(SSLSocket s) throws Exception {
        return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new IOException("closed; so far: " + b);
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /**
     * openssl s_client verifying the server against {@code cert} for host name localhost, STARTTLS for
     * {@code starttls} (null: implicit TLS), typing {@code input} with CRLF line ends; what the server said.
     */
    private static String openssl(Path cert, int port, String starttls, String input) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-CAfile",
                cert.toString(), "-verify_return_error", "-verify_hostname", "localhost", "-crlf", "-quiet"));
        if (starttls != null) cmd.addAll(List.of("-starttls", starttls));
        if ("lmtp".equals(starttls)) cmd.addAll(List.of("-name", "client.test"));
        Result r = run(cmd, input);
        assertEquals(0, r.code(), r.output());
        return r.output().replace("\r\n", "\n");
    }

    record Result(int code, String output) {}

    private static Result run(List<String> command, String input) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish: " + out);
        }
        return new Result(p.exitValue(), out);
    }
}
