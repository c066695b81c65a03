package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The search text of the listed header lines ({@code messages.list_search}) of recently searched mailboxes, held by
 * the server for SEARCH on From, To, Cc, Bcc and Subject ({@link Messages#candidateUids}).
 *
 * <p>Answering those from PostgreSQL reads every row of the mailbox, and a mailbox's rows lie one per heap page when
 * deliveries to many accounts interleave: 1.5 ms and ~800 buffers for 1,000 messages under the IMAP load, two fifths
 * of PostgreSQL's statement time. A message's search text never changes, and which messages a mailbox holds changes
 * only by arrivals and expunges, each with a MODSEQ above the mailbox's HIGHESTMODSEQ taken under its row lock (the
 * rule a selected session's updates rest on). So an entry read at a MODSEQ is brought up to date by the changes
 * since ({@link ChangesSince}, through the MODSEQ indexes) and the texts of the arrivals, on every use: the answer is
 * never older than the search, on any server instance. A text is PostgreSQL's, copied; nothing is read from the
 * blob tree.
 *
 * <p>Bounded: a mailbox of more than {@link #MAX_MAILBOX_MESSAGES} messages is never held, and past
 * {@link #MAX_BYTES} in all the least recently used entries are dropped (the server's defaults).
 */
final class ListedHeaderCache {
    static final int MAX_MAILBOX_MESSAGES = 100_000;
    static final long MAX_BYTES = 64L << 20;
    /** A String's header and its array's, and the UID beside it, over its characters (7-bit text: one byte each). */
    private static final int BYTES_PER_MESSAGE = 64;

    private static final Field<Long> HIGHEST = DSL.field(DSL.name("highest"), SQLDataType.BIGINT);
    private static final Field<Long> UID = DSL.field(DSL.name("uid"), SQLDataType.BIGINT);
    private static final Field<String> TEXT = DSL.field(DSL.name("list_search"), SQLDataType.CLOB);
    private static final RenderedQuery ALL = renderAll();
    private static final RenderedQuery SOME = RenderedQuery.of(DSL.select(MESSAGES.UID, MESSAGES.LIST_SEARCH).from(MESSAGES)
            .where(MESSAGES.ACCOUNT_ID.eq(DSL.param("account", Long.class)))
            .and(MESSAGES.MAILBOX_ID.eq(DSL.param("mailbox", Long.class)))
            .and(MESSAGES.UID.eq(DSL.any(DSL.param("uids", SQLDataType.BIGINT.array())))), "account", "mailbox", "uids");

    private record Key(long accountId, long mailboxId) {}

    /** A mailbox that is not there (deleted, or another account's): no UIDs, and nothing held for it. */
    private static final Entry MISSING = Entry.of(-1, new long[0], new String[0]);

    /**
     * The mailbox at {@code modseq}: its UIDs ascending, and each one's text (null where the row has none);
     * {@code used}: when it was last used, on the cache's own count of uses.
     */
    private record Entry(long modseq, long[] uids, String[] texts, long bytes, AtomicLong used) {
        static Entry of(long modseq, long[] uids, String[] texts) {
            long bytes = (long) uids.length * BYTES_PER_MESSAGE;
            for (String t : texts) if (t != null) bytes += t.length();
            return new Entry(modseq, uids, texts, bytes, new AtomicLong());
        }
    }

    private final int maxMailboxMessages;
    private final long maxBytes;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong uses = new AtomicLong();

    ListedHeaderCache(int maxMailboxMessages, long maxBytes) {
        this.maxMailboxMessages = maxMailboxMessages;
        this.maxBytes = maxBytes;
    }

    /**
     * The UIDs, ascending, whose text has every one of {@code substrings} (folded as the text is) or that have no
     * text; null when the mailbox is too large to hold (the caller asks PostgreSQL). A mailbox that is not there has
     * no UIDs.
     */
    long[] candidates(DSLContext t, long accountId, long mailboxId, List<String> substrings) {
        Key key = new Key(accountId, mailboxId);
        Entry e = current(t, key, entries.get(key));
        if (e == null) return null;
        LongArrayBuilder out = new LongArrayBuilder();
        for (int i = 0; i < e.uids().length; i++) {
            if (hasAll(e.texts()[i], substrings)) out.add(e.uids()[i]);
        }
        return out.toArray();
    }

    /** How many bytes the entries are reckoned to hold: for tests of the bound. */
    long bytes() {
        return bytes.get();
    }

    private static boolean hasAll(String text, List<String> substrings) {
        if (text == null) return true;
        for (String s : substrings) if (!text.contains(s)) return false;
        return true;
    }

    private Entry current(DSLContext t, Key key, Entry held) {
        Entry e = held == null ? read(t, key) : updated(t, key, held);
        if (e == null || e == MISSING) {
            if (held != null && entries.remove(key, held)) bytes.addAndGet(-held.bytes());
            return e;
        }
        // Stamped before it is kept, so the eviction that keeping may start never takes the entry just read.
        e.used().set(uses.incrementAndGet());
        if (e != held) keep(key, held, e);
        return e;
    }

    private void keep(Key key, Entry held, Entry e) {
        boolean replaced = held == null ? entries.putIfAbsent(key, e) == null : entries.replace(key, held, e);
        if (!replaced) return;
        bytes.addAndGet(e.bytes() - (held == null ? 0 : held.bytes()));
        while (bytes.get() > maxBytes) {
            var oldest = entries.entrySet().stream().min((a, b) -> Long.compare(a.getValue().used().get(), b.getValue().used().get()));
            if (oldest.isEmpty()) break;
            if (entries.remove(oldest.get().getKey(), oldest.get().getValue())) bytes.addAndGet(-oldest.get().getValue().bytes());
        }
    }

    /** Every UID and text of the mailbox, with its HIGHESTMODSEQ from the same snapshot; null if too many. */
    private Entry read(DSLContext t, Key key) {
        Long modseq = null;
        LongArrayBuilder uids = new LongArrayBuilder();
        List<String> texts = new ArrayList<>();
        for (Record r : ALL.resultQuery(t, key.accountId(), key.mailboxId()).fetch()) {
            modseq = r.get(HIGHEST);
            Long uid = r.get(UID);
            if (uid == null) continue;
            if (texts.size() == maxMailboxMessages) return null;
            uids.add(uid);
            texts.add(r.get(TEXT));
        }
        if (modseq == null) return MISSING;
        return Entry.of(modseq, uids.toArray(), texts.toArray(String[]::new));
    }

    /**
     * {@code held} without the UIDs expunged above its MODSEQ and with the arrivals above it, whose texts are read
     * by UID; the same entry when nothing changed. An arrival expunged before its text is read is left out (the
     * expunge, above the new MODSEQ, would remove it next time anyway).
     */
    private Entry updated(DSLContext t, Key key, Entry held) {
        MailboxChanges changes;
        try {
            changes = ChangesSince.read(t, key.accountId(), key.mailboxId(), held.modseq(), true);
        } catch (StoreException e) {
            if (e.reason() != StoreException.Reason.NO_SUCH_MAILBOX) throw e;
            return MISSING;
        }
        if (changes.highestModseq() <= held.modseq()) return held;
        long[] now = changes.appliedTo(held.uids());
        if (now.length > maxMailboxMessages) return null;
        if (Arrays.equals(now, held.uids())) {
            // Only flags changed, or what arrived has gone again: the same messages, so the same arrays serve.
            return new Entry(changes.highestModseq(), held.uids(), held.texts(), held.bytes(), new AtomicLong());
        }
        // Both ascending: one walk finds where each UID is held, or that it arrived (-1).
        int[] heldAt = new int[now.length];
        LongArrayBuilder arrivals = new LongArrayBuilder();
        for (int k = 0, i = 0; k < now.length; k++) {
            while (i < held.uids().length && held.uids()[i] < now[k]) i++;
            heldAt[k] = i < held.uids().length && held.uids()[i] == now[k] ? i : -1;
            if (heldAt[k] < 0) arrivals.add(now[k]);
        }
        long[] arrived = arrivals.toArray();
        Map<Long, String> arrivedTexts = new HashMap<>();
        if (arrived.length > 0) {
            for (Record2<Long, String> r : SOME.resultQuery(t, key.accountId(), key.mailboxId(), arrived).fetch()
                    .into(MESSAGES.UID, MESSAGES.LIST_SEARCH)) {
                arrivedTexts.put(r.value1(), r.value2());
            }
        }
        LongArrayBuilder uids = new LongArrayBuilder();
        List<String> texts = new ArrayList<>(now.length);
        for (int k = 0; k < now.length; k++) {
            if (heldAt[k] < 0 && !arrivedTexts.containsKey(now[k])) continue;
            uids.add(now[k]);
            texts.add(heldAt[k] >= 0 ? held.texts()[heldAt[k]] : arrivedTexts.get(now[k]));
        }
        return Entry.of(changes.highestModseq(), uids.toArray(), texts.toArray(String[]::new));
    }

    /**
     * The mailbox's HIGHESTMODSEQ beside each of its messages (one row with a null UID when it has none), in UID order:
     * {@link #updated} merges changes into the UIDs, and a row's place in the heap moves with each flag change.
     */
    private static RenderedQuery renderAll() {
        var box = DSL.name("box").fields("account_id", "mailbox_id", "highest").as(
                DSL.select(MAILBOXES.ACCOUNT_ID, MAILBOXES.MAILBOX_ID, MAILBOXES.HIGHESTMODSEQ).from(MAILBOXES).where(Mailboxes.byKeyParams()));
        return RenderedQuery.of(DSL.with(box).select(box.field("highest", Long.class).as(HIGHEST), MESSAGES.UID.as(UID),
                        MESSAGES.LIST_SEARCH.as(TEXT))
                .from(box).leftJoin(MESSAGES).on(MESSAGES.ACCOUNT_ID.eq(box.field("account_id", Long.class)))
                .and(MESSAGES.MAILBOX_ID.eq(box.field("mailbox_id", Long.class)))
                .orderBy(MESSAGES.UID), "account", "mailbox");
    }
}
