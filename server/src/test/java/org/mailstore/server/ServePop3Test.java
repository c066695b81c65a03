package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} answers POP3 on pop3.listen; {@code bench pop3} prepares a maildrop and times sessions against it. */
class ServePop3Test {
    static final String MESSAGE = "From: a@example.org\r\nTo: pop@example.org\r\nSubject: hi\r\n\r\nHello.\r\n";

    @TempDir
    Path dir;

    @Test
    void serveAnswersPop3AndBenchPop3TimesIt() throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        for (String l : new String[] {"LMTP", "POP3S", "IMAP", "IMAPS", "HTTP"}) env.put("MAILSTORE_" + l + "_LISTEN", "off");
        env.put("MAILSTORE_POP3_LISTEN", "127.0.0.1:" + port);
        Cli cli = new Cli(env, dir);
        try (Cli.Serving serving = cli.new Serving()) {
            assertEquals(0, cli.runWithInput("pw\n".getBytes(StandardCharsets.UTF_8), Optional.empty(),
                    "account", "add", "pop@example.org", "--password-stdin").code());
            Cli.Result delivered = cli.runWithInput(MESSAGE.getBytes(StandardCharsets.UTF_8), Optional.empty(), "deliver", "--to", "pop@example.org");
            assertEquals(0, delivered.code(), delivered.err());

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(30_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                out.write("USER pop@example.org\r\nPASS pw\r\nSTAT\r\nRETR 1\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                List<String> expected = List.of("+OK mailstore ready.", "+OK", "+OK Logged in.", "+OK 1 " + MESSAGE.length(),
                        "+OK " + MESSAGE.length() + " octets", "From: a@example.org", "To: pop@example.org", "Subject: hi", "", "Hello.",
                        ".", "+OK Logging out.");
                for (String line : expected) assertEquals(line, in.readLine());
            }

            Cli.Result bench = cli.run("bench", "pop3", "--port", Integer.toString(port), "--messages", "30", "--rounds", "2");
            assertEquals(0, bench.code(), bench.out() + bench.err());
            List<String> lines = bench.out().lines().toList();
            assertTrue(lines.getLast().startsWith("result: cold "), bench.out());
            assertTrue(lines.getLast().endsWith("; 30 messages)"), bench.out());

            Cli.Result tooFew = cli.run("bench", "pop3", "--port", Integer.toString(port), "--messages", "10");
            assertEquals(1, tooFew.code());
            assertTrue(tooFew.err().contains("already holds 30 messages, more than --messages 10"), tooFew.err());

            Cli.Result wrongCount = cli.run("bench", "pop3", "--port", Integer.toString(port), "--messages", "31", "--no-prepare");
            assertEquals(1, wrongCount.code());
            assertTrue(wrongCount.err().contains("expected 31 messages, STAT says: +OK 30 "), wrongCount.err());
            assertEquals(0, serving.stop());
        }
    }

    @Test
    void benchPop3WritesTheSameMessagesAsAMaildir() throws IOException {
        Cli.Result r = new Cli(Map.of(), dir).run("bench", "pop3", "--write-maildir", dir.resolve("Maildir").toString(),
                "--messages", "3", "--size", "300", "--user", "u@bench.test");
        assertEquals(0, r.code(), r.err());
        List<Path> files;
        try (var s = Files.list(dir.resolve("Maildir/cur"))) {
            files = s.sorted().toList();
        }
        assertEquals(3, files.size());
        for (int n = 1; n <= 3; n++) {
            String crlf = new String(Pop3BenchMaildrop.message("u@bench.test", n, 300), StandardCharsets.US_ASCII);
            String lf = crlf.replace("\r\n", "\n");
            Path f = files.get(n - 1);
            assertEquals(lf, Files.readString(f));
            assertTrue(f.getFileName().toString().endsWith(",S=" + lf.length() + ",W=" + crlf.length() + ":2,"), f.toString());
        }
        assertTrue(Files.isDirectory(dir.resolve("Maildir/new")) && Files.isDirectory(dir.resolve("Maildir/tmp")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
