package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;

/**
 * DESIGN.md invariant 3 through IMAP: with the blob tree renamed away, everything but body content still works
 * (SELECT, STATUS, LIST, SEARCH on flags, dates, sizes and headers, FETCH of FLAGS, ENVELOPE, BODYSTRUCTURE and
 * header fields, STORE), and body content is NO [UNAVAILABLE] with the session going on.
 */
class ListingWithoutBlobTreeTest {
    @Test
    void listingNeedsNoBlob() throws Exception {
        try (LiveServer server = LiveServer.start()) {
            Account a = server.fixture.account("noblobs@example.org");
            Samples.fill(server.fixture.store, a);
            Path blobs = server.fixture.blobDir;
            Path away = blobs.resolveSibling("blobs-away");
            Files.move(blobs, away);
            try (ImapClient c = new ImapClient(server.address())) {
                c.login(a.address());
                ok(c, "a SELECT INBOX");
                ok(c, "b STATUS Sent (MESSAGES UNSEEN SIZE)");
                ok(c, "c LIST \"\" *");
                assertEquals(List.of("* SEARCH 2 3"), ok(c, "d SEARCH UNSEEN SINCE 1-Jan-2026 LARGER 160 OR FROM carol SUBJECT report"));
                List<String> rows = ok(c, "e FETCH 1:3 (FLAGS UID RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE "
                        + "BODY.PEEK[HEADER.FIELDS (From To Cc Subject Date Message-ID References In-Reply-To Content-Type)])");
                // Per message: the FETCH line, its header fields (5, 5 and 6), the blank line, and ")".
                assertEquals(8 + 8 + 9, rows.size(), String.join("\n", rows));
                assertTrue(rows.getFirst().startsWith("* 1 FETCH (FLAGS (\\Recent) UID 1 RFC822.SIZE 158 INTERNALDATE "), rows.getFirst());
                ok(c, "f STORE 2 +FLAGS (\\Flagged)");
                c.send("g FETCH 1 BODY[]");
                assertEquals("g NO [UNAVAILABLE] Message content is unavailable right now.", c.readTagged("g"));
                c.send("h SEARCH BODY hello");
                assertEquals("h NO [UNAVAILABLE] Message content is unavailable right now.", c.readTagged("h"));
                ok(c, "i FETCH 1 FLAGS");
            } finally {
                Files.move(away, blobs);
            }
        }
    }

    /** Sends the command and returns its untagged lines; fails unless it completes with OK. */
    private static List<String> ok(ImapClient c, String command) throws IOException {
        String tag = command.substring(0, command.indexOf(' '));
        c.send(command);
        List<String> lines = new ArrayList<>();
        String line;
        while (!(line = c.readLine()).startsWith(tag + " ")) lines.add(line);
        assertTrue(line.startsWith(tag + " OK "), command + " -> " + line);
        return lines;
    }
}
