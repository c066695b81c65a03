package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.Account;
import org.mailstore.store.MessageView;
import org.mailstore.store.Recipient;

/** Python's poplib, a real client run as a separate process, against a live server. */
class PoplibEndToEndTest {
    static final long PROCESS_TIMEOUT_SECONDS = 60;

    private static LiveServer live;

    @TempDir
    Path out;

    @BeforeAll
    static void start() throws IOException {
        live = LiveServer.start();
    }

    @AfterAll
    static void stop() throws IOException {
        live.close();
    }

    @Test
    void retrievedMessagesEqualTheDeliveredBytes() throws Exception {
        Account a = account("retr@example.org");
        List<String> output = poplib(a, "stat", "list", "uidl", "retr-all", "top:2:1", "quit");
        List<MessageView> inbox = live.fixture.store.messages().list(a, live.fixture.mailbox(a, "INBOX").id());
        assertEquals("welcome +OK mailstore ready.", output.get(0));
        assertEquals("capa AUTH-RESP-CODE CAPA IMPLEMENTATION PIPELINING RESP-CODES SASL TOP UIDL USER", output.get(1));
        assertEquals("pass +OK Logged in.", output.get(2));
        long total = inbox.stream().mapToLong(MessageView::size).sum();
        assertEquals("stat 4 " + total, output.get(3));
        for (int n = 1; n <= 4; n++) {
            assertEquals("list " + n + " " + inbox.get(n - 1).size(), output.get(3 + n));
            assertEquals("uidl " + n + " " + String.format("%08X%08X", inbox.get(n - 1).uid(), live.fixture.mailbox(a, "INBOX").uidValidity()),
                    output.get(7 + n));
        }
        assertEquals("quit +OK Logging out.", output.getLast());
        for (int n : new int[] {1, 2, 4}) {
            assertArrayEquals(delivered(n).getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out.resolve(n + ".eml")), "message " + n);
        }
        // The appended bare-LF message comes out in canonical form, its last line ended.
        assertEquals(Samples.BARE_LF.replace("\n", "\r\n") + "\r\n", Files.readString(out.resolve("3.eml")));
        assertEquals(Samples.DOTS.substring(0, Samples.DOTS.indexOf("\r\n\r\n") + 4) + "line one\r\n", Files.readString(out.resolve("top-2.eml")));
    }

    @Test
    void deleAndQuitRemoves() throws Exception {
        Account a = account("quit@example.org");
        List<String> output = poplib(a, "dele:1", "dele:4", "stat", "quit");
        assertEquals(List.of("dele +OK Marked to be deleted.", "dele +OK Marked to be deleted.",
                "stat 2 " + (Samples.DOTS.length() + Samples.BARE_LF.length()), "quit +OK Logging out, messages deleted."), output.subList(3, 7));
        assertEquals(List.of(2L, 3L), uids(a));
    }

    @Test
    void deleAndRsetKeeps() throws Exception {
        Account a = account("rset@example.org");
        List<String> output = poplib(a, "dele:1", "dele:2", "rset", "quit");
        assertEquals("rset +OK", output.get(5));
        assertEquals("quit +OK Logging out.", output.get(6));
        assertEquals(List.of(1L, 2L, 3L, 4L), uids(a));
    }

    @Test
    void aDroppedConnectionDeletesNothing() throws Exception {
        Account a = account("drop@example.org");
        List<String> output = poplib(a, "dele:1", "dele:2", "dele:3", "drop");
        assertEquals("drop closed", output.getLast());
        // The server notices the close asynchronously; the maildrop lock is free once it has.
        try (Pop3Client c = awaitLogin(a)) {
            assertEquals("+OK 4 " + (Samples.SIMPLE.length() + Samples.DOTS.length() + Samples.BARE_LF.length()
                    + big().getBytes(StandardCharsets.UTF_8).length),
                    c.command("STAT"));
            assertEquals("+OK Logging out.", c.command("QUIT"));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), uids(a));
    }

    private Account account(String address) {
        Account a = live.fixture.account(address);
        Samples.fill(live.fixture.store, a);
        var outcome = live.fixture.store.delivery().deliver(Samples.bytes(big()), List.of(new Recipient(address)), Samples.DATE).getFirst();
        assertEquals(true, outcome.delivered());
        return a;
    }

    /** What was delivered as message n (1, 2 and 4 went through delivery, which keeps CRLF input as is). */
    private static String delivered(int n) {
        return switch (n) {
            case 1 -> Samples.SIMPLE;
            case 2 -> Samples.DOTS;
            case 4 -> big();
            default -> throw new IllegalArgumentException();
        };
    }

    /** About 300 kB: dot lines, 8-bit text, a 2,000-character line. */
    static String big() {
        StringBuilder b = new StringBuilder("From: Dora <dora@example.org>\r\nTo: bob@example.org\r\nSubject: big\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        for (int i = 0; i < 5_000; i++) {
            b.append(i % 7 == 0 ? "." : i % 11 == 0 ? ".. " : "").append("line ").append(i).append(" gr\u00fc\u00dfe \u2603 ")
                    .append("x".repeat(i % 40)).append("\r\n");
        }
        b.append("y".repeat(2_000)).append("\r\n.\r\nend\r\n");
        return b.toString();
    }

    private List<Long> uids(Account a) {
        return live.fixture.store.messages().list(a, live.fixture.mailbox(a, "INBOX").id()).stream().map(MessageView::uid).toList();
    }

    private static Pop3Client awaitLogin(Account a) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Pop3Client c = live.connect();
            c.send("USER " + a.address());
            c.readLine();
            String answer = c.command("PASS secret");
            if (answer.equals("+OK Logged in.")) return c;
            c.close();
            if (System.nanoTime() > deadline) throw new AssertionError("the maildrop stayed locked: " + answer);
            Thread.sleep(50);
        }
    }

    private List<String> poplib(Account a, String... steps) throws IOException, InterruptedException, URISyntaxException {
        Path script = Paths.get(PoplibEndToEndTest.class.getResource("/poplib/pop3_session.py").toURI());
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), live.host(), Integer.toString(live.port()),
                a.address(), "secret", out.toString()));
        command.addAll(List.of(steps));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text;
        try (var in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("poplib did not finish: " + text);
        }
        assertEquals(0, p.exitValue(), text);
        return text.lines().toList();
    }
}
