package org.mailstore.imapd;

import java.io.IOException;
import java.util.List;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.net.EchoText;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MailboxName;
import org.mailstore.store.MailboxStatus;
import org.mailstore.store.Mailboxes;
import org.mailstore.store.StoreException;

/**
 * CREATE (with RFC 6154 CREATE-SPECIAL-USE), DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE and STATUS (RFC 9051 §6.3, with
 * RFC 8438 SIZE, RFC 8474 MAILBOXID and RFC 7889 APPENDLIMIT).
 */
final class MailboxCommands {
    private MailboxCommands() {}

    static String create(ImapSession s, ImapCommand.Create c) {
        String name = s.storeName(c.mailbox());
        // RFC 9051 §6.3.4: a trailing delimiter says the client means to create children under it.
        while (name.length() > 1 && name.charAt(name.length() - 1) == MailboxName.DELIMITER) name = name.substring(0, name.length() - 1);
        String use = null;
        if (!c.specialUse().isEmpty()) {
            String refused = refusedSpecialUse(s, c.specialUse());
            if (refused != null) return ImapErrors.useAttribute(refused);
            use = c.specialUse().getFirst();
        }
        MailboxInfo created = s.store.mailboxes().create(s.account, name, use);
        return "OK [MAILBOXID (" + ObjectIds.mailboxId(created.id(), created.uidValidity()) + ")] CREATE completed.";
    }

    /**
     * Why CREATE-SPECIAL-USE (RFC 6154 §3) cannot give these attributes, or null when it can: a mailbox has one
     * special use here, among those the store can create, and only one mailbox of the account may hold it (the store
     * checks that again in its transaction, so a concurrent CREATE that wins the race gets [CANNOT] instead).
     */
    private static String refusedSpecialUse(ImapSession s, List<String> uses) {
        if (uses.size() > 1) return "A mailbox can have only one special-use attribute here.";
        String use = uses.getFirst();
        if (!Mailboxes.CREATABLE_SPECIAL_USES.contains(use)) {
            return "Special-use attribute not supported: " + EchoText.of(use, ImapErrors.MAX_ECHOED_CHARS);
        }
        for (MailboxInfo m : s.store.mailboxes().list(s.account)) {
            if (use.equals(m.specialUse())) return use + " is already used by another mailbox.";
        }
        return null;
    }

    static String delete(ImapSession s, String wire) {
        String name = MailboxName.normalize(s.storeName(wire));
        s.store.mailboxes().delete(s.account, name);
        if (s.selected != null && s.selected.name.equals(name)) {
            s.selected = null;
            s.state = SessionState.AUTHENTICATED;
        }
        return "OK DELETE completed.";
    }

    static String rename(ImapSession s, String from, String to) {
        s.store.mailboxes().rename(s.account, s.storeName(from), s.storeName(to));
        return "OK RENAME completed.";
    }

    static String subscribe(ImapSession s, String wire, boolean subscribe) {
        String name = s.storeName(wire);
        if (subscribe) {
            s.store.mailboxes().subscribe(s.account, name);
            return "OK SUBSCRIBE completed.";
        }
        s.store.mailboxes().unsubscribe(s.account, name);
        return "OK UNSUBSCRIBE completed.";
    }

    static String status(ImapSession s, ImapCommand.Status c) throws IOException {
        MailboxInfo info = s.store.mailboxes().find(s.account, s.storeName(c.mailbox()))
                .orElseThrow(() -> new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "Mailbox doesn't exist: " + EchoText.of(c.mailbox(), ImapErrors.MAX_ECHOED_CHARS)));
        if (c.items().contains(ImapCommand.StatusItem.HIGHESTMODSEQ)) s.enableCondstore();
        writeStatus(s, info, c.items());
        return "OK STATUS completed.";
    }

    /** {@code * STATUS name (items)}, also sent by LIST-STATUS (RFC 5819). */
    static void writeStatus(ImapSession s, MailboxInfo info, List<ImapCommand.StatusItem> items) throws IOException {
        MailboxStatus st = s.store.mailboxes().status(s.account, info.id());
        s.out.atom("* STATUS ").string(s.wireName(info.name())).atom(" (");
        boolean first = true;
        for (ImapCommand.StatusItem item : items) {
            if (!first) s.out.sp();
            first = false;
            if (item == ImapCommand.StatusItem.MAILBOXID) {
                s.out.atom("MAILBOXID (").atom(ObjectIds.mailboxId(info.id(), info.uidValidity())).atom(")");
                continue;
            }
            if (item == ImapCommand.StatusItem.APPENDLIMIT) {
                // the one server-wide limit (RFC 7889 §3); NIL where it does not fit an IMAP number
                long limit = s.settings.maxAppendBytes();
                s.out.atom("APPENDLIMIT ").atom(limit <= ImapSession.MAX_IMAP_NUMBER ? Long.toString(limit) : "NIL");
                continue;
            }
            s.out.atom(item.name()).sp().number(switch (item) {
                case MAILBOXID, APPENDLIMIT -> throw new IllegalStateException("written above");
                case MESSAGES -> st.messages();
                case RECENT -> st.recent();
                case UIDNEXT -> st.uidNext();
                case UIDVALIDITY -> st.uidValidity();
                case UNSEEN -> st.unseen();
                case DELETED -> st.deleted();
                case SIZE -> st.size();
                case HIGHESTMODSEQ -> st.highestModseq();
            });
        }
        s.out.atom(")").crlf();
    }
}
