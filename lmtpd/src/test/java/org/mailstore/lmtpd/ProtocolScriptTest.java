package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailstore.store.Account;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;
import org.mailstore.store.Quota;
import org.mailstore.store.StoreFixture;

/**
 * Runs the protocol scripts in {@code src/test/resources/scripts}, one file per RFC area, each
 * against a live {@link LmtpServer} on a real store. Script lines:
 * <pre>
 * # comment
 * ACCOUNT: addr [quota=BYTES] [messages=N] [disabled]   create the account (each script uses its own domain)
 * MAILBOX: addr name                       create a mailbox
 * SET: name value                          a setting for this script's server (maxRecipients, maxMessageBytes, maxLineBytes, idleTimeout)
 * C: text                                  a client line; consecutive C: lines go out in one write (pipelined)
 * S: regex                                 the next server line must match entirely
 * CLOSED                                   the server must have closed the connection
 * STORED: addr mailbox count [regex]       after the session: that many messages; each one's bytes match regex (DOTALL)
 * </pre>
 * The server's host name is {@code lmtp.test}.
 */
class ProtocolScriptTest {
    static final String HOST = "lmtp.test";
    static StoreFixture f;

    @BeforeAll
    static void start() throws IOException {
        f = new StoreFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        f.close();
    }

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(ProtocolScriptTest.class.getResource("/scripts").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.filter(p -> p.toString().endsWith(".test")).sorted().toList();
            assertTrue(sorted.size() >= 10, "scripts found: " + sorted);
            return sorted.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
        }
    }

    private void run(Path script) throws IOException {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        LmtpSettings settings = LmtpSettings.defaults().withHostname(HOST);
        List<String> stored = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("ACCOUNT: ")) account(l.substring(9).trim().split(" +"));
            else if (l.startsWith("MAILBOX: ")) mailbox(l.substring(9).trim().split(" +"));
            else if (l.startsWith("SET: ")) settings = set(settings, l.substring(5).trim().split(" +"));
            else if (l.startsWith("STORED: ")) stored.add(l.substring(8).trim());
        }
        try (LmtpServer server = LmtpServer.start(settings, f.store, new InetSocketAddress("127.0.0.1", 0));
             LmtpClient client = new LmtpClient(server.address())) {
            converse(script, lines, client);
        }
        for (String s : stored) checkStored(script, s);
    }

    private void converse(Path script, List<String> lines, LmtpClient client) throws IOException {
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String where = script.getFileName() + ":" + (i + 1);
            if (l.startsWith("C: ") || l.equals("C:")) {
                pending.add(l.length() > 3 ? l.substring(3) : "");
                continue;
            }
            if (!pending.isEmpty()) {
                client.send(pending.toArray(String[]::new));
                pending.clear();
            }
            if (l.startsWith("S: ")) {
                String got = client.line();
                assertNotNull(got, where + ": connection closed, expected " + l.substring(3));
                assertTrue(Pattern.compile(l.substring(3)).matcher(got).matches(), where + ": expected /" + l.substring(3) + "/ got: " + got);
            } else if (l.equals("CLOSED")) {
                assertNull(client.line(), where + ": connection still open");
            }
        }
        if (!pending.isEmpty()) client.send(pending.toArray(String[]::new));
    }

    private static void account(String[] args) {
        if (f.store.accounts().find(args[0]).isPresent()) return;
        Account a = f.account(args[0]);
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("quota=")) {
                Quota q = f.store.accounts().quota(a);
                f.store.accounts().setQuota(a, Long.parseLong(args[i].substring(6)), q.messageLimit());
            } else if (args[i].startsWith("messages=")) {
                Quota q = f.store.accounts().quota(a);
                f.store.accounts().setQuota(a, q.storageLimit(), Long.parseLong(args[i].substring(9)));
            }
            else if (args[i].equals("disabled")) f.store.accounts().setDisabled(a.address(), true);
            else throw new IllegalArgumentException("unknown ACCOUNT option " + args[i]);
        }
    }

    private static void mailbox(String[] args) {
        Account a = f.store.accounts().get(args[0]);
        if (f.store.mailboxes().find(a, args[1]).isEmpty()) f.store.mailboxes().create(a, args[1]);
    }

    private static LmtpSettings set(LmtpSettings s, String[] kv) {
        return switch (kv[0]) {
            case "maxRecipients" -> s.withMaxRecipients(Integer.parseInt(kv[1]));
            case "maxMessageBytes" -> s.withMaxMessageBytes(Long.parseLong(kv[1]));
            case "maxLineBytes" -> s.withMaxLineBytes(Integer.parseInt(kv[1]));
            case "idleTimeout" -> s.withIdleTimeout(Duration.parse(kv[1]));
            case "sessionTimeout" -> s.withSessionTimeout(Duration.parse(kv[1]));
            default -> throw new IllegalArgumentException("unknown setting " + kv[0]);
        };
    }

    private static void checkStored(Path script, String spec) throws IOException {
        String[] parts = spec.split(" +", 4);
        Account a = f.store.accounts().get(parts[0]);
        MailboxInfo box = f.mailbox(a, parts[1]);
        List<MessageView> messages = f.store.messages().list(a, box.id());
        assertEquals(Integer.parseInt(parts[2]), messages.size(), script.getFileName() + ": messages in " + parts[0] + " " + parts[1]);
        if (parts.length < 4) return;
        Pattern p = Pattern.compile(parts[3], Pattern.DOTALL);
        for (MessageView m : messages) {
            String content = Stored.content(f, m.blobHash());
            assertTrue(p.matcher(content).matches(), script.getFileName() + ": stored message /" + parts[3] + "/ got:\n" + content);
        }
    }
}
