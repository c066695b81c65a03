package org.mailstore.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.reconciler.FindingKind;
import org.mailstore.reconciler.MaintenanceSetup;
import org.mailstore.reconciler.ReconcileOptions;
import org.mailstore.reconciler.Reconciler;
import org.mailstore.store.Account;
import org.mailstore.store.DeliveryOutcome;
import org.mailstore.store.Flags;
import org.mailstore.store.MailStore;
import org.mailstore.store.MessageView;
import org.mailstore.store.Messages.FlagMode;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;
import org.mailstore.store.journal.JournalEntry;
import org.mailstore.store.journal.JournalReader;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.maintenance.Progress;

/**
 * The end-to-end case: a backup taken while deliveries, flag changes and expunges go on, restored into a fresh
 * database and data directory and reconciled. Whatever was acknowledged before the backup started is back with its flags;
 * what was expunged before it stays gone; deliveries acknowledged during the backup whose journal record made it into
 * the backup are back too.
 */
class BackupWhileDeliveringTest {
    static final int BEFORE = 60;
    static final Flags SEEN_FLAGGED = new Flags(true, false, true, false, false, Set.of("$Label1"));
    static final Flags DELETED = new Flags(false, false, false, true, false, Set.of());

    @RegisterExtension
    final StoreFixture f = new StoreFixture();

    @TempDir
    Path tmp;

    /** Acknowledged deliveries: uid to blob hash, per account. */
    private final Map<String, Map<Long, String>> acked = new HashMap<>();

    @Test
    void restoreBringsBackEverythingAcknowledgedWithItsFlagsAndNothingExpunged() throws Exception {
        Account a = f.account("a@example.org");
        Account b = f.account("b@example.org");
        for (int i = 0; i < BEFORE; i++) deliver(i, i % 3 == 0 ? List.of(a, b) : List.of(a));
        long inbox = f.mailbox(a, "INBOX").id();
        f.store.messages().storeFlags(a, inbox, List.of(1L, 2L, 3L), FlagMode.ADD, SEEN_FLAGGED);
        f.store.messages().storeFlags(a, inbox, List.of(4L, 5L), FlagMode.ADD, DELETED);
        assertEquals(List.of(4L, 5L), f.store.messages().expungeDeleted(a, inbox, null));
        Map<Long, String> before = Map.copyOf(acked.get(a.address()));
        Map<Long, String> beforeB = Map.copyOf(acked.get(b.address()));

        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int base = 1000 * (t + 1);
            load.add(Thread.ofPlatform().start(() -> {
                for (int i = base; running.get(); i++) deliver(i, List.of(a, b));
            }));
        }
        // An IMAP-like client flagging and expunging old messages (never 1..5) while the backup runs.
        load.add(Thread.ofPlatform().start(() -> {
            while (running.get()) {
                long uid = ThreadLocalRandom.current().nextLong(20, BEFORE);
                f.store.messages().storeFlags(a, inbox, List.of(uid), FlagMode.ADD, DELETED);
                f.store.messages().expungeDeleted(a, inbox, List.of(uid));
            }
        }));
        Thread.sleep(300);
        BackupDirectory dir = new BackupDirectory(tmp.resolve("backup"));
        Manifest m;
        try {
            m = new OnlineBackup(new LiveSite(f.dataSource, f.blobDir, 2, f.journalDir), dir, Clock.systemUTC()).create(Progress.NONE);
        } finally {
            Thread.sleep(200);
            running.set(false);
            for (Thread t : load) t.join();
        }
        assertEquals(List.of(), new BackupVerifier(dir).verify(m.id(), true, Progress.NONE));
        assertEquals(blobHashesOfTheMessagesFile(dir, m), java.nio.file.Files.readAllLines(dir.backupDir(m.id()).resolve("blobs.txt")),
                "the blob list (second connection) and the messages table (first) were read at one snapshot");

