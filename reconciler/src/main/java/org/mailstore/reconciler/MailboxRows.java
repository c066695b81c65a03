package org.mailstore.reconciler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mailstore.store.maintenance.MailboxContents;
import org.mailstore.store.maintenance.StoredMessage;

/**
 * The database side of the message phase: each journal mailbox's rows and expunged UIDs over the
 * UID range its journal records cover. Most mailboxes hold a few journal records, so they are read
 * ahead in batches (one query for many mailboxes, in the order the sorted facts will ask for them);
 * a mailbox with many records is streamed alone. Memory holds at most one batch.
 */
final class MailboxRows {
    /** Mailboxes per batch query. */
    static final int BATCH_MAILBOXES = 500;
    /** Journal records per batch, which bounds the rows a batch holds. */
    static final long BATCH_RECORDS = 20_000;

    private final MailboxContents contents;
    private final List<Target> plan;
    private final Map<Target, Integer> position = new HashMap<>();
    private Map<Long, List<StoredMessage>> rows = Map.of();
    private Map<Long, List<Long>> expunged = Map.of();
    private final java.util.Set<Long> loaded = new java.util.HashSet<>();

    /** @param plan the targets with existing mailboxes, in the order their facts come */
    MailboxRows(MailboxContents contents, List<Target> plan) {
        this.contents = contents;
        this.plan = plan;
        for (int i = 0; i < plan.size(); i++) position.put(plan.get(i), i);
    }

    CloseableIterator<StoredMessage> rows(Target t) {
        if (!hasRows(t)) return CloseableIterator.empty();
        if (large(t)) {
            var s = contents.messages(t.db().accountId(), t.db().mailboxId(), t.journal().minUid, t.journal().maxUid);
            return CloseableIterator.of(s.iterator(), s);
        }
        ensureLoaded(t);
        return CloseableIterator.of(rows.getOrDefault(t.db().mailboxId(), List.of()).iterator(), () -> { });
    }

    CloseableIterator<Long> expunged(Target t) {
        if (!hasRows(t)) return CloseableIterator.empty();
        if (large(t)) {
            var s = contents.expungedUids(t.db().accountId(), t.db().mailboxId(), t.journal().minUid, t.journal().maxUid);
            return CloseableIterator.of(s.iterator(), s);
        }
        ensureLoaded(t);
        return CloseableIterator.of(expunged.getOrDefault(t.db().mailboxId(), List.of()).iterator(), () -> { });
    }

    private static boolean hasRows(Target t) {
        return t.db() != null && !t.created() && t.journal().hasMessages();
    }

    private static boolean large(Target t) {
        return records(t) > BATCH_RECORDS;
    }

    private static long records(Target t) {
        return t.journal().appended + t.journal().expunged;
    }

    private void ensureLoaded(Target t) {
        if (loaded.contains(t.db().mailboxId())) return;
        Integer from = position.get(t);
        List<MailboxContents.Range> batch = new ArrayList<>();
        loaded.clear();
        long records = 0;
        for (int i = from == null ? -1 : from; i >= 0 && i < plan.size() && batch.size() < BATCH_MAILBOXES; i++) {
            Target next = plan.get(i);
            if (large(next)) continue;
            if (!batch.isEmpty() && records + records(next) > BATCH_RECORDS) break;
            records += records(next);
            batch.add(new MailboxContents.Range(next.db().accountId(), next.db().mailboxId(), next.journal().minUid, next.journal().maxUid));
            loaded.add(next.db().mailboxId());
        }
        if (batch.isEmpty()) {
            batch.add(new MailboxContents.Range(t.db().accountId(), t.db().mailboxId(), t.journal().minUid, t.journal().maxUid));
            loaded.add(t.db().mailboxId());
        }
        rows = contents.messages(batch);
        expunged = contents.expungedUids(batch);
    }

    /** The targets the message phase will read, in fact order (journal mailbox index). */
    static List<Target> plan(Map<Integer, Target> targets) {
        return targets.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue)
                .filter(MailboxRows::hasRows).toList();
    }
}
