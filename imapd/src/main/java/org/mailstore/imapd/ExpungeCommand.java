package org.mailstore.imapd;

import java.io.IOException;
import java.util.List;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.store.ExpungeResult;

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
        ExpungeResult removed = s.store.messages().expunge(s.account, box.id, only);
        MailboxUpdates.expunged(s, box, removed.uids().stream().mapToLong(Long::longValue).sorted().toArray());
        if (removed.uids().isEmpty()) return done;
        // When the expunge's MODSEQ directly follows what the session knew, nothing else happened in between: the
        // session knows the mailbox up to it without reading it back. Otherwise the next report reads what it missed.
        if (removed.modseq() == box.knownModseq() + 1) {
            box.knownModseq(removed.modseq());
        } else {
            box.mustCheck.set(true);
        }
        return done;
    }
}
