package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * Two {@code serve} instances on one database and one data directory (blobs, journal), as behind a TCP balancer:
 * changes made through one reach an IMAP session IDLE on the other through PostgreSQL LISTEN/NOTIFY.
 */
// It bounds a latency, so it runs with no other test JVM beside it (root pom.xml, surefire execution "timing").
@Tag("timing")
class ImapTwoInstancesTest {
    static final Duration EXISTS_WITHIN = Duration.ofSeconds(1);
    static final Duration EXPUNGE_WITHIN = Duration.ofSeconds(5);
    static final String USER = "idle@example.org";

    @TempDir
    Path dir;

    @Test
    void idleOnOneInstanceSeesADeliveryAndAnExpungeMadeThroughTheOther() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshEmpty();
        Path data = dir.resolve("data");
        try (ImapServe a = ImapServe.start(dir, ImapServe.env(db, data, "instance-a"));
             ImapServe b = ImapServe.start(dir, ImapServe.env(db, data, "instance-b"))) {
            a.addAccount(USER, "pw");
            try (ImapWire onA = ImapWire.login(a.imap, USER, "pw"); ImapWire onB = ImapWire.login(b.imap, USER, "pw")) {
                assertTrue(onA.ok("SELECT INBOX").contains("* 0 EXISTS"));
                onA.send("i1 IDLE");
                String go = onA.readLine();
                assertTrue(go.startsWith("+ "), go);

                LmtpWire.deliver(b.lmtp, USER, "Subject: through B\r\n\r\nhello\r\n");
                long acknowledged = System.nanoTime();
                List<String> seen = awaitLine(onA, "* 1 EXISTS", EXISTS_WITHIN);
                long millis = (System.nanoTime() - acknowledged) / 1_000_000;
                assertTrue(millis <= EXISTS_WITHIN.toMillis(), "EXISTS after " + millis + " ms: " + seen);

                assertTrue(onB.ok("SELECT INBOX").contains("* 1 EXISTS"));
                onB.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
                assertTrue(onB.ok("EXPUNGE").contains("* 1 EXPUNGE"));
                awaitLine(onA, "* 1 EXPUNGE", EXPUNGE_WITHIN);

                onA.send("DONE");
                String done = onA.readLine();
                assertTrue(done.startsWith("i1 OK"), done);
                assertTrue(onA.ok("NOOP").stream().noneMatch(l -> l.endsWith("EXISTS")), "nothing left over");
            }
        }
    }

    /** Reads lines until {@code expected} arrives; other untagged lines (RECENT, FETCH) may come first. */
    static List<String> awaitLine(ImapWire wire, String expected, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> lines = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError("no '" + expected + "' within " + within + ": " + lines);
            try {
                String line = wire.readLine(Duration.ofNanos(left));
                lines.add(line);
                if (line.equals(expected)) return lines;
                if (!line.startsWith("* ")) throw new AssertionError("unexpected " + line + " after " + lines);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no '" + expected + "' within " + within + ": " + lines);
            }
        }
    }
}
