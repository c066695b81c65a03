package org.mailstore.reconciler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.journal.JournalEntry;
import org.mailstore.store.journal.JournalReader;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.maintenance.Progress;

/**
 * One pass over every journal segment, turned into what the reconciler and the collector need:
 * <ul>
 * <li>a catalogue of the mailboxes the journal knows ({@link JournalMailbox}, small: one entry per
 *     mailbox, not per message), with renames and deletions attributed to them;
 * <li>every per-message fact, sorted by mailbox and UID on disk ({@link #facts()});
 * <li>every blob the journal names, sorted and distinct on disk ({@link #blobs()}).
 * </ul>
 * Segments are read in file order, which is not time order across instances; nothing here depends
 * on the order records arrive in. Records are "may have committed": the reconciler decides what
 * they mean against the database.
 */
final class JournalIndex implements AutoCloseable {
    enum Scope {
        /** Only the blob hashes (garbage collection). */
        BLOBS,
        /** Catalogue, facts and blob hashes (reconcile). */
        EVERYTHING
    }

    private record Key(String address, long uidValidity) {}

    private final Scope scope;
    private final Map<Key, JournalMailbox> byKey = new HashMap<>();
    private final List<JournalMailbox> mailboxes = new ArrayList<>();
    /** Renames and deletions (which carry a mailbox id, not a UIDVALIDITY), attributed after the pass. */
    private final List<JournalRecord> events = new ArrayList<>();
    private final List<JournalRecord> unattributed = new ArrayList<>();
    private final ExternalSort facts;
    private final ExternalSort blobs;
    private long records;

    private JournalIndex(Scope scope, Path workDir, long runBytes) {
        this.scope = scope;
        this.facts = new ExternalSort(workDir, runBytes);
        this.blobs = new ExternalSort(workDir, runBytes);
    }

    static JournalIndex read(Path journalDir, Path workDir, long runBytes, Scope scope, Progress progress) throws IOException {
        JournalIndex index = new JournalIndex(scope, workDir, runBytes);
        try {
            if (Files.isDirectory(journalDir)) {
                try (Stream<JournalEntry> entries = JournalReader.readAll(journalDir)) {
                    entries.forEach(e -> {
                        index.add(e.record());
                        progress.advance(1);
                    });
                }
            }
            index.attributeEvents();
            return index;
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
    }

    long records() {
        return records;
    }

    List<JournalMailbox> mailboxes() {
        return mailboxes;
    }

    /** Renames and deletions of mailboxes the journal has no other record of, oldest first. */
    List<JournalRecord> unattributedEvents() {
        return unattributed;
    }

    /** A journal mailbox for a database mailbox the journal only knows by id (its creation was pruned). */
    JournalMailbox adopt(String address, long uidValidity, long journalId, String name) {
        JournalMailbox m = mailbox(address, uidValidity);
        m.journalIds.add(journalId);
        m.named(Instant.MIN, name);
        return m;
    }

    JournalMailbox find(String address, long uidValidity) {
        return byKey.get(new Key(address, uidValidity));
    }

    CloseableIterator<MessageFact> facts() {
        CloseableIterator<byte[]> raw = facts.sorted(false);
        return CloseableIterator.of(new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return raw.hasNext();
            }

            @Override
            public MessageFact next() {
                return MessageFact.decode(raw.next());
            }
        }, raw);
    }

    CloseableIterator<BlobId> blobs() {
        CloseableIterator<byte[]> raw = blobs.sorted(true);
        return CloseableIterator.of(new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return raw.hasNext();
            }

            @Override
            public BlobId next() {
                return BlobId.of(raw.next());
            }
        }, raw);
    }

    private void add(JournalRecord r) {
        records++;
        if (r instanceof JournalRecord.MessageAppended a) blobs.add(a.blobHash());
        if (scope == Scope.BLOBS) return;
        switch (r) {
            case JournalRecord.MailboxCreated c -> mailbox(c.address(), c.uidValidity()).saw(c.at(), c.mailboxId(), c.name());
            case JournalRecord.MessageAppended a -> {
                JournalMailbox m = mailbox(a.address(), a.uidValidity());
                m.saw(a.at(), a.mailboxId(), a.mailboxName());
                m.maxUid = Math.max(m.maxUid, a.uid());
                m.minUid = Math.min(m.minUid, a.uid());
                m.maxModseq = Math.max(m.maxModseq, a.modseq());
                m.appended++;
                facts.add(MessageFact.appended(m.index, a.uid(), a.modseq(), a.at(), BlobId.of(a.blobHash()), a.internalDate(), a.size(),
                        a.flags()).encode());
            }
            case JournalRecord.MessagesExpunged x -> {
                JournalMailbox m = mailbox(x.address(), x.uidValidity());
                m.saw(x.at(), x.mailboxId(), null);
                m.maxModseq = Math.max(m.maxModseq, x.modseq());
                for (long uid : x.uids()) {
                    m.maxUid = Math.max(m.maxUid, uid);
                    m.minUid = Math.min(m.minUid, uid);
                    m.expunged++;
                    facts.add(MessageFact.expunged(m.index, uid, x.modseq(), x.at()).encode());
                }
            }
            case JournalRecord.MailboxRenamed n -> events.add(n);
            case JournalRecord.MailboxDeleted d -> events.add(d);
        }
    }

    private JournalMailbox mailbox(String address, long uidValidity) {
        return byKey.computeIfAbsent(new Key(address, uidValidity), k -> {
            JournalMailbox m = new JournalMailbox(mailboxes.size(), address, uidValidity);
            mailboxes.add(m);
            return m;
        });
    }

    /**
     * Gives each rename and deletion to the incarnation of its mailbox id that existed at that
     * time: among the journal mailboxes of the address that used the id, the one first seen last
     * before the event. Events before every known incarnation are left for the database to attribute.
     */
    private void attributeEvents() {
        events.sort(Comparator.comparing(JournalRecord::at));
        Map<String, List<JournalMailbox>> byAddress = new HashMap<>();
        for (JournalMailbox m : mailboxes) byAddress.computeIfAbsent(m.address, a -> new ArrayList<>()).add(m);
        for (JournalRecord e : events) {
            String address = e instanceof JournalRecord.MailboxRenamed n ? n.address() : ((JournalRecord.MailboxDeleted) e).address();
            long id = e instanceof JournalRecord.MailboxRenamed n ? n.mailboxId() : ((JournalRecord.MailboxDeleted) e).mailboxId();
            JournalMailbox owner = null;
            for (JournalMailbox m : byAddress.getOrDefault(address, List.of())) {
                if (!m.journalIds.contains(id) || m.firstAt.isAfter(e.at())) continue;
                if (owner == null || m.firstAt.isAfter(owner.firstAt)) owner = m;
            }
            if (owner == null) {
                unattributed.add(e);
            } else {
                apply(owner, e);
            }
        }
        events.clear();
    }

    static void apply(JournalMailbox m, JournalRecord e) {
        switch (e) {
            case JournalRecord.MailboxRenamed n -> {
                m.named(n.at(), n.newName());
                if (m.lastAt == null || n.at().isAfter(m.lastAt)) m.lastAt = n.at();
            }
            case JournalRecord.MailboxDeleted d -> m.deleted(d.at());
            default -> throw new IllegalArgumentException("not a mailbox event: " + e);
        }
    }

    @Override
    public void close() {
        try {
            facts.close();
        } finally {
            blobs.close();
        }
    }
}
