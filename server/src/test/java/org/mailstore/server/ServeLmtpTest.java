package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} starts the LMTP listener on MAILSTORE_LMTP_LISTEN; {@code bench lmtp} delivers through it. */
class ServeLmtpTest {
    @TempDir
    Path dir;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        for (String l : new String[] {"POP3", "POP3S", "IMAP", "IMAPS", "HTTP"}) env.put("MAILSTORE_" + l + "_LISTEN", "off");
        env.put("MAILSTORE_LMTP_LISTEN", "127.0.0.1:0");
        return env;
    }

    @Test
    void serveDeliversOverLmtpAndTheBenchmarkRunsAgainstIt() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, env())) {
            Matcher m = Pattern.compile("listening: lmtp 127\\.0\\.0\\.1:(\\d+)").matcher(serve.output());
            assertTrue(m.find(), serve.output());
            int port = Integer.parseInt(m.group(1));
            Cli.Result add = new Cli(env(), dir).runWithInput("pw\n".getBytes(StandardCharsets.UTF_8), Optional.empty(),
                    "account", "add", "bench0@serve.test", "--password-stdin");
            assertEquals(0, add.code(), add.err());

            try (Socket s = new Socket("127.0.0.1", port)) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                out.write(("LHLO client.test\r\nMAIL FROM:<alice@example.org>\r\nRCPT TO:<bench0@serve.test>\r\nDATA\r\n"
                        + "Subject: via serve\r\n\r\nhello\r\n.\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
                List<String> replies = in.lines().toList();
                assertEquals("250 2.0.0 <bench0@serve.test> Saved", replies.get(replies.size() - 2), replies.toString());
            }

            Cli.Result bench = new Cli(env(), dir).run("bench", "lmtp", "--port", String.valueOf(port), "--connections", "2",
                    "--messages", "20", "--warmup", "4", "--users", "1", "--address-format", "bench%d@serve.test");
            assertEquals(0, bench.code(), bench.out() + bench.err());
            List<String> lines = bench.out().lines().toList();
            assertTrue(lines.getLast().matches("result: [0-9.]+ messages/s, p50 [0-9.]+ ms, p99 [0-9.]+ ms \\(20 messages, 0 failed, [0-9.]+ s\\)"),
                    bench.out());
        }
    }
}
