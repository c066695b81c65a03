package org.mailstore.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One LMTP delivery as an MTA makes it, reporting only what an MTA knows: whether the recipient's {@code 250}
 * arrived. A connection that breaks, or any other reply, counts as not acknowledged (the MTA queues the message
 * and tries again), even when the server may have stored it: at-least-once, never lost.
 */
final class LmtpAttempt {
    static final int TIMEOUT_MILLIS = 30_000;

    private LmtpAttempt() {}

    /** Whether the recipient's 250 came, and what came instead when it did not. */
    record Outcome(boolean acknowledged, String detail) {}

    static Outcome deliver(String host, int port, String recipient, String message) {
        List<String> replies = new ArrayList<>();
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(TIMEOUT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(("LHLO client.test\r\nMAIL FROM:<sender@example.org>\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n"
                    + message.replace("\r\n.", "\r\n..") + ".\r\nQUIT\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String saved = "250 2.0.0 <" + recipient + "> Saved";
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals(saved)) return new Outcome(true, line);
                replies.add(line);
            }
            return new Outcome(false, "connection closed after " + replies);
        } catch (IOException e) {
            return new Outcome(false, e + " after " + replies);
        }
    }
}
