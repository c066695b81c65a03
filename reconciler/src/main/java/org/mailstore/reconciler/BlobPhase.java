package org.mailstore.reconciler;

import static org.mailstore.reconciler.Findings.details;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobNotFoundException;
import org.mailstore.store.Account;
import org.mailstore.store.MailStore;
import org.mailstore.store.maintenance.BlobReferences;
import org.mailstore.store.maintenance.BlobScan;
import org.mailstore.store.maintenance.MessageRef;
import org.mailstore.store.maintenance.Progress;

/**
 * Merges three hash-ordered streams, the blob tree (walked, then sorted on disk), the database's
 * {@code blobs} rows with their reference counts, and the blobs the journal names, and classifies
 * every hash once:
 * <ul>
 * <li>referenced but not in the tree: every message row affected is listed, and with
 *     {@link MissingPolicy#EXPUNGE} removed through the store's expunge path;
 * <li>in the tree, referenced by no message and named by no journal record: an orphan, listed and
 *     left for garbage collection;
 * <li>with {@code --verify-content}, in the tree but no longer hashing to its name: moved to
 *     quarantine and reported with the messages it takes with it (which are then missing).
 * </ul>
 * Memory holds one hash per stream and a batch of missing hashes, whatever the tree's size.
 */
final class BlobPhase {
    /** Blobs read and hashed at once with {@code --verify-content}: reads overlap on disks that queue them. */
    static final int VERIFY_THREADS = 32;
    /** Hashes merged ahead of the oldest one still being verified. */
    static final int VERIFY_WINDOW = 4_096;
    /** Missing blobs looked up together. */
    static final int MISSING_BATCH = 200;

    private final BlobArea blobs;
    private final BlobScan scan;
    private final BlobReferences references;
    private final Findings findings;
    private final boolean verify;
    private final MissingPolicy policy;
    private final Supplier<MailStore> store;
    private final List<BlobId> missing = new ArrayList<>();
    private long scanned;
    private final AtomicLong verifiedBytes = new AtomicLong();

    BlobPhase(BlobArea blobs, BlobScan scan, BlobReferences references, Findings findings, boolean verify, MissingPolicy policy,
              Supplier<MailStore> store) {
        this.blobs = blobs;
        this.scan = scan;
        this.references = references;
        this.findings = findings;
        this.verify = verify;
        this.policy = policy;
        this.store = store;
    }

    /** @param disk the stored blobs in hash order ({@link BlobArea#inHashOrder}) */
    void run(CloseableIterator<BlobId> disk, CloseableIterator<BlobId> journal, Progress progress) {
        progress.phase(verify ? "blobs (verifying content)" : "blobs", Math.max(scan.count(), 1));
        ArrayDeque<Hash> window = new ArrayDeque<>();
        try (disk; Stream<BlobScan.Row> rows = scan.inHashOrder();
             ExecutorService verifiers = verify
                     ? Executors.newFixedThreadPool(VERIFY_THREADS, Thread.ofPlatform().name("verify-", 0).daemon().factory()) : null) {
            CloseableIterator<BlobScan.Row> db = CloseableIterator.of(rows.iterator(), rows);
            while (disk.hasNext() || db.hasNext() || journal.hasNext()) {
                byte[] hash = HashMerge.smallest(disk.peek(), db.peek() == null ? null : db.peek().id(), journal.peek());
                BlobId id = BlobId.of(hash);
                boolean onDisk = HashMerge.take(disk, hash);
                BlobScan.Row row = db.hasNext() && Arrays.equals(db.peek().id().bytes(), hash) ? db.next() : null;
                boolean journaled = HashMerge.take(journal, hash);
                window.add(new Hash(id, onDisk, row == null ? -1 : row.references(), journaled,
                        onDisk && verify ? verifiers.submit(() -> intact(id)) : null));
                if (window.size() >= (verify ? VERIFY_WINDOW : 1)) settle(window.poll(), progress);
            }
            while (!window.isEmpty()) settle(window.poll(), progress);
        }
        flushMissing();
        progress.done();
    }

