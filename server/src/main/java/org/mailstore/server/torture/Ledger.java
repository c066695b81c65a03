package org.mailstore.server.torture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the torture's clients were told, per account and Message-ID: where each message must be (mailbox and, once
 * announced by APPENDUID, COPYUID or a first FETCH, its UID), its SHA-256, and whether an operation on it was cut off
 * by a crash, so that either outcome is accepted. Also the highest UIDNEXT and HIGHESTMODSEQ any client saw, which
 * must never go back. Thread-safe: the drivers and the verifier share one ledger.
 */
final class Ledger {
    /** What the clients know of one message. */
    enum State {
        /** Sent, but the acknowledgement was never read: may or may not be stored. */
        UNCERTAIN,
        /** Acknowledged: must be in {@code mailbox} (at {@code uid} once known). */
        PRESENT,
        /** A MOVE was sent but its answer never read: at its old place, or in {@code MOVE_TARGET}. */
        MOVING,
        /** An expunge was sent but its answer never read: at its place, or gone. */
        EXPUNGING,
        /** Expunged with OK: must never come back. */
        EXPUNGED,
        /** Was uncertain and found absent after the crash: must never appear later. */
        DROPPED
    }

    /** One message in one account; fields change under the ledger's lock. */
    static final class Entry {
        final String account;
        final String messageId;
        final String sha256;
        final int size;
        final int trial;
        /** Delivered by LMTP, which puts trace fields (Return-Path, Received) above the client's bytes. */
        final boolean traced;
        String mailbox;
        long uid;
        State state;
        boolean flagged;
        boolean contentVerified;

        Entry(String account, String mailbox, TortureMessage message, int trial, boolean traced) {
            this.account = account;
            this.messageId = message.messageId();
            this.sha256 = message.sha256();
            this.size = message.bytes().length;
            this.trial = trial;
            this.traced = traced;
            this.mailbox = mailbox;
            this.state = State.UNCERTAIN;
        }

        @Override
        public String toString() {
            return messageId + " in " + account + "/" + mailbox + " uid " + uid + " (" + state + ", trial " + trial + ")";
        }
    }

    /** The highest values a client saw for one mailbox. */
    record MailboxHigh(long uidValidity, long uidNext, long highestModseq) {}

    static final String MOVE_TARGET = "Archive";

    private final Map<String, Map<String, Entry>> accounts = new HashMap<>();
    private final Map<String, MailboxHigh> highs = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private long acknowledged;

    /** A message about to be sent: uncertain until its acknowledgement is read. */
    synchronized Entry sending(String account, String mailbox, TortureMessage message, int trial, boolean traced) {
        Entry e = new Entry(account, mailbox, message, trial, traced);
        Entry previous = accounts.computeIfAbsent(account, a -> new HashMap<>()).put(message.messageId(), e);
        if (previous != null) throw new IllegalStateException("message id reused: " + message.messageId());
        return e;
    }

    synchronized void acknowledged(Entry e, long uid) {
        e.state = State.PRESENT;
        if (uid > 0) announce(e, uid);
        acknowledged++;
    }

    synchronized void flagged(Entry e) {
        e.flagged = true;
    }

    synchronized void moving(Entry e) {
        e.state = State.MOVING;
    }

    synchronized void moved(Entry e, long newUid) {
        e.state = State.PRESENT;
        e.mailbox = MOVE_TARGET;
        e.uid = newUid;
    }

    synchronized void expunging(Entry e) {
        e.state = State.EXPUNGING;
    }

    synchronized void expunged(Entry e) {
        e.state = State.EXPUNGED;
    }

    /** A client saw {@code messageId} at {@code uid} in {@code mailbox}: its first sighting announces the UID. */
    synchronized Entry observed(String account, String mailbox, long uid, String messageId) {
        Entry e = entry(account, messageId);
        if (e == null) {
            fail("a message no client stored: " + messageId + " at " + account + "/" + mailbox + " uid " + uid);
            return null;
        }
        if (e.state == State.PRESENT && e.mailbox.equals(mailbox)) {
            if (e.uid == 0) announce(e, uid);
            else if (e.uid != uid) fail("UID changed: " + e + " now seen at uid " + uid);
        }
        return e;
    }

    private void announce(Entry e, long uid) {
        e.uid = uid;
    }

    /** A client saw these mailbox values; none may be below what any client saw before. */
    synchronized void sawMailbox(String account, String mailbox, long uidValidity, long uidNext, long highestModseq) {
        String key = account + "/" + mailbox;
        MailboxHigh before = highs.get(key);
        if (before != null) {
            if (before.uidValidity() != uidValidity) {
                fail(key + ": UIDVALIDITY changed from " + before.uidValidity() + " to " + uidValidity);
            } else {
                if (uidNext < before.uidNext()) fail(key + ": UIDNEXT went back from " + before.uidNext() + " to " + uidNext);
                if (highestModseq < before.highestModseq()) {
                    fail(key + ": HIGHESTMODSEQ went back from " + before.highestModseq() + " to " + highestModseq);
                }
            }
        }
        highs.put(key, new MailboxHigh(uidValidity, Math.max(uidNext, before == null ? 0 : before.uidNext()),
                Math.max(highestModseq, before == null ? 0 : before.highestModseq())));
    }

    synchronized Entry entry(String account, String messageId) {
        Map<String, Entry> m = accounts.get(account);
        return m == null ? null : m.get(messageId);
    }

    /** A copy of the account's entries, for the verifier. */
    synchronized List<Entry> entries(String account) {
        Map<String, Entry> m = accounts.get(account);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    /** Runs {@code change} under the ledger's lock (the verifier resolving uncertain entries). */
    synchronized void update(Runnable change) {
        change.run();
    }

    synchronized void fail(String failure) {
        failures.add(failure);
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    synchronized long acknowledgedCount() {
        return acknowledged;
    }

    synchronized long count(Collection<State> states) {
        return accounts.values().stream().flatMap(m -> m.values().stream()).filter(e -> states.contains(e.state)).count();
    }
}
