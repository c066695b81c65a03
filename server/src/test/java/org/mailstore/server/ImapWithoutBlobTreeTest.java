package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * DESIGN.md invariant 3 through the IMAP server: with the blob directory renamed away, everything a client lists
 * (SELECT, STATUS, SEARCH on flags, dates, sizes and headers, FETCH of FLAGS, ENVELOPE, BODYSTRUCTURE and header
 * fields) still works from PostgreSQL; only message content fails, cleanly, and the session goes on.
 */
class ImapWithoutBlobTreeTest {
    static final String USER = "noblobs@example.org";
    static final String ALPHA = "From: Alice <alice@example.org>\r\nTo: noblobs@example.org\r\nSubject: alpha report\r\n"
            + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <alpha@example.org>\r\n\r\nalpha body\r\n";
    static final String BETA = "From: Bob <bob@example.org>\r\nTo: noblobs@example.org\r\nSubject: beta\r\n"
            + "Date: Wed, 25 Nov 2026 11:00:00 +0000\r\nMessage-ID: <beta@example.org>\r\n\r\n" + "beta body\r\n".repeat(50);

    @TempDir
    Path dir;

    @Test
    void listingSearchingAndHeaderFetchesNeedNoBlob() throws Exception {
        Path data = dir.resolve("data");
        try (ImapServe serve = ImapServe.start(dir, ImapServe.env(TestDatabase.freshEmpty(), data, "noblobs"))) {
            serve.addAccount(USER, "pw");
            LmtpWire.deliver(serve.lmtp, USER, ALPHA);
            LmtpWire.deliver(serve.lmtp, USER, BETA);
            try (ImapWire w = ImapWire.login(serve.imap, USER, "pw")) {
                w.ok("SELECT INBOX");
                w.ok("STORE 2 +FLAGS.SILENT (\\Flagged \\Seen)");
            }
            Path blobs = data.resolve("blobs");
            Files.move(blobs, data.resolve("blobs-away"));

            try (ImapWire w = ImapWire.login(serve.imap, USER, "pw")) {
                assertTrue(w.ok("SELECT INBOX").contains("* 2 EXISTS"));
                assertEquals(List.of("* STATUS \"Archive\" (MESSAGES 0 UNSEEN 0)"), w.ok("STATUS Archive (MESSAGES UNSEEN)"));
                assertEquals(List.of("* SEARCH 2"), w.ok("SEARCH FLAGGED"));
                assertEquals(List.of("* SEARCH 1"), w.ok("SEARCH UNSEEN"));
                assertEquals(List.of("* SEARCH 1 2"), w.ok("SEARCH SINCE 1-Jan-2020"));
                // LMTP prepends Return-Path and Received, so the stored size is the server's to say.
                String size = w.ok("FETCH 1 RFC822.SIZE").getFirst().replaceAll("^\\* 1 FETCH \\(RFC822\\.SIZE (\\d+)\\)$", "$1");
                assertEquals(List.of("* SEARCH 2"), w.ok("SEARCH LARGER " + size));
                assertEquals(List.of("* SEARCH 1"), w.ok("SEARCH SMALLER " + (Long.parseLong(size) + 1)));
                assertEquals(List.of("* SEARCH 1"), w.ok("SEARCH SUBJECT \"ALPHA\""));
                assertEquals(List.of("* SEARCH 2"), w.ok("SEARCH FROM bob SENTON 25-Nov-2026"));
                assertEquals(List.of("* SEARCH 1"), w.ok("UID SEARCH HEADER Message-ID alpha@"));

                List<String> fetched = w.ok("FETCH 1:2 (FLAGS ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (Subject From)])");
                assertEquals(2, fetched.size(), fetched.toString());
                assertTrue(fetched.get(0).startsWith("* 1 FETCH ("), fetched.get(0));
                assertTrue(fetched.get(0).contains("\"alpha report\""), fetched.get(0));
                assertTrue(fetched.get(0).contains("From: Alice <alice@example.org>\r\nSubject: alpha report\r\n\r\n"), fetched.get(0));
                assertTrue(fetched.get(1).contains("\\Flagged"), fetched.get(1));
                assertTrue(fetched.get(1).contains("(\"text\" \"plain\""), fetched.get(1));

                List<String> text = w.command("FETCH 1 BODY.PEEK[TEXT]");
                assertTrue(text.getLast().matches("a\\d+ NO .*"), "content is unavailable, said so: " + text);
                w.ok("NOOP");

                Files.move(data.resolve("blobs-away"), blobs);
                List<String> back = w.ok("FETCH 1 BODY.PEEK[TEXT]");
                assertEquals(List.of("* 1 FETCH (BODY[TEXT] {12}\r\nalpha body\r\n)"), back);
            }
        }
    }
}
