package org.mailstore.imapd;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.mailstore.store.Account;
import org.mailstore.store.MailStore;
import org.mailstore.store.Recipient;

/**
 * The messages every protocol script's account starts with in INBOX, UIDs 1 to 3. Their exact bytes are spelled
 * out here so scripts can assert exact sizes and lines.
 */
final class Samples {
    static final Instant DATE = Instant.parse("2026-11-25T10:00:00Z");

    /** UID 1: plain text, 158 bytes, header 146 bytes. */
    static final String SIMPLE = "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: simple\r\n"
            + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <simple@example.org>\r\n\r\nHello Bob.\r\n";

    /** UID 2: a reply from Carol, 164 bytes. */
    static final String REPLY = "From: Carol <carol@example.org>\r\nTo: bob@example.org\r\nSubject: Re: lunch\r\n"
            + "Date: Thu, 26 Nov 2026 12:30:00 +0000\r\nMessage-ID: <reply@example.org>\r\n\r\nTuesday works.\r\n";

    /** UID 3: multipart/mixed with a text part and an attachment, 393 bytes, header 211 bytes. */
    static final String MULTIPART = "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: report\r\n"
            + "Date: Fri, 27 Nov 2026 08:00:00 +0000\r\nMessage-ID: <report@example.org>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee attached.\r\n"
            + "--b1\r\nContent-Type: text/csv; name=\"r.csv\"\r\nContent-Disposition: attachment; filename=\"r.csv\"\r\n\r\na,b\r\n1,2\r\n"
            + "--b1--\r\n";

    static final List<String> ALL = List.of(SIMPLE, REPLY, MULTIPART);

    private Samples() {}

    static void fill(MailStore store, Account account) {
        for (String m : ALL) {
            var outcome = store.delivery().deliver(bytes(m), List.of(new Recipient(account.address())), DATE).getFirst();
            if (!outcome.delivered()) throw outcome.failure();
        }
    }

    static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