    /** One hash of the merge, waiting for its content check when verifying. */
    private record Hash(BlobId id, boolean onDisk, long references, boolean journaled, Future<Boolean> intact) {}

    private void settle(Hash h, Progress progress) {
        boolean intact = true;
        if (h.intact() != null) {
            try {
                intact = h.intact().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while verifying blobs", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e.getCause());
            }
        }
        classify(h.id(), h.onDisk(), h.references(), h.journaled(), intact);
        if (h.onDisk()) progress.advance(1);
    }

    long scanned() {
        return scanned;
    }

    long verifiedBytes() {
        return verifiedBytes.get();
    }

    /** @param references -1 when the database has no row for the blob */
    private void classify(BlobId id, boolean onDisk, long references, boolean journaled, boolean intact) {
        if (onDisk) scanned++;
        if (onDisk && !intact) {
            corrupt(id);
            if (findings.check()) return;
            onDisk = false;
        }
        if (!onDisk && references > 0) {
            missing.add(id);
            if (missing.size() >= MISSING_BATCH) flushMissing();
        } else if (onDisk && references <= 0 && !journaled) {
            findings.info(FindingKind.ORPHAN_BLOB, details("blob", id.hex(), "hasRow", references == 0,
                    "note", "referenced by no message and no journal record; gc removes it after its grace period"));
        }
    }

    /** Runs on a verifier thread. */
    private boolean intact(BlobId id) {
        try {
            long size = blobs.size(id);
            if (size < 0) return true;
            verifiedBytes.addAndGet(size);
            return blobs.store().verify(id);
        } catch (BlobNotFoundException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot verify blob " + id.hex() + ": " + e.getMessage(), e);
        }
    }

    private void corrupt(BlobId id) {
        List<Map<String, Object>> messages = references.referencing(List.of(id)).stream().map(BlobPhase::message).toList();
        Map<String, Object> d = details("blob", id.hex(), "messages", messages);
        if (!findings.check()) {
            try {
                d.put("quarantinedAs", blobs.quarantine(id));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot quarantine blob " + id.hex() + ": " + e.getMessage(), e);
            }
        } else {
            d.put("quarantine", blobs.quarantineLocation());
        }
        d.put("note", "the bytes no longer hash to the blob's name; restore the blob from a backup if one has it");
        findings.repairable(FindingKind.CORRUPT_BLOB, d);
    }

    private void flushMissing() {
        if (missing.isEmpty()) return;
        List<MessageRef> refs = references.referencing(missing);
        missing.clear();
        Map<List<Long>, List<MessageRef>> byMailbox = new LinkedHashMap<>();
        for (MessageRef r : refs) {
            Map<String, Object> d = message(r);
            d.put("blob", r.blob().hex());
            if (policy == MissingPolicy.EXPUNGE) {
                findings.repairable(FindingKind.MISSING_BLOB, d);
                byMailbox.computeIfAbsent(List.of(r.accountId(), r.mailboxId()), k -> new ArrayList<>()).add(r);
            } else {
                d.put("note", "kept; restore the blob or run reconcile --missing=expunge");
                findings.unresolved(FindingKind.MISSING_BLOB, d);
            }
        }
        if (findings.check()) return;
        for (List<MessageRef> inMailbox : byMailbox.values()) {
            MessageRef first = inMailbox.getFirst();
            store.get().messages().remove(new Account(first.accountId(), first.address(), false, null), first.mailboxId(),
                    inMailbox.stream().map(MessageRef::uid).toList());
        }
    }

    private static Map<String, Object> message(MessageRef r) {
        return details("account", r.address(), "mailbox", r.mailbox(), "uidValidity", r.uidValidity(), "uid", r.uid());
    }

    static Path defaultQuarantine(Path blobDir) {
        return blobDir.resolve(Quarantine.DEFAULT_DIRECTORY);
    }
}
