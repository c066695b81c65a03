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
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} answers IMAP on imap.listen: a delivered message can be listed, read and flagged. */
class ServeImapTest {
    static final String MESSAGE = "From: a@example.org\r\nTo: imap@example.org\r\nSubject: hi\r\n\r\nHello.\r\n";

    @TempDir
    Path dir;

    @Test
    void serveAnswersImap() throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        for (String l : new String[] {"LMTP", "POP3", "POP3S", "IMAPS", "HTTP"}) env.put("MAILSTORE_" + l + "_LISTEN", "off");
        env.put("MAILSTORE_IMAP_LISTEN", "127.0.0.1:" + port);
        Cli cli = new Cli(env, dir);
        try (Cli.Serving serving = cli.new Serving()) {
            assertEquals(0, cli.runWithInput("pw\n".getBytes(StandardCharsets.UTF_8), Optional.empty(),
                    "account", "add", "imap@example.org", "--password-stdin").code());
            Cli.Result delivered = cli.runWithInput(MESSAGE.getBytes(StandardCharsets.UTF_8), Optional.empty(), "deliver", "--to", "imap@example.org");
            assertEquals(0, delivered.code(), delivered.err());

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(30_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                assertTrue(in.readLine().startsWith("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 "));
                out.write(("a1 LOGIN imap@example.org pw\r\na2 STATUS INBOX (MESSAGES UNSEEN SIZE)\r\na3 EXAMINE INBOX\r\n"
                        + "a4 FETCH 1 (RFC822.SIZE BODY.PEEK[TEXT])\r\na5 LOGOUT\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertTrue(in.readLine().startsWith("a1 OK [CAPABILITY "));
                assertEquals("* STATUS \"INBOX\" (MESSAGES 1 UNSEEN 1 SIZE " + MESSAGE.length() + ")", in.readLine());
                assertEquals("a2 OK STATUS completed.", in.readLine());
                String line;
                while (!(line = in.readLine()).startsWith("a3 ")) assertTrue(line.startsWith("* "), line);
                assertEquals("a3 OK [READ-ONLY] EXAMINE completed.", line);
                List<String> expected = List.of("* 1 FETCH (RFC822.SIZE " + MESSAGE.length() + " BODY[TEXT] {8}", "Hello.", ")",
                        "a4 OK FETCH completed.", "* BYE Logging out.", "a5 OK LOGOUT completed.");
                for (String e : expected) assertEquals(e, in.readLine());
            }
            assertEquals(0, serving.stop());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
