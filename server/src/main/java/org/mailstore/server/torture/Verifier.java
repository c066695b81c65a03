package org.mailstore.server.torture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, with the load stopped and serve up again, that the store holds what the ledger says: every acknowledged
 * message at its mailbox and announced UID with its size, flags and (once, after the crash that followed its
 * acknowledgement) its exact bytes; no Message-ID twice in an account; no UID naming two messages across trials; no
 * message nobody stored; UIDNEXT and HIGHESTMODSEQ not below what any client saw. Resolves what a crash left
 * uncertain to the outcome found, so that later trials hold it to that.
 */
final class Verifier {
    static final List<String> MAILBOXES = List.of("INBOX", Ledger.MOVE_TARGET);
    static final int BODY_BATCH = 50;
    /** Room for the trace fields LMTP delivery adds above the message. */
    static final int MAX_TRACE_BYTES = 2048;

    private record Found(String mailbox, long uid, long size, boolean flagged) {}

    /** What each UID named when first seen, per account, mailbox and UIDVALIDITY: a UID never names another message. */
    private final Map<String, String> uidNames = new HashMap<>();
    private final Ledger ledger;

    Verifier(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Verifies one account; failures go into the ledger. Returns the number of messages whose bytes it compared. */
    int verify(InetSocketAddress imap, String account) throws IOException {
        try (ImapClient c = ImapClient.login(imap, account, ImapDriver.PASSWORD)) {
            Map<String, Found> found = new HashMap<>();
            for (String mailbox : MAILBOXES) list(c, account, mailbox, found);
            List<Ledger.Entry> toRead = new ArrayList<>();
            for (Ledger.Entry e : ledger.entries(account)) {
                ledger.update(() -> check(e, found.remove(e.messageId), toRead));
            }
            for (String unknown : found.keySet()) ledger.fail("a message no client stored: " + unknown + " in " + account);
            return compareBytes(c, toRead);
        }
    }

    private void list(ImapClient c, String account, String mailbox, Map<String, Found> found) throws IOException {
        MailboxReader.Selected s = MailboxReader.select(c, mailbox);
        ledger.sawMailbox(account, mailbox, s.uidValidity(), s.uidNext(), s.highestModseq());
        if (s.exists() == 0) return;
        for (MailboxReader.Listed m : MailboxReader.list(c, "1:*")) {
            String where = account + "/" + mailbox;
            if (m.uid() >= s.uidNext()) ledger.fail(where + ": uid " + m.uid() + " not below UIDNEXT " + s.uidNext());
            String named = uidNames.putIfAbsent(where + "/" + s.uidValidity() + "/" + m.uid(), m.messageId());
            if (named != null && !named.equals(m.messageId())) {
                ledger.fail(where + ": uid " + m.uid() + " named " + named + " and now " + m.messageId());
            }
            Found previous = found.put(m.messageId(), new Found(mailbox, m.uid(), m.size(), m.flagged()));
            if (previous != null) {
                ledger.fail(account + ": " + m.messageId() + " twice, " + previous.mailbox() + " uid " + previous.uid()
                        + " and " + mailbox + " uid " + m.uid());
            }
        }
    }

    /** Runs under the ledger's lock. */
    private void check(Ledger.Entry e, Found f, List<Ledger.Entry> toRead) {
        switch (e.state) {
            case PRESENT -> {
                if (f == null) ledger.fail("LOST: acknowledged " + e);
                else if (!f.mailbox().equals(e.mailbox)) ledger.fail("acknowledged " + e + " found in " + f.mailbox());
                else if (e.uid != 0 && e.uid != f.uid()) ledger.fail("acknowledged " + e + " found at uid " + f.uid());
                else settle(e, f, toRead);
            }
            case UNCERTAIN -> {
                if (f == null) e.state = Ledger.State.DROPPED;
                else if (!f.mailbox().equals(e.mailbox)) ledger.fail("unacknowledged " + e + " found in " + f.mailbox());
                else settle(e, f, toRead);
            }
            case MOVING -> {
                if (f == null) ledger.fail("LOST while moving: " + e);
                else if (f.mailbox().equals(e.mailbox) && f.uid() == e.uid) settle(e, f, toRead);
                else if (f.mailbox().equals(Ledger.MOVE_TARGET)) {
                    e.mailbox = Ledger.MOVE_TARGET;
                    e.uid = f.uid();
                    settle(e, f, toRead);
                } else ledger.fail("moving " + e + " found in " + f.mailbox() + " uid " + f.uid());
            }
            case EXPUNGING -> {
                if (f == null) e.state = Ledger.State.EXPUNGED;
                else if (f.mailbox().equals(e.mailbox) && f.uid() == e.uid) settle(e, f, toRead);
                else ledger.fail("expunging " + e + " found in " + f.mailbox() + " uid " + f.uid());
            }
            case EXPUNGED, DROPPED -> {
                if (f != null) ledger.fail("came back: " + e + " found in " + f.mailbox() + " uid " + f.uid());
            }
        }
    }

    private void settle(Ledger.Entry e, Found f, List<Ledger.Entry> toRead) {
        e.state = Ledger.State.PRESENT;
        e.uid = f.uid();
        long added = f.size() - e.size;
        if (added < 0 || added > (e.traced ? MAX_TRACE_BYTES : 0)) ledger.fail("size " + f.size() + " for " + e.size + " bytes sent: " + e);
        if (e.flagged && !f.flagged()) ledger.fail("\\Flagged set with OK is gone: " + e);
        if (!e.contentVerified) toRead.add(e);
    }

    private int compareBytes(ImapClient c, List<Ledger.Entry> toRead) throws IOException {
        Map<String, List<Ledger.Entry>> byMailbox = new HashMap<>();
        for (Ledger.Entry e : toRead) byMailbox.computeIfAbsent(e.mailbox, m -> new ArrayList<>()).add(e);
        for (Map.Entry<String, List<Ledger.Entry>> m : byMailbox.entrySet()) {
            MailboxReader.select(c, m.getKey());
            List<Ledger.Entry> entries = m.getValue();
            for (int i = 0; i < entries.size(); i += BODY_BATCH) {
                List<Ledger.Entry> batch = entries.subList(i, Math.min(entries.size(), i + BODY_BATCH));
                StringBuilder set = new StringBuilder();
                for (Ledger.Entry e : batch) set.append(set.isEmpty() ? "" : ",").append(e.uid);
                Map<Long, byte[]> bodies = MailboxReader.bodies(c, set.toString());
                for (Ledger.Entry e : batch) {
                    byte[] body = bodies.get(e.uid);
                    if (body == null) ledger.fail("no body for " + e);
                    else if (!sameBytes(e, body)) ledger.fail("CORRUPT: bytes differ for " + e);
                    else ledger.update(() -> e.contentVerified = true);
                }
            }
        }
        return toRead.size();
    }

    /** The client's bytes exactly, below nothing but whole header lines for an LMTP delivery. */
    static boolean sameBytes(Ledger.Entry e, byte[] stored) {
        int prefix = stored.length - e.size;
        if (prefix < 0 || (!e.traced && prefix != 0)) return false;
        byte[] sent = java.util.Arrays.copyOfRange(stored, prefix, stored.length);
        if (!TortureMessage.sha256(sent).equals(e.sha256)) return false;
        String trace = new String(stored, 0, prefix, java.nio.charset.StandardCharsets.ISO_8859_1);
        return trace.isEmpty() || trace.matches("(?s)([A-Za-z-]+:[^\\r\\n]*\\r\\n([ \\t][^\\r\\n]*\\r\\n)*)+");
    }
}
