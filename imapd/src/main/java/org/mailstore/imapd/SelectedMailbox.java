package org.mailstore.imapd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.mailstore.imapd.command.SequenceSet;
import org.mailstore.store.Flags;
import org.mailstore.store.KnownMailbox;

/**
 * What one session knows of the mailbox it has selected: the {@link UidMap} behind sequence numbers, which UIDs
 * are \Recent for this session, the MODSEQ up to which it has told the client about changes, expunges it could not
 * report yet (RFC 9051 §7.5.1 forbids EXPUNGE during FETCH, STORE and SEARCH), and the SEARCHRES result
 * ({@code $}, RFC 5182). Nothing here grows with the mailbox except the UID map.
 *
 * <p>Only the session's thread (or, during IDLE, the thread it handed over to) touches this object; the change
 * listener only records what it heard, through {@link #notified} and {@link #mustCheck}.
 */
final class SelectedMailbox {
    /** The storable system flags, in the order FLAGS lists them. */
    static final List<String> SYSTEM_FLAGS = List.of(Flags.ANSWERED, Flags.FLAGGED, Flags.DELETED, Flags.SEEN, Flags.DRAFT);
    final long id;
    final String name;
    final boolean readOnly;
    final long uidValidity;
    final UidMap uids;
    /** The highest MODSEQ a change notification announced for this mailbox. */
    private final AtomicLong notified = new AtomicLong();
    /** Whether an expunge was announced since the session last read changes: only then are expunges read. */
    final AtomicBoolean expungeNotified = new AtomicBoolean();
    /** Raised when notifications may have been missed or the mailbox itself changed: read its state to know. */
    final AtomicBoolean mustCheck = new AtomicBoolean();

    /** [from, to) UID ranges this session claimed as \Recent. */
    private final List<long[]> recent = new ArrayList<>();
    private long knownModseq;
    private long[] pendingExpunges = new long[0];
    private long[] saved = new long[0];
    /** Keywords the client has been told of in FLAGS, at most {@link Flags#MAX_KEYWORDS}. */
    private final Set<String> keywords = new TreeSet<>();

    SelectedMailbox(long id, String name, boolean readOnly, long uidValidity, long[] uids, long knownModseq) {
        this.id = id;
        this.name = name;
        this.readOnly = readOnly;
        this.uidValidity = uidValidity;
        this.uids = new UidMap(uids);
        this.knownModseq = knownModseq;
    }

    /** Notes keywords the client is told of; true when one of {@code seen} was new (and there was room for it). */
    boolean learnKeywords(Collection<String> seen) {
        boolean added = false;
        for (String k : seen) {
            if (keywords.size() >= Flags.MAX_KEYWORDS) break;
            added |= keywords.add(k);
        }
        return added;
    }

    /** FLAGS: the system flags and the keywords known, e.g. {@code (\Answered ... \Draft $Work)}. */
    String flagList() {
        return list(false);
    }

    /** PERMANENTFLAGS: nothing read-only; else the flag list and \* (new keywords may be created). */
    String permanentFlagList() {
        return readOnly ? "()" : list(true);
    }

    private String list(boolean wildcard) {
        StringBuilder b = new StringBuilder("(");
        for (String f : SYSTEM_FLAGS) b.append(f).append(' ');
        for (String k : keywords) b.append(k).append(' ');
        if (wildcard) b.append("\\* ");
        b.setCharAt(b.length() - 1, ')');
        return b.toString();
    }

    /** Called by the change listener's thread. */
    void notified(long highestModseq) {
        notified.accumulateAndGet(highestModseq, Math::max);
    }

    long notifiedModseq() {
        return notified.get();
    }

    long knownModseq() {
        return knownModseq;
    }

    void knownModseq(long modseq) {
        knownModseq = Math.max(knownModseq, modseq);
    }

    /**
     * What this session knows of the mailbox, offered when the client selects it again: the UIDs it holds less the
     * expunges it has read but not yet reported (they are at or below the known MODSEQ, so would not be read again).
     */
    KnownMailbox known() {
        long[] held = uids.toArray();
        if (pendingExpunges.length > 0) held = Arrays.stream(held).filter(u -> Arrays.binarySearch(pendingExpunges, u) < 0).toArray();
        return new KnownMailbox(id, uidValidity, knownModseq, held);
    }

    void claimRecent(long fromUid, long toUidExclusive) {
        if (fromUid < toUidExclusive) recent.add(new long[] {fromUid, toUidExclusive});
    }

    boolean isRecent(long uid) {
        for (long[] r : recent) if (uid >= r[0] && uid < r[1]) return true;
        return false;
    }

    /** Claimed ranges never overlap (each claim starts where the mailbox's recent mark was), so counts add up. */
    int recentCount() {
        int c = 0;
        for (long[] r : recent) c += uids.countUidRange(r[0], r[1]);
        return c;
    }

    /** Expunges another session made that this one has not reported yet, ascending. */
    long[] pendingExpunges() {
        return pendingExpunges;
    }

    void pendingExpunges(long[] ascending) {
        pendingExpunges = ascending;
    }

    long[] saved() {
        return saved;
    }

    void saved(long[] ascendingUids) {
        saved = ascendingUids;
    }

    /**
     * The UIDs a sequence set names, ascending and distinct. Message numbers must exist (BAD otherwise); UIDs that
     * do not exist are skipped, as RFC 9051 §6.4.9 asks. {@code *} in an empty mailbox names nothing.
     */
    long[] resolve(SequenceSet set, boolean uid) throws BadCommandException {
        BitSet marks = new BitSet(uids.count());
        if (set.saved()) {
            for (long u : saved) {
                int s = uids.seq(u);
                if (s > 0) marks.set(s - 1);
            }
        } else if (uid) {
            long last = uids.lastUid();
            for (SequenceSet.Range r : set.ranges()) {
                if (last == 0) break;
                long a = r.first() == SequenceSet.STAR ? last : r.first();
                long b = r.last() == SequenceSet.STAR ? last : r.last();
                uids.markUidRange(Math.min(a, b), Math.max(a, b), marks);
            }
        } else {
            int count = uids.count();
            for (SequenceSet.Range r : set.ranges()) {
                if (count == 0 && (r.first() == SequenceSet.STAR || r.last() == SequenceSet.STAR)) continue;
                long a = r.first() == SequenceSet.STAR ? count : r.first();
                long b = r.last() == SequenceSet.STAR ? count : r.last();
                long lo = Math.min(a, b), hi = Math.max(a, b);
                if (lo < 1 || hi > count) throw new BadCommandException("Invalid message sequence number: " + (hi > count ? hi : lo));
                marks.set((int) lo - 1, (int) hi);
            }
        }
        long[] out = new long[marks.cardinality()];
        int k = 0;
        for (int i = marks.nextSetBit(0); i >= 0; i = marks.nextSetBit(i + 1)) out[k++] = uids.uid(i + 1);
        return out;
    }
}
