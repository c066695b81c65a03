package org.mailstore.pop3d;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.mailstore.store.Account;
import org.mailstore.store.Flags;
import org.mailstore.store.MailStore;
import org.mailstore.store.Recipient;

/**
 * The three messages every protocol script's account starts with, in INBOX order. Their exact
 * bytes are spelled out here so the scripts can assert exact sizes and lines.
 */
final class Samples {
    static final Instant DATE = Instant.parse("2026-11-25T10:00:00Z");

    /** Message 1: plain, CRLF, 158 bytes. */
    static final String SIMPLE = "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: simple\r\n"
            + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <simple@example.org>\r\n\r\nHello Bob.\r\n";

    /** Message 2: body lines that start with dots, for byte-stuffing and TOP; 202 bytes. */
    static final String DOTS = "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: dots\r\n"
            + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <dots@example.org>\r\n\r\n"
            + "line one\r\n.\r\n..two dots\r\n.leading dot\r\nline five\r\nline six\r\n";

    /**
     * Message 3: bare LF line ends and no final line end. Delivery would store CRLF, so this one
     * is appended (IMAP APPEND keeps a literal byte for byte) to prove RETR converts on the way out; 87 bytes.
     */
    static final String BARE_LF = "From: Carol <carol@example.org>\nTo: bob@example.org\nSubject: bare\n\nfirst\n.dot\nlast line";

    static final List<String> ALL = List.of(SIMPLE, DOTS, BARE_LF);

    private Samples() {}

    static void fill(MailStore store, Account account) {
        for (String m : List.of(SIMPLE, DOTS)) {
            var outcome = store.delivery().deliver(bytes(m), List.of(new Recipient(account.address())), DATE).getFirst();
            if (!outcome.delivered()) throw outcome.failure();
        }
        store.messages().append(account, "INBOX", bytes(BARE_LF), Flags.NONE, DATE);
    }

    static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
