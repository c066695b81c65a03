package org.mailstore.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Delivers one message over LMTP as an MTA would, and insists on the per-recipient 250. */
final class LmtpWire {
    private LmtpWire() {
    }

    static void deliver(int port, String recipient, String message) throws IOException {
        List<String> replies = replies(port, recipient, message, Duration.ofSeconds(30));
        String saved = "250 2.0.0 <" + recipient + "> Saved";
        if (!replies.contains(saved)) throw new AssertionError("LMTP delivery to " + recipient + " failed: " + replies);
    }

    /** Every line the server sends for one pipelined LHLO, MAIL, RCPT, DATA and QUIT, whatever they say. */
    static List<String> replies(int port, String recipient, String message, Duration timeout) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) timeout.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(("LHLO client.test\r\nMAIL FROM:<sender@example.org>\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n"
                    + message.replace("\r\n.", "\r\n..") + ".\r\nQUIT\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.lines().toList();
        }
    }
}
