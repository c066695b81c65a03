package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.backup.BackupDirectory;
import org.mailstore.backup.Manifest;
import org.mailstore.schema.testing.TestDatabase;
import org.mailstore.store.journal.JournalEntry;
import org.mailstore.store.journal.JournalReader;
import org.mailstore.store.journal.JournalRecord;
import org.slf4j.LoggerFactory;

/**
 * Issue 7's backup test against the real thing: a {@code serve} takes LMTP deliveries from one thread while an IMAP
 * client flags and expunges from another, and {@code mailstore backup create} runs as a process of its own meanwhile;
 * the backup is restored into a fresh database and data directory (restore reconciles), and an IMAP client on a
 * {@code serve} of the restored site checks: every message acknowledged before the snapshot is there with its flags
 * as of the snapshot, every later one whose journal record the backup copied is there too, nothing expunged before
 * the snapshot comes back, and nothing else appears.
 */
class BackupWhileServingTest {
    static final String USER = "bk@example.org";
    static final String PASSWORD = "pw";
    static final String INSTANCE = "live";
    /** Messages in INBOX before the backup: UIDs 1..PRE. */
    static final int PRE = 40;
    /** UIDs 1..FLAGGED_BEFORE are flagged, the next EXPUNGED_BEFORE expunged, before the backup starts. */
    static final int FLAGGED_BEFORE = 5;
    static final int EXPUNGED_BEFORE = 3;
    static final Duration IMAP_PAUSE = Duration.ofMillis(150);
    /** IMAP changes made before the backup process reaches its snapshot; the others wait for it. */
    static final int CHANGES_BEFORE_SNAPSHOT = 6;
    /** Clock reads on either side of the snapshot closer than this are not classified: either outcome is right. */
    static final Duration MARGIN = Duration.ofMillis(100);
    static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    enum Kind { FLAG, EXPUNGE }

    /**
     * One IMAP change to a pre-backup message: when its STORE (of the Answered flag, or of Deleted before an expunge) was sent
     * and answered, and for an expunge the same for its UID EXPUNGE.
     */
    record Change(long uid, Kind kind, Instant storeSent, Instant storeAcked, Instant expungeSent, Instant expungeAcked) {}

    /** Where a moment falls against the snapshot, with {@link #MARGIN} either side left open. */
    enum Side {
        BEFORE, AFTER, UNSURE;

        static Side of(Instant sent, Instant acked, Instant snapshot) {
            if (acked.isBefore(snapshot.minus(MARGIN))) return BEFORE;
            if (sent.isAfter(snapshot.plus(MARGIN))) return AFTER;
            return UNSURE;
        }
    }

    /** One LMTP delivery during the backup and when its 250 came back. */
    record Delivery(String subject, Instant acked) {}

