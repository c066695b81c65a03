package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * Real clients log in to {@code serve} through SASL: Python's imaplib with SCRAM-SHA-256 (a client written from
 * RFC 5802 in the script, which also checks the server's signature), poplib with AUTH SCRAM-SHA-256, PLAIN and
 * LOGIN, and Angus Mail with {@code mail.imap.auth.mechanisms=LOGIN}. The account is made with {@code account add},
 * so this also proves the CLI stores SCRAM credentials. The server log says which mechanism each login used.
 */
class AuthClientsEndToEndTest {
    static final long PROCESS_TIMEOUT_SECONDS = 60;
    static final String USER = "sasl@example.org";
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    @Test
    void pythonAndAngusLogInWithEveryMechanism() throws Exception {
        Map<String, String> env = ImapServe.env(TestDatabase.freshEmpty(), dir.resolve("data"), "sasl");
        env.put("MAILSTORE_AUTH_FAILURE_DELAY", "PT0.05S");
        try (ImapServe serve = ImapServe.start(dir, env)) {
            serve.addAccount(USER, PASSWORD);
            serve.deliverWithCli(USER, ImapClientsEndToEndTest.message("Alice <alice@example.org>", "hello", "one"));

            List<String> python = python(serve);
            assertEquals(List.of(
                    "imap-scram OK 1 messages",
                    "imap-scram-wrong error [AUTHENTICATIONFAILED] Authentication failed.",
                    "pop3-scram-sha-256 +OK Logged in. stat 1 " + messageSize(),
                    "pop3-plain +OK Logged in. stat 1 " + messageSize(),
                    "pop3-login +OK Logged in. stat 1 " + messageSize(),
                    "pop3-scram-wrong error -ERR [AUTH] Authentication failed."), python);

            Store store = angus(serve.imap, PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(1, inbox.getMessageCount());
            store.close();
            try {
                angus(serve.imap, "wrong");
                throw new AssertionError("a wrong password logged in");
            } catch (AuthenticationFailedException e) {
                assertEquals("[AUTHENTICATIONFAILED] Authentication failed.", e.getMessage());
            }

            String log = serve.process.output();
            for (String method : List.of("SCRAM-SHA-256", "LOGIN")) {
                assertTrue(log.contains(USER + " logged in from 127.0.0.1 (" + method + ")"), "IMAP " + method + " login in: " + log);
            }
            for (String method : List.of("SCRAM-SHA-256", "PLAIN", "LOGIN")) {
                assertTrue(log.contains(USER + " logged in from 127.0.0.1 (" + method + "); maildrop has 1 messages"), "POP3 " + method);
            }
        }
    }

    private static long messageSize() {
        return ImapClientsEndToEndTest.message("Alice <alice@example.org>", "hello", "one").getBytes(StandardCharsets.UTF_8).length;
    }

    private static Store angus(int port, String password) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap.connectiontimeout", "10000");
        p.put("mail.imap.timeout", "30000");
        p.put("mail.imap.auth.mechanisms", "LOGIN");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect("127.0.0.1", port, USER, password);
        return store;
    }

    private static List<String> python(ImapServe serve) throws Exception {
        Path script = Paths.get(AuthClientsEndToEndTest.class.getResource("/auth/sasl_clients.py").toURI());
        Process p = new ProcessBuilder("python3", script.toString(), "127.0.0.1", Integer.toString(serve.imap), Integer.toString(serve.pop3),
                USER, PASSWORD).redirectErrorStream(true).start();
        String text;
        try (var in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python did not finish: " + text);
        }
        assertEquals(0, p.exitValue(), text);
        return text.lines().toList();
    }
}
