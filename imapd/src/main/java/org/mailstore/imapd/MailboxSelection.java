package org.mailstore.imapd;

import java.io.IOException;
import java.util.Optional;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MailboxStatus;
import org.mailstore.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SELECT, EXAMINE, CLOSE and UNSELECT: entering and leaving the selected state (RFC 9051 §6.3.2, §6.4.2, RFC 3691). */
final class MailboxSelection {
    private static final Logger log = LoggerFactory.getLogger(MailboxSelection.class);
    static final String PERMANENT_FLAGS = "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)";
    static final String FLAGS = "(\\Answered \\Flagged \\Deleted \\Seen \\Draft)";

    private MailboxSelection() {}

    static String select(ImapSession s, ImapCommand.Select c) throws IOException {
        if (s.selected != null) {
            s.selected = null;
            s.state = SessionState.AUTHENTICATED;
            if (s.imap4rev2) s.send("* OK [CLOSED] Previous mailbox is now closed.");
        }
        String name = s.storeName(c.mailbox());
        Optional<MailboxInfo> found = s.store.mailboxes().find(s.account, name);
        if (found.isEmpty()) return "NO [NONEXISTENT] Mailbox doesn't exist: " + EchoText.of(c.mailbox());
        MailboxInfo info = found.get();
        MailboxStatus status = s.store.mailboxes().status(s.account, info.id());
        long[] uids = s.store.messages().uids(s.account, info.id());
        SelectedMailbox box = new SelectedMailbox(info.id(), info.name(), c.readOnly(), status.uidValidity(), uids, status.highestModseq());
        long recent;
        if (c.readOnly()) {
            recent = status.recent();
        } else {
            long from = s.store.mailboxes().claimRecent(s.account, info.id());
            box.claimRecent(from, Math.max(status.uidNext(), box.uids.lastUid() + 1));
            recent = box.recentCount();
        }
        s.send("* FLAGS " + FLAGS);
        s.send("* " + box.uids.count() + " EXISTS");
        if (s.imap4rev2) {
            s.out.atom("* LIST () \"/\" ").string(s.wireName(info.name())).crlf();
        } else {
            s.send("* " + recent + " RECENT");
            int firstUnseen = status.firstUnseenUid() == 0 ? 0 : box.uids.seq(status.firstUnseenUid());
            if (firstUnseen > 0) s.send("* OK [UNSEEN " + firstUnseen + "] First unseen.");
        }
        s.send("* OK [UIDVALIDITY " + status.uidValidity() + "] UIDs valid.");
        s.send("* OK [UIDNEXT " + Math.max(status.uidNext(), box.uids.lastUid() + 1) + "] Predicted next UID.");
        s.send("* OK [PERMANENTFLAGS " + (c.readOnly() ? "()" : PERMANENT_FLAGS) + "] Flags permitted.");
        s.selected = box;
        s.state = SessionState.SELECTED;
        log.info("{} {} {} ({} messages)", s.account.address(), c.readOnly() ? "examined" : "selected", info.name(), box.uids.count());
        return (c.readOnly() ? "OK [READ-ONLY] EXAMINE" : "OK [READ-WRITE] SELECT") + " completed.";
    }

    /** CLOSE ({@code expunge}: removes \Deleted messages silently unless read-only) or UNSELECT. */
    static String close(ImapSession s, boolean expunge) {
        SelectedMailbox box = s.selected;
        s.selected = null;
        s.state = SessionState.AUTHENTICATED;
        if (expunge && !box.readOnly) {
            try {
                s.store.messages().expungeDeleted(s.account, box.id, null);
            } catch (StoreException e) {
                if (e.reason() != StoreException.Reason.NO_SUCH_MAILBOX) throw e;
            }
        }
        return expunge ? "OK CLOSE completed." : "OK UNSELECT completed.";
    }
}
