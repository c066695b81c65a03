package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;
import org.mailstore.store.Recipient;

/**
 * TOP of a large message reads the blob only up to the last line it sends. Measured with the
 * kernel's count of bytes this JVM has read ({@code rchar} in /proc/self/io), which RETR of the
 * same message must move by at least the message size, so the measure itself is checked.
 */
class TopReadsOnlyWhatItNeedsTest {
    static final int BODY_LINES = 400_000;
    /** Slack for whatever else the JVM reads meanwhile (class files, /proc). */
    static final long SLACK_BYTES = 2L << 20;

    private static LiveServer live;

    @BeforeAll
    static void start() throws IOException {
        live = LiveServer.start();
    }

    @AfterAll
    static void stop() throws IOException {
        live.close();
    }

    @Test
    void topOfALargeMessageReadsItsBeginningOnly() throws IOException {
        Account a = live.fixture.account("top@example.org");
        StringBuilder m = new StringBuilder("From: a@example.org\r\nSubject: large\r\n\r\n");
        for (int i = 0; i < BODY_LINES; i++) m.append("line ").append(i).append(" of a large message body, padded out\r\n");
        long size = m.length();
        assertTrue(size > 4 * SLACK_BYTES);
        live.fixture.store.delivery().deliver(Samples.bytes(m.toString()), List.of(new Recipient(a.address())), Samples.DATE);

        try (Pop3Client c = live.connect().login(a.address(), "secret")) {
            c.multiline("TOP 1 0"); // warm up: load every class on the path first
            long before = readBytes();
            assertEquals(List.of("From: a@example.org", "Subject: large", "", "line 0 of a large message body, padded out"),
                    c.multiline("TOP 1 1"));
            long top = readBytes() - before;
            assertTrue(top < SLACK_BYTES, "TOP read " + top + " bytes of a " + size + "-byte message");

            before = readBytes();
            assertEquals(BODY_LINES + 3, c.multiline("RETR 1").size());
            long retr = readBytes() - before;
            assertTrue(retr >= size, "RETR read " + retr + " bytes of a " + size + "-byte message");
            c.command("QUIT");
        }
    }

    private static long readBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("rchar:")) return Long.parseLong(line.substring(6).trim());
        }
        throw new IllegalStateException("no rchar in /proc/self/io");
    }
}
