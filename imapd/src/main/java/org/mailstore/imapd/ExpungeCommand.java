package org.mailstore.imapd;

import java.io.IOException;
import java.util.List;
import org.mailstore.imapd.command.ImapCommand;

/** EXPUNGE and UID EXPUNGE (RFC 9051 §6.4.3, RFC 4315 §2.1). */
final class ExpungeCommand {
    private ExpungeCommand() {}

    static String expunge(ImapSession s, ImapCommand.Expunge c) throws IOException, BadCommandException {
        SelectedMailbox box = s.selected;
        String done = "OK " + (c.uids().isPresent() ? "UID EXPUNGE" : "EXPUNGE") + " completed.";
        if (box.readOnly) return "NO [READ-ONLY] The mailbox is open read-only.";
        List<Long> only = null;
        if (c.uids().isPresent()) {
            long[] uids = box.resolve(c.uids().get(), true);
            if (uids.length == 0) return done;
            only = FetchCommand.boxed(uids);
        }
        List<Long> removed = s.store.messages().expungeDeleted(s.account, box.id, only);
        MailboxUpdates.expunged(s, box, removed.stream().mapToLong(Long::longValue).sorted().toArray());
        // The store does not say which MODSEQ the expunge took; reading the mailbox's now lets the session's next
        // own STORE follow on directly, so it does not come back as an echo.
        if (!removed.isEmpty()) box.mustCheck.set(true);
        return done;
    }
}
