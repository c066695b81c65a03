package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * No password and no message content reaches the log, even at {@code log.level = debug}: a real
 * {@code serve} (its own JVM, the production logback.xml) takes LOGIN, AUTHENTICATE PLAIN,
 * USER/PASS, AUTH PLAIN, failed logins and an LMTP DATA, and the whole log is searched afterwards.
 * The same run shows the session fields every protocol line carries.
 */
class LogSafetyTest {
    private static final String ADDRESS = "a@example.org";
    private static final String PASSWORD = "Pw-q7Zr2-not-for-logs";
    private static final String WRONG_PASSWORD = "Wrong-x81Kf-not-for-logs";
    private static final String SUBJECT = "Subject-k2Pq9-private";
    private static final String BODY = "Body-text-m4Vx8-private";
    private static final String MESSAGE = "From: s@example.org\r\nTo: " + ADDRESS + "\r\nSubject: " + SUBJECT + "\r\n\r\n" + BODY + "\r\n";
    private static final ServeProcess.Options PRODUCTION_LOGGING =
            ServeProcess.Options.DEFAULT.withJvmOptions(List.of("-Dlogback.configurationFile=logback.xml"));

    @TempDir
    Path dir;

    private Map<String, String> env(String format) {
        Map<String, String> env = new HashMap<>(ImapServe.env(TestDatabase.freshEmpty(), dir.resolve("data"), "logs"));
        env.put("MAILSTORE_LOG_LEVEL", "debug");
        env.put("MAILSTORE_LOG_FORMAT", format);
        // The wrong passwords still pass through the throttle and its logging; only its doubling wait (2 s, 4 s,
        // 8 s by default) is cut short, as AuthClientsEndToEndTest does.
        env.put("MAILSTORE_AUTH_FAILURE_DELAY", "PT0.05S");
        return env;
    }

    private static int port(String log, String protocol) {
        Matcher m = Pattern.compile("\\b" + protocol + " 127\\.0\\.0\\.1:(\\d+)").matcher(log);
        if (!m.find()) throw new AssertionError("no " + protocol + " listener in: " + log);
        return Integer.parseInt(m.group(1));
    }

    private static String plain(String password) {
        return Base64.getEncoder().encodeToString(("\0" + ADDRESS + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Everything a client can do that involves a secret or message bytes, over each protocol. */
    private void exercise(ServeProcess serve, Map<String, String> env) throws Exception {
        Cli.Result added = new Cli(env, dir).runWithInput((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8), Optional.empty(),
                "account", "add", ADDRESS, "--password-stdin");
        assertEquals(0, added.code(), added.err());
        String log = serve.output();
        LmtpWire.deliver(port(log, "lmtp"), ADDRESS, MESSAGE);

        int imap = port(log, "imap");
        try (ImapWire w = ImapWire.login(imap, ADDRESS, PASSWORD)) {
            w.ok("SELECT INBOX");
            assertTrue(String.join("\n", w.ok("FETCH 1 BODY[]")).contains(BODY));
            w.ok("LOGOUT");
        }
        try (ImapWire w = new ImapWire(imap)) {
            w.readLine();
            w.ok("AUTHENTICATE PLAIN " + plain(PASSWORD));
        }
        try (ImapWire w = new ImapWire(imap)) {
            w.readLine();
            assertTrue(w.command("LOGIN " + ADDRESS + " " + WRONG_PASSWORD).getLast().startsWith("a1 NO "));
            w.send("a2 AUTHENTICATE PLAIN");
            assertEquals("+ ", w.readLine());
            w.send(plain(WRONG_PASSWORD));
            assertTrue(w.readLine().startsWith("a2 NO "));
        }

        int pop3 = port(log, "pop3");
        pop3(pop3, List.of("USER " + ADDRESS, "PASS " + PASSWORD, "RETR 1", "QUIT"), BODY);
        pop3(pop3, List.of("AUTH PLAIN " + plain(PASSWORD), "QUIT"), "+OK Logged in.");
        pop3(pop3, List.of("USER " + ADDRESS, "PASS " + WRONG_PASSWORD, "QUIT"), "-ERR [AUTH]");
    }

    /** Sends the lines, reads until the server closes, and insists the replies contain {@code expected}. */
    private static void pop3(int port, List<String> lines, String expected) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String replies = String.join("\n", new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).lines().toList());
            assertTrue(replies.contains(expected), replies);
        }
    }

    private static void assertNoSecrets(String log) {
        for (String secret : List.of(PASSWORD, WRONG_PASSWORD, plain(PASSWORD), plain(WRONG_PASSWORD), BODY, SUBJECT)) {
            assertFalse(log.contains(secret), "the log holds '" + secret + "':\n" + log);
        }
    }

    @Test
    void debugTextLogHoldsNoPasswordOrMessageContentButSessionFields() throws Exception {
        Map<String, String> env = env("text");
        try (ServeProcess serve = ServeProcess.start(dir, env, PRODUCTION_LOGGING)) {
            exercise(serve, env);
            assertEquals(0, serve.terminate());
            String log = serve.output();
            assertNoSecrets(log);
            assertTrue(log.lines().anyMatch(l -> l.contains(" DEBUG ")), "debug logging was on:\n" + log);
            assertTrue(log.lines().anyMatch(l -> l.matches(".* INFO  \\[imap-session] session=\\S+ remote=/127\\.0\\.0\\.1:\\d+ account=a@example\\.org "
                    + "\\S*ImapSession - a@example\\.org logged in from 127\\.0\\.0\\.1 \\(LOGIN command\\)")), log);
            assertTrue(log.lines().anyMatch(l -> l.matches(".* \\[pop3-session] session=\\S+ remote=/127\\.0\\.0\\.1:\\d+ account=a@example\\.org .*logged in from 127\\.0\\.0\\.1 \\(USER/PASS\\); maildrop has 1 messages.*")), log);
            assertTrue(log.lines().anyMatch(l -> l.matches(".* \\[lmtp-session] session=\\S+ remote=/127\\.0\\.0\\.1:\\d+ \\S*Listener - lmtp connection from .*")), log);
        }
    }

    @Test
    void jsonLogIsOneObjectPerLineWithTheSessionFields() throws Exception {
        Map<String, String> env = env("json");
        try (ServeProcess serve = ServeProcess.start(dir, env, PRODUCTION_LOGGING)) {
            exercise(serve, env);
            assertEquals(0, serve.terminate());
            String log = serve.output();
            assertNoSecrets(log);
            ObjectMapper json = new ObjectMapper();
            boolean sawLogin = false;
            for (String line : log.lines().toList()) {
                JsonNode event = json.readTree(line);
                assertTrue(event.isObject() && event.has("level") && event.has("formattedMessage") && event.has("loggerName"), line);
                if (event.get("formattedMessage").asText().startsWith(ADDRESS + " logged in from 127.0.0.1 (")) {
                    JsonNode mdc = event.get("mdc");
                    assertEquals(ADDRESS, mdc.get("account").asText(), line);
                    assertTrue(mdc.get("remote").asText().startsWith("/127.0.0.1:"), line);
                    assertFalse(mdc.get("session").asText().isEmpty(), line);
                    sawLogin = true;
                }
            }
            assertTrue(sawLogin, log);
        }
    }
}
