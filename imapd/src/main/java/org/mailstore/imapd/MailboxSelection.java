package org.mailstore.imapd;

import java.io.IOException;
import java.util.Optional;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.net.EchoText;
import org.mailstore.store.KnownMailbox;
import org.mailstore.store.MailboxSnapshot;
import org.mailstore.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SELECT, EXAMINE, CLOSE and UNSELECT: entering and leaving the selected state (RFC 9051 §6.3.2, §6.4.2, RFC 3691). */
final class MailboxSelection {
    private static final Logger log = LoggerFactory.getLogger(MailboxSelection.class);

    private MailboxSelection() {}

    static String select(ImapSession s, ImapCommand.Select c) throws IOException {
        SelectedMailbox previous = s.selected;
        if (s.selected != null) {
            s.selected = null;
            s.state = SessionState.AUTHENTICATED;
            if (s.imap4rev2 || s.qresync) s.send("* OK [CLOSED] Previous mailbox is now closed.");
        }
        // RFC 7162 §3.2.5: the QRESYNC parameter without ENABLE QRESYNC is BAD
        if (c.qresync().isPresent() && !s.qresync) return "BAD QRESYNC parameter without ENABLE QRESYNC.";
        String name = s.storeName(c.mailbox());
        // Selecting the selected mailbox again (clients do, to refresh it) starts from what the session knows.
        KnownMailbox known = previous != null && previous.name.equals(name) ? previous.known() : null;
        Optional<MailboxSnapshot> found = s.store.mailboxes().select(s.account, name, !c.readOnly(), known);
        if (found.isEmpty()) return "NO [NONEXISTENT] Mailbox doesn't exist: " + EchoText.of(c.mailbox(), ImapErrors.MAX_ECHOED_CHARS);
        MailboxSnapshot snap = found.get();
        SelectedMailbox box = new SelectedMailbox(snap.id(), snap.name(), c.readOnly(), snap.uidValidity(), snap.uids(), snap.highestModseq());
        box.learnKeywords(snap.keywords());
        long recent;
        if (c.readOnly()) {
            recent = box.uids.countUidRange(snap.recentFrom(), snap.recentTo());
        } else {
            box.claimRecent(snap.recentFrom(), snap.recentTo());
            recent = box.recentCount();
        }
        s.send("* FLAGS " + box.flagList());
        s.send("* " + box.uids.count() + " EXISTS");
        if (s.imap4rev2) {
            s.out.atom("* LIST () \"/\" ").string(s.wireName(snap.name())).crlf();
        } else {
            s.send("* " + recent + " RECENT");
            int firstUnseen = snap.firstUnseenUid() == 0 ? 0 : box.uids.seq(snap.firstUnseenUid());
            if (firstUnseen > 0) s.send("* OK [UNSEEN " + firstUnseen + "] First unseen.");
        }
        s.send("* OK [UIDVALIDITY " + snap.uidValidity() + "] UIDs valid.");
        s.send("* OK [UIDNEXT " + snap.uidNext() + "] Predicted next UID.");
        s.send("* OK [PERMANENTFLAGS " + box.permanentFlagList() + "] Flags permitted.");
        s.send("* OK [MAILBOXID (" + ObjectIds.mailboxId(snap.id(), snap.uidValidity()) + ")] Ok");
        // Every mailbox keeps MODSEQs, so never NOMODSEQ; sent to every client once CONDSTORE is on (RFC 7162 §3.1.2.1).
        if (c.condstore()) s.condstore = true;
        if (s.condstore) s.send("* OK [HIGHESTMODSEQ " + snap.highestModseq() + "] Highest");
        if (c.qresync().isPresent() && c.qresync().get().uidValidity() == snap.uidValidity()) Resync.report(s, box, c.qresync().get());
        s.selected = box;
        s.state = SessionState.SELECTED;
        log.info("{} {} {} ({} messages)", s.account.address(), c.readOnly() ? "examined" : "selected", snap.name(), box.uids.count());
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