        try (EmptySite target = new EmptySite(tmp.resolve("restored"))) {
            RestoreResult r = new Restorer(dir, target.site).restore(Optional.empty(), false, Progress.NONE);
            assertEquals(0, r.blobsMissing());
            var setup = new MaintenanceSetup(target.dataSource, ((org.mailstore.blobstore.FileBlobLocation) target.site.blobs()).root(), 2, target.site.journalDir(), "restore",
                    java.nio.file.Files.createDirectories(tmp.resolve("scratch")));
            var repaired = new Reconciler(setup).run(ReconcileOptions.repairing(), Progress.NONE);
            assertTrue(repaired.counts().getOrDefault(FindingKind.MESSAGE_REPLAYED, 0L) > 0, "deliveries after the snapshot replayed: " + repaired.counts());
            assertEquals(0, new Reconciler(setup).run(ReconcileOptions.checking(), Progress.NONE).exitCode(), "a second reconcile finds nothing");

            try (MailStore restored = MailStore.open(target.dataSource, target.site.blobs(), target.site.journalDir(), "after")) {
                Account ra = restored.accounts().get(a.address());
                Map<Long, MessageView> got = restored.messages().list(ra, inbox).stream()
                        .collect(Collectors.toMap(MessageView::uid, v -> v));
                for (long uid = 1; uid <= 3; uid++) assertEquals(SEEN_FLAGGED, got.get(uid).flags(), "flags of uid " + uid);
                assertTrue(!got.containsKey(4L) && !got.containsKey(5L), "expunged before the backup, and back: " + got.keySet());
                for (long uid : before.keySet()) {
                    if (uid == 4 || uid == 5 || uid >= 20 && uid < BEFORE) continue; // expunged before, or maybe during
                    assertEquals(before.get(uid), got.get(uid) == null ? null : got.get(uid).blobHash(), "uid " + uid);
                }
                Set<Long> journalled = journalledUids(dir, m, inbox);
                Set<Long> later = new HashSet<>(acked.get(a.address()).keySet());
                later.removeAll(before.keySet());
                later.retainAll(journalled);
                assertTrue(later.size() > 0, "some deliveries during the backup reached its journal copy");
                for (long uid : later) assertEquals(acked.get(a.address()).get(uid), got.get(uid).blobHash(), "later uid " + uid);
                Account rb = restored.accounts().get(b.address());
                Set<Long> bUids = restored.messages().list(rb, f.mailbox(b, "INBOX").id()).stream().map(MessageView::uid).collect(Collectors.toSet());
                assertTrue(bUids.containsAll(beforeB.keySet()), "b lost messages acknowledged before the backup");
            }
        }
    }

    /** The distinct blob_hash values of the backup's messages file, as sorted hex: what its blob list must hold. */
    private static List<String> blobHashesOfTheMessagesFile(BackupDirectory dir, Manifest m) throws Exception {
        Manifest.TableFile messages = m.tables().stream().filter(t -> t.name().equals("messages")).findFirst().orElseThrow();
        int column = messages.columns().indexOf("blob_hash");
        try (Stream<String> lines = java.nio.file.Files.lines(dir.backupDir(m.id()).resolve(messages.file().path()))) {
            // COPY text format doubles the backslash of bytea's \x hex form
            return lines.map(l -> l.split("\t", -1)[column]).map(v -> v.substring("\\\\x".length())).distinct().sorted().toList();
        }
    }

    private static Set<Long> journalledUids(BackupDirectory dir, Manifest m, long mailboxId) throws Exception {
        try (Stream<JournalEntry> entries = JournalReader.readAll(dir.backupDir(m.id()).resolve("journal"))) {
            return entries.map(JournalEntry::record).filter(r -> r instanceof JournalRecord.MessageAppended)
                    .map(r -> (JournalRecord.MessageAppended) r).filter(r -> r.mailboxId() == mailboxId)
                    .map(JournalRecord.MessageAppended::uid).collect(Collectors.toSet());
        }
    }

    private void deliver(int n, List<Account> to) {
        List<Recipient> rcpts = to.stream().map(x -> new Recipient(x.address())).toList();
        List<DeliveryOutcome> out = f.store.delivery().deliver(
                new java.io.ByteArrayInputStream(StoreFixture.message("n" + n, "body " + n).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                rcpts, Instant.parse("2026-11-25T10:00:00Z"));
        synchronized (acked) {
            for (DeliveryOutcome o : out) {
                assertTrue(o.delivered(), o.toString());
                acked.computeIfAbsent(o.recipient().address(), k -> Collections.synchronizedMap(new HashMap<>())).put(o.uid(), o.blobHash());
            }
        }
    }

}
