package org.mailstore.imapd;

import java.io.IOException;
import org.mailstore.imapd.command.SequenceSet;
import org.mailstore.store.CopyResult;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.StoreException;

/** COPY, MOVE and their UID forms (RFC 9051 §6.4.7, RFC 6851, RFC 4315 COPYUID). */
final class CopyCommand {
    private CopyCommand() {}

    static String copy(ImapSession s, boolean uid, SequenceSet set, String mailbox, boolean move) throws IOException, BadCommandException {
        SelectedMailbox box = s.selected;
        String name = (uid ? "UID " : "") + (move ? "MOVE" : "COPY");
        if (move && box.readOnly) return "NO [READ-ONLY] The mailbox is open read-only.";
        long[] uids = box.resolve(set, uid);
        MailboxInfo destination = s.store.mailboxes().find(s.account, s.storeName(mailbox))
                .orElseThrow(() -> new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "Mailbox doesn't exist: " + EchoText.of(mailbox)));
        if (uids.length == 0) return "OK " + name + " completed.";
        CopyResult r = move
                ? s.store.messages().move(s.account, box.id, FetchCommand.boxed(uids), destination.id())
                : s.store.messages().copy(s.account, box.id, FetchCommand.boxed(uids), destination.id());
        if (destination.id() == box.id) box.mustCheck.set(true);
        String code = "";
        if (!r.sourceUids().isEmpty()) {
            String[] sets = Responses.pairedSets(r.sourceUids(), r.destinationUids());
            code = "[COPYUID " + r.destinationUidValidity() + " " + sets[0] + " " + sets[1] + "] ";
        }
        if (!move) return "OK " + code + name + " completed.";
        if (!code.isEmpty()) s.send("* OK " + code + "Moved.");
        MailboxUpdates.expunged(s, box, r.sourceUids().stream().mapToLong(Long::longValue).toArray());
        box.mustCheck.set(true); // as after EXPUNGE: learn the MODSEQ the move took

        return "OK " + name + " completed.";
    }
}
