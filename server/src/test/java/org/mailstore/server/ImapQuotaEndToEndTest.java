package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * RFC 9208 QUOTA through {@code serve}: an account named in {@code imap.quota.admins} sets another account's limits
 * with imaplib's {@code setquota}, and LMTP and IMAP APPEND then refuse that account's mail as the limits say
 * (452 4.2.2 when the message limit is used up, 552 5.2.2 for a message larger than the whole storage limit,
 * {@code NO [OVERQUOTA]}); the other account reads its quota and is refused SETQUOTA.
 */
class ImapQuotaEndToEndTest {
    static final long PROCESS_TIMEOUT_SECONDS = 60;
    private static final String ADMIN = "admin@example.org";
    private static final String USER = "user@example.org";

    @TempDir
    Path dir;

    @Test
    void quotaSetOverImapIsEnforcedByLmtpAndAppend() throws Exception {
        Map<String, String> env = ImapServe.env(TestDatabase.freshEmpty(), dir.resolve("data"), "quota");
        env.put("MAILSTORE_IMAP_QUOTA_ADMINS", "Admin@Example.org");
        try (ImapServe serve = ImapServe.start(dir, env)) {
            serve.addAccount(ADMIN, "pw");
            serve.addAccount(USER, "pw");
            LmtpWire.deliver(serve.lmtp, USER, ImapClientsEndToEndTest.message("Alice <alice@example.org>", "first", "one"));

            assertEquals(List.of(
                    "capabilities True False",
                    "login OK",
                    "quotaset True",
                    "own-quota NO [NONEXISTENT] No such quota root: \"\"",
                    "setquota OK \"user@example.org\" (MESSAGE 1 1)",
                    "getquota OK \"user@example.org\" (MESSAGE 1 1)",
                    "logout BYE"), run(serve.imap, ADMIN, "admin", USER));

            assertEquals("452 4.2.2 <user@example.org> Mailbox full",
                    lmtp(serve.lmtp, "MAIL FROM:<sender@example.org>", USER, "Subject: second\r\n\r\nbody\r\n").get(2));

            assertEquals(List.of(
                    "capabilities True False",
                    "login OK",
                    "quotaset False",
                    "getquotaroot OK \"INBOX\" \"\" | \"\" (MESSAGE 1 1)",
                    "getquota OK \"\" (MESSAGE 1 1)",
                    "append NO [OVERQUOTA] user@example.org is over quota",
                    "setquota NO [NOPERM] Only quota administrators may change quotas.",
                    "logout BYE"), run(serve.imap, USER, "user", null));

            assertEquals(List.of(
                    "capabilities True False",
                    "login OK",
                    "quotaset True",
                    "setquota OK \"user@example.org\" (STORAGE 1 1)",
                    "logout BYE"), run(serve.imap, ADMIN, "storage", USER));

            String large = "Subject: large\r\n\r\n" + "x".repeat(2000) + "\r\n";
            List<String> replies = lmtp(serve.lmtp, "MAIL FROM:<sender@example.org>", USER, large);
            assertEquals("250 2.1.5 <user@example.org> Recipient OK", replies.get(2));
            assertEquals("552 5.2.2 <user@example.org> Message exceeds the mailbox quota", replies.get(4));
        }
    }

    /** One LMTP transaction for one recipient; the replies after the greeting and LHLO's, one per command. */
    private static List<String> lmtp(int port, String mailFrom, String recipient, String message) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(("LHLO client.test\r\n" + mailFrom + "\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n"
                    + message.replace("\r\n.", "\r\n..") + ".\r\nQUIT\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> replies = new ArrayList<>();
            for (String line : in.lines().toList()) {
                if (line.length() > 3 && line.charAt(3) == '-') continue; // LHLO's continuation lines
                replies.add(line);
            }
            return replies.subList(1, replies.size()); // without the greeting: LHLO, MAIL, RCPT, DATA, (message), QUIT
        }
    }

    private static List<String> run(int port, String user, String phase, String other) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", script().toString(), "127.0.0.1", Integer.toString(port), user, "pw", phase));
        if (other != null) command.add(other);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text;
        try (var in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("imaplib did not finish: " + text);
        }
        assertEquals(0, p.exitValue(), text);
        return text.lines().toList();
    }

    private static Path script() throws URISyntaxException {
        return Paths.get(ImapQuotaEndToEndTest.class.getResource("/imaplib/imap_quota.py").toURI());
    }
}
