package org.mailstore.lmtpd;

import java.util.ArrayList;
import java.util.List;
import org.mailstore.store.Recipient;

/** One mail transaction: from MAIL to the end of the message, RSET, or a new LHLO. */
final class Transaction {
    private final String reversePath;
    private final long sizeHint;
    private final List<Recipient> recipients = new ArrayList<>();

    Transaction(String reversePath, long sizeHint) {
        this.reversePath = reversePath;
        this.sizeHint = sizeHint;
    }

    String reversePath() {
        return reversePath;
    }

    /** The SIZE the client declared, 0 when it declared none (the store's RCPT check takes 0 as unknown). */
    long sizeHint() {
        return sizeHint;
    }

    void accept(Recipient r) {
        recipients.add(r);
    }

    List<Recipient> recipients() {
        return List.copyOf(recipients);
    }

    int recipientCount() {
        return recipients.size();
    }
}
