package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.BLOBS;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobNotFoundException;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.BlobStoreException;
import org.mailstore.blobstore.StoredBlob;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one write path for new messages, shared by LMTP/LDA delivery and IMAP APPEND:
 * <ol>
 * <li>the bytes go into the blob store, durably, once for all recipients (invariants 1, 2);
 * <li>a blob seen for the first time is parsed once and its MIME metadata cached;
 * <li>one transaction charges each account's quota, allocates UID and MODSEQ per target mailbox
 *     and inserts the rows, one statement per target ({@link AppendRow}), targets sorted by account then mailbox
 *     (the store's lock order);
 * <li>the journal records are made durable before that transaction commits (invariant 5).
 * </ol>
 * A target whose quota refuses the message fails alone; the others still get it. A failure of the
 * database, blob store or journal fails every target and leaves no row behind.
 */
final class MessageAppender {
    private static final Logger log = LoggerFactory.getLogger(MessageAppender.class);

    record Target(MailboxRef box, Flags flags, Instant internalDate) {}

    /** Per target, in the order given: a result or the reason it was refused. */
    record Outcome(Target target, AppendResult result, StoreException failure) {}

    private static final RenderedQuery LOCK_BLOB_ROW = RenderedQuery.of(DSL.select(BLOBS.BLOB_HASH).from(BLOBS)
            .where(BLOBS.BLOB_HASH.eq(DSL.param("blobHash", BLOBS.BLOB_HASH.getDataType()))).forKeyShare(), "blobHash");

    private final Transactions tx;
    private final BlobStore blobs;
    private final Journal journal;
    /** The indexer's, once serve starts one; until then no writer waits. */
    private volatile SearchTextBacklog searchTextBacklog = SearchTextBacklog.NONE;

    MessageAppender(Transactions tx, BlobStore blobs, Journal journal) {
        this.tx = tx;
        this.blobs = blobs;
        this.journal = journal;
    }

    void stallWith(SearchTextBacklog backlog) {
        this.searchTextBacklog = backlog;
    }

    /** Stores the bytes of a message about to be delivered or appended; waits first while the search text backlog is over its limit. */
    StoredBlob store(InputStream message) {
        searchTextBacklog.awaitRoom();
        try {
            return blobs.put(message);
        } catch (BlobStoreException e) {
            throw new StoreException(StoreException.Reason.BLOB_STORE_FAILURE, "blob store refused the message: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.BLOB_STORE_FAILURE, "could not store the message: " + e.getMessage(), e);
        }
    }

    List<Outcome> append(StoredBlob blob, List<Target> targets) {
        return append(blob, t -> targets);
    }

    /**
     * IMAP APPEND: one message into the account's mailbox {@code name} (normalized), looked up inside the append's
     * own transaction rather than in one of its own beforehand.
     */
    Outcome append(StoredBlob blob, Account account, String name, Flags flags, Instant internalDate) {
        return append(blob, t -> List.of(new Target(Mailboxes.ref(t, account, name), flags, internalDate))).getFirst();
    }

    /**
     * MULTIAPPEND: several stored messages into the account's mailbox {@code name} (normalized) in one transaction,
     * in the order given, each through the single-message path. Any refusal (a quota that will not take them all)
     * rolls back every one: the client asked for all or none (RFC 3502 §6.3.11).
     */
    List<AppendResult> appendAll(Account account, String name, List<StagedMessage> messages) {
        List<BlobRows.Row> metas = new ArrayList<>(messages.size());
        for (StagedMessage m : messages) metas.add(m.blob().created() ? parse(m.blob()) : null);
        return tx.run(c -> {
            DSLContext t = DSL.using(c);
            MailboxRef box = Mailboxes.ref(t, account, name);
            for (int i = 0; i < messages.size(); i++) {
                if (metas.get(i) != null) BlobRows.insert(t, metas.get(i));
                holdBlob(t, messages.get(i).blob());
            }
            TxLog txLog = new TxLog();
            List<AppendResult> results = new ArrayList<>(messages.size());
            for (StagedMessage m : messages) {
                Outcome o = appendOne(t, txLog, m.blob(), new Target(box, m.flags(), m.internalDate()));
                if (o.failure() != null) throw o.failure();
                results.add(o.result());
            }
            txLog.flush(t, journal);
            return results;
        });
    }

    /** The targets of an append, found inside its transaction. */
    private interface Targets {
        List<Target> in(DSLContext t);
    }

    private List<Outcome> append(StoredBlob blob, Targets resolve) {
        // A blob this put created is new to the database too, or its row is an orphan's that ON CONFLICT keeps;
        // only bytes that were already stored need the database asked whether they are described yet.
        BlobRows.Row meta = blob.created() ? parse(blob) : null;
        return tx.run(c -> {
            DSLContext t = DSL.using(c);
            List<Target> targets = resolve.in(t);
            if (meta != null) BlobRows.insert(t, meta);
            holdBlob(t, blob);
            List<Outcome> outcomes = new ArrayList<>();
            TxLog txLog = new TxLog();
            List<Target> ordered = new ArrayList<>(targets);
            ordered.sort(Comparator.comparingLong((Target x) -> x.box().accountId()).thenComparingLong(x -> x.box().mailboxId()));
            for (Target target : ordered) outcomes.add(appendOne(t, txLog, blob, target));
            txLog.flush(t, journal);
            outcomes.sort(Comparator.comparingInt(o -> indexOf(targets, o.target())));
            return outcomes;
        });
    }

    private Outcome appendOne(DSLContext t, TxLog txLog, StoredBlob blob, Target target) {
        MailboxRef box = target.box();
        Flags f = target.flags();
        AppendRow.Inserted inserted = AppendRow.insert(t, box, f, target.internalDate(), blob.size(), blob.id().bytes());
        if (inserted.refusal() != null) return new Outcome(target, null, inserted.refusal());
        UidAllocator.Allocation a = inserted.allocation();
        txLog.record(new JournalRecord.MessageAppended(Instant.now(), box.accountId(), box.address(), box.mailboxId(), box.name(),
                box.uidValidity(), a.firstUid(), a.modseq(), blob.id().bytes(), target.internalDate(), blob.size(), f.names()));
        txLog.changed(new MailboxChange(box.accountId(), box.mailboxId(), MailboxChange.Kind.APPENDED, a.modseq(), a.firstUid() + 1));
        log.debug("appended blob {} to account {} mailbox {} uid {}", blob.id().hex(), box.accountId(), box.mailboxId(), a.firstUid());
        return new Outcome(target, new AppendResult(box.mailboxId(), box.name(), box.uidValidity(), a.firstUid(), a.modseq(), blob.id().hex()), null);
    }

    /**
     * Makes sure garbage collection cannot take the blob away before this transaction commits its
     * references: key-share locks the blob's row, then opens the blob once. The collector deletes a
     * blob file only while it holds that row (or an uncommitted row of that hash) for deletion, so
     * either it finished first, and then the row or the file is gone here and the delivery fails
     * with a temporary error (the client retries and stores the bytes anew), or it waits for this
     * transaction and then finds the new reference.
     */
    @SuppressWarnings("try") // the resource is held, not used: its scope is the point
    private void holdBlob(DSLContext t, StoredBlob blob) {
        if (!lockBlobRow(t, blob)) {
            // Bytes stored before whose row is missing (a failed delivery's orphan): describe them now.
            BlobRows.insert(t, parse(blob));
            if (!lockBlobRow(t, blob)) throw collected(blob, null);
        }
        try (var ignored = blobs.open(blob.id())) {
            // opened: the file is there, and the row lock keeps the collector from removing it now
        } catch (BlobNotFoundException e) {
            throw collected(blob, e);
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.BLOB_STORE_FAILURE, "could not read back blob " + blob.id().hex() + ": " + e.getMessage(), e);
        }
    }

    private static boolean lockBlobRow(DSLContext t, StoredBlob blob) {
        return LOCK_BLOB_ROW.resultQuery(t, (Object) blob.id().bytes()).fetchOptional().isPresent();
    }

    private static StoreException collected(StoredBlob blob, Exception cause) {
        return new StoreException(StoreException.Reason.BLOB_STORE_FAILURE,
                "blob " + blob.id().hex() + " was garbage-collected during the delivery; try again", cause);
    }

    /**
     * The blob's row: its metadata, read outside any transaction where possible, and its search text queued for
     * {@link SearchTextIndexer} (schema V10: indexing it here cost a third of delivery throughput).
     */
    private BlobRows.Row parse(StoredBlob blob) {
        try {
            return BlobRows.Row.queued(blobs, blob.id());
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.BLOB_STORE_FAILURE, "could not read back blob " + blob.id().hex() + ": " + e.getMessage(), e);
        }
    }

    private static int indexOf(List<Target> targets, Target t) {
        for (int i = 0; i < targets.size(); i++) if (targets.get(i) == t) return i;
        return -1;
    }
}