    @Test
    void backupWhileDeliveringFlaggingAndExpungingRestoresExactlyWhatTheSnapshotAndTheCopiedJournalHold() throws Exception {
        Path backup = dir.resolve("backup");
        Map<String, String> liveEnv = ImapServe.env(TestDatabase.freshEmpty(), dir.resolve("live"), INSTANCE);
        List<Change> changes = new CopyOnWriteArrayList<>();
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        Map<String, Long> liveUids;
        try (ImapServe serve = ImapServe.start(dir, liveEnv)) {
            serve.addAccount(USER, PASSWORD);
            for (int i = 1; i <= PRE; i++) LmtpWire.deliver(serve.lmtp, USER, ReconcileSeenByImapClientTest.message("pre" + i));
            try (ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
                w.ok("SELECT INBOX");
                w.ok("UID STORE 1:" + FLAGGED_BEFORE + " +FLAGS.SILENT (\\Flagged)");
                w.ok("UID STORE " + (FLAGGED_BEFORE + 1) + ":" + (FLAGGED_BEFORE + EXPUNGED_BEFORE) + " +FLAGS.SILENT (\\Deleted)");
                w.ok("EXPUNGE");
            }

            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread deliverer = Thread.ofPlatform().name("lmtp-load").start(() -> {
                try {
                    for (int i = 1; !stop.get(); i++) {
                        LmtpWire.deliver(serve.lmtp, USER, ReconcileSeenByImapClientTest.message("during" + i));
                        deliveries.add(new Delivery("during" + i, Instant.now()));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            Thread imap = Thread.ofPlatform().name("imap-client").start(() -> {
                try (ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
                    w.ok("SELECT INBOX");
                    int made = 0;
                    for (long uid = FLAGGED_BEFORE + EXPUNGED_BEFORE + 1; uid <= PRE && !stop.get(); uid++) {
                        // A few changes while the backup process starts, the rest once it is about to take its snapshot.
                        while (made == CHANGES_BEFORE_SNAPSHOT && !started(backup) && !stop.get()) Thread.sleep(10);
                        made++;
                        Kind kind = uid % 2 == 0 ? Kind.FLAG : Kind.EXPUNGE;
                        Instant storeSent = Instant.now();
                        w.ok("UID STORE " + uid + " +FLAGS.SILENT (" + (kind == Kind.FLAG ? "\\Answered" : "\\Deleted") + ")");
                        Instant storeAcked = Instant.now();
                        if (kind == Kind.FLAG) {
                            changes.add(new Change(uid, kind, storeSent, storeAcked, null, null));
                        } else {
                            Instant expungeSent = Instant.now();
                            w.ok("UID EXPUNGE " + uid);
                            changes.add(new Change(uid, kind, storeSent, storeAcked, expungeSent, Instant.now()));
                        }
                        Thread.sleep(IMAP_PAUSE);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            Process backupProcess = mailstoreProcess(liveEnv, "backup", "create", backup.toString());
            assertTrue(backupProcess.waitFor(BACKUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "backup create did not finish");
            String backupOutput = new String(backupProcess.getInputStream().readAllBytes());
            assertEquals(0, backupProcess.exitValue(), backupOutput);
            Thread.sleep(IMAP_PAUSE.multipliedBy(3)); // some changes after the backup too: none of them may show up
            stop.set(true);
            deliverer.join();
            imap.join();
            if (failure.get() != null) throw new AssertionError("load failed", failure.get());
            try (ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
                liveUids = uidsBySubject(ReconcileSeenByImapClientTest.listing(w, "INBOX"));
            }
        }

        BackupDirectory backups = new BackupDirectory(backup);
        Manifest m = backups.list().getLast().manifest();
        Instant snapshot = m.snapshotAt();
        Set<Long> appendedInCopy = new HashSet<>();
        Set<Long> expungedInCopy = new HashSet<>();
        journalCopied(backup.resolve("backups").resolve(m.id().value()).resolve("journal"), appendedInCopy, expungedInCopy);

        Map<String, String> restoredEnv = ImapServe.env(TestDatabase.freshEmpty(), dir.resolve("restored"), INSTANCE);
        Cli.Result restored = new Cli(restoredEnv, dir).run("restore", backup.toString());
        assertEquals(0, restored.code(), restored.out() + restored.err());
        List<String> got;
        try (ImapServe serve = ImapServe.start(dir, restoredEnv); ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
            got = ReconcileSeenByImapClientTest.listing(w, "INBOX");
        }

        Map<Long, String> expected = new HashMap<>();
        Set<Long> either = new HashSet<>();
        for (long uid = 1; uid <= PRE; uid++) {
            if (uid > FLAGGED_BEFORE && uid <= FLAGGED_BEFORE + EXPUNGED_BEFORE) continue; // expunged before the snapshot
            expected.put(uid, uid + " pre" + uid + (uid <= FLAGGED_BEFORE ? " \\Flagged" : ""));
        }
        int before = 0;
        int after = 0;
        for (Change c : changes) {
            Side store = Side.of(c.storeSent(), c.storeAcked(), snapshot);
            Side last = c.kind() == Kind.FLAG ? store : Side.of(c.expungeSent(), c.expungeAcked(), snapshot);
            if (last == Side.BEFORE) before++;
            if (store == Side.AFTER) after++;
            String untouched = c.uid() + " pre" + c.uid();
            if (c.kind() == Kind.FLAG) {
                if (store == Side.BEFORE) expected.put(c.uid(), untouched + " \\Answered");
                if (store == Side.UNSURE) either.add(c.uid());
            } else if (last == Side.BEFORE || expungedInCopy.contains(c.uid())) {
                expected.remove(c.uid()); // expunged in the snapshot, or replayed from the copied journal
            } else if (last == Side.UNSURE || store == Side.UNSURE) {
                either.add(c.uid());
            } else if (store == Side.BEFORE) {
                expected.put(c.uid(), untouched + " \\Deleted"); // flagged in the snapshot, expunged only after it
            }
        }
        int duringCopied = 0;
        for (Delivery d : deliveries) {
            long uid = liveUids.get(d.subject());
            if (appendedInCopy.contains(uid)) {
                expected.put(uid, uid + " " + d.subject());
                if (d.acked().isAfter(snapshot)) duringCopied++;
            }
        }
        List<String> checked = new ArrayList<>(got.stream().filter(l -> !either.contains(Long.parseLong(l.split(" ")[0]))).toList());
        List<String> wanted = expected.entrySet().stream().filter(e -> !either.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
        String context = changes.size() + " IMAP changes (" + before + " before the snapshot, " + after + " after, " + either.size()
                + " too close to call), " + deliveries.size() + " deliveries during the backup (" + duringCopied
                + " acknowledged after the snapshot and restored from the journal)";
        LoggerFactory.getLogger(BackupWhileServingTest.class).info("checked {} restored messages: {}", checked.size(), context);
        assertEquals(wanted, checked, context);
        assertTrue(before > 0 && after > 0, "the IMAP changes must straddle the snapshot: " + context);
        assertFalse(deliveries.isEmpty(), context);
    }

    /** Whether backup create has made its directory: it takes the snapshot next. */
    private static boolean started(Path backup) throws IOException {
        Path backups = backup.resolve("backups");
        if (!Files.isDirectory(backups)) return false;
        try (Stream<Path> dirs = Files.list(backups)) {
            return dirs.findAny().isPresent();
        }
    }

    private Process mailstoreProcess(Map<String, String> env, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Map<String, Long> uidsBySubject(List<String> listing) {
        Map<String, Long> out = new HashMap<>();
        for (String line : listing) {
            String[] parts = line.split(" ");
            out.put(parts[1], Long.parseLong(parts[0]));
        }
        return out;
    }

    private static void journalCopied(Path journal, Set<Long> appended, Set<Long> expunged) throws IOException {
        if (!Files.isDirectory(journal)) return;
        try (Stream<JournalEntry> entries = JournalReader.readAll(journal)) {
            entries.map(JournalEntry::record).forEach(r -> {
                if (r instanceof JournalRecord.MessageAppended a && a.mailboxName().equals("INBOX")) appended.add(a.uid());
                if (r instanceof JournalRecord.MessagesExpunged e) for (long uid : e.uids()) expunged.add(uid);
            });
        }
    }
}
