package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * Issue 6's restore scenarios end to end: mail delivered over LMTP and read, flagged and expunged over IMAP by a
 * real {@code serve}; the database, blob tree and journal brought back from different moments (a {@code backup
 * create} snapshot restored into another database, a blob tree copied earlier, a database lost); {@code mailstore
 * reconcile} from the command line; then {@code serve} again and an IMAP client checks what it sees: UIDVALIDITY,
 * UIDs, subjects, flags, and whether a body can be fetched. gc racing deliveries (scenario g) stays at the store
 * level in the reconciler's GcRacingDeliveriesTest: an IMAP client adds nothing to that race.
 */
class ReconcileSeenByImapClientTest {
    static final String USER = "rec@example.org";
    static final String PASSWORD = "pw";
    static final String INSTANCE = "live";
    private static final Pattern UIDVALIDITY = Pattern.compile("\\[UIDVALIDITY (\\d+)]");
    private static final Pattern UIDNEXT = Pattern.compile("\\[UIDNEXT (\\d+)]");
    private static final Pattern LISTED = Pattern.compile(
            "^\\* \\d+ FETCH \\(UID (\\d+) FLAGS \\(([^)]*)\\) BODY\\[HEADER\\.FIELDS \\(SUBJECT\\)] \\{\\d+}\r\nSubject: ([^\r]*)\r\n",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    @TempDir
    Path dir;

    static String message(String subject) {
        return "From: s@example.net\r\nTo: " + USER + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject
                + "@example.net>\r\n\r\n" + subject + " body\r\n";
    }

    /** (a) and (f): the database comes back from a backup, the blob tree and journal are the live ones. */
    @Test
    void databaseOlderThanBlobsAndJournalGetsLaterMailBackWithItsUidsAndNotWhatWasExpunged() throws Exception {
        Path live = dir.resolve("live");
        long uidValidity;
        long projectsUidValidity;
        try (ImapServe serve = ImapServe.start(dir, ImapServe.env(TestDatabase.freshEmpty(), live, INSTANCE))) {
            serve.addAccount(USER, PASSWORD);
            for (String s : List.of("one", "two", "three")) LmtpWire.deliver(serve.lmtp, USER, message(s));
            try (ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
                uidValidity = uidValidity(w.ok("SELECT INBOX"));
                w.ok("FETCH 1 BODY[]");
                w.ok("STORE 2 +FLAGS.SILENT (\\Deleted)");
                w.ok("EXPUNGE");
                ok(serve.cli().run("backup", "create", dir.resolve("backup").toString()), "backup create");

                LmtpWire.deliver(serve.lmtp, USER, message("four"));
                LmtpWire.deliver(serve.lmtp, USER, message("five"));
                w.ok("NOOP");
                w.ok("UID STORE 3 +FLAGS.SILENT (\\Deleted)");
                w.ok("EXPUNGE");
                w.ok("CREATE Projects");
                w.ok("UID MOVE 5 Projects");
                projectsUidValidity = uidValidity(w.ok("EXAMINE Projects"));
                assertEquals(List.of("1 one \\Seen", "4 four"), listing(w, "INBOX"));
            }
        }

        TestDatabase.Coordinates older = TestDatabase.freshEmpty();
        ok(new Cli(ImapServe.env(older, dir.resolve("restored"), INSTANCE), dir).run("restore", dir.resolve("backup").toString()), "restore");
        // The restored database with the live blob tree and journal, as after a database-only restore.
        Map<String, String> mismatchedEnv = ImapServe.env(older, live, INSTANCE);
        Cli mismatched = new Cli(mismatchedEnv, dir);
        // four back in INBOX, five in INBOX and then moved; three's expunge and five's (the move) honoured.
        List<String> expected = List.of("mailbox-recreated 1", "uidvalidity-floor-raised 1", "message-replayed 2",
                "expunge-replayed 2", "uidnext-raised 1", "highestmodseq-raised 1", "flags-from-delivery 2");
        Cli.Result check = mismatched.run("reconcile", "--check");
        assertEquals(1, check.code(), check.out() + check.err());
        assertEquals(expected, findings(check));
        Cli.Result repair = mismatched.run("reconcile");
        assertEquals(0, repair.code(), repair.out() + repair.err());
        assertEquals(expected, findings(repair));
        assertAgainChangesNothing(mismatched);

        try (ImapServe serve = ImapServe.start(dir, mismatchedEnv)) {
            try (ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
                List<String> inbox = w.ok("SELECT INBOX");
                assertEquals(uidValidity, uidValidity(inbox));
                assertEquals(6, uidNext(inbox));
                assertEquals(List.of("1 one \\Seen", "4 four"), listing(w, "INBOX"));
                List<String> projects = w.ok("SELECT Projects");
                assertEquals(projectsUidValidity, uidValidity(projects));
                assertEquals(List.of("1 five"), listing(w, "Projects"));
                LmtpWire.deliver(serve.lmtp, USER, message("six"));
                assertEquals(List.of("1 one \\Seen", "4 four", "6 six"), listing(w, "INBOX"));
            }
        }
    }

    /** (b): the blob tree comes back from before two deliveries; the database is current. */
    @Test
    void blobsOlderThanTheDatabaseLeaveListableRowsUntilExpungedOnRequest() throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> env = ImapServe.env(TestDatabase.freshEmpty(), data, INSTANCE);
        try (ImapServe serve = ImapServe.start(dir, env)) {
            serve.addAccount(USER, PASSWORD);
            LmtpWire.deliver(serve.lmtp, USER, message("one"));
            copyTree(data.resolve("blobs"), dir.resolve("blobs-earlier"), false);
            LmtpWire.deliver(serve.lmtp, USER, message("two"));
            LmtpWire.deliver(serve.lmtp, USER, message("three"));
            try (ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
                w.ok("SELECT INBOX");
                w.ok("FETCH 2 BODY[]");
            }
        }
        deleteTree(data.resolve("blobs"));
        copyTree(dir.resolve("blobs-earlier"), data.resolve("blobs"), false);

        Cli cli = new Cli(env, dir);
        Cli.Result check = cli.run("reconcile", "--check");
        assertEquals(1, check.code(), check.out() + check.err());
        assertEquals(List.of("missing-blob 2"), findings(check));
        Cli.Result kept = cli.run("reconcile", "--missing=report");
        assertEquals(1, kept.code(), "missing blobs stay unresolved: " + kept.out() + kept.err());
        assertEquals(List.of("missing-blob 2"), findings(kept));

        try (ImapServe serve = ImapServe.start(dir, env); ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
            assertEquals(List.of("1 one", "2 two \\Seen", "3 three"), listing(w, "INBOX"));
            assertTrue(w.ok("SELECT INBOX").contains("* 3 EXISTS"));
            assertEquals(List.of("* 1 FETCH (BODY[TEXT] {10}\r\none body\r\n)"), w.ok("FETCH 1 BODY.PEEK[TEXT]"));
            assertUnavailable(w, "FETCH 2 BODY[]");
            assertUnavailable(w, "UID FETCH 3 BODY.PEEK[TEXT]");

            // Beside the live server (docs/operations.md allows it): the expunge reaches the selected session.
            Cli.Result expunged = cli.run("reconcile", "--missing=expunge");
            assertEquals(0, expunged.code(), expunged.out() + expunged.err());
            assertEquals(List.of("missing-blob 2"), findings(expunged));
            assertEquals(List.of("* 3 EXPUNGE", "* 2 EXPUNGE"), w.ok("NOOP"));
            assertEquals(List.of("1 one"), listing(w, "INBOX"));
        }
        assertAgainChangesNothing(new Cli(env, dir));
    }

    /** (c): the database is gone; a new empty one is rebuilt from the blob tree and the journal. */
    @Test
    void databaseLostComesBackWithMailboxesAndOriginalUids() throws Exception {
        Path data = dir.resolve("data");
        long inboxValidity;
        long projectsValidity;
        try (ImapServe serve = ImapServe.start(dir, ImapServe.env(TestDatabase.freshEmpty(), data, INSTANCE))) {
            serve.addAccount(USER, PASSWORD);
            for (String s : List.of("one", "two", "three", "four")) LmtpWire.deliver(serve.lmtp, USER, message(s));
            try (ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
                inboxValidity = uidValidity(w.ok("SELECT INBOX"));
                w.ok("FETCH 1 BODY[]");
                w.ok("CREATE Projects");
                w.ok("UID MOVE 2 Projects");
                w.ok("UID STORE 3 +FLAGS.SILENT (\\Deleted)");
                w.ok("EXPUNGE");
                projectsValidity = uidValidity(w.ok("EXAMINE Projects"));
            }
        }

        Map<String, String> env = ImapServe.env(TestDatabase.freshEmpty(), data, INSTANCE);
        Cli cli = new Cli(env, dir);
        Cli.Result repair = cli.run("reconcile");
        assertEquals(0, repair.code(), repair.out() + repair.err());
        // The seven mailboxes (account add's six and Projects); one, four and two (moved) back; three's and two's
        // expunges from INBOX honoured; one's \\Seen is lost (set after delivery, not journaled).
        assertEquals(List.of("account-recreated 1", "mailbox-recreated 7", "message-replayed 3", "expunge-replayed 2",
                "flags-from-delivery 2"), findings(repair));
        assertAgainChangesNothing(cli);

        try (ImapServe serve = ImapServe.start(dir, env)) {
            try (ImapWire w = new ImapWire(serve.imap)) {
                w.readLine();
                assertTrue(w.command("LOGIN " + USER + " " + PASSWORD).getLast().matches("a1 NO \\[AUTHENTICATIONFAILED].*"),
                        "a rebuilt account cannot log in before account passwd");
            }
            ok(serve.cli().runWithInput((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8), Optional.empty(),
                    "account", "passwd", USER, "--password-stdin"), "account passwd");
            try (ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
                List<String> inbox = w.ok("SELECT INBOX");
                assertEquals(inboxValidity, uidValidity(inbox));
                assertEquals(5, uidNext(inbox));
                // \Seen was set after delivery; the journal does not carry flags (reported as flags-from-delivery).
                assertEquals(List.of("1 one", "4 four"), listing(w, "INBOX"));
                assertEquals(projectsValidity, uidValidity(w.ok("EXAMINE Projects")));
                assertEquals(List.of("1 two"), listing(w, "Projects"));
                assertEquals(List.of("* 1 FETCH (BODY[TEXT] {10}\r\ntwo body\r\n)"), w.ok("FETCH 1 BODY.PEEK[TEXT]"));
            }
        }
    }

    /** (d): one blob's bytes rot on disk; --verify-content quarantines it and the client can no longer fetch it. */
    @Test
    void aCorruptBlobIsQuarantinedAndItsBodyIsUnavailable() throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> env = ImapServe.env(TestDatabase.freshEmpty(), data, INSTANCE);
        try (ImapServe serve = ImapServe.start(dir, env); ImapWire w = login(serve)) {
            LmtpWire.deliver(serve.lmtp, USER, message("one"));
            LmtpWire.deliver(serve.lmtp, USER, message("two"));
            Path blob = blobContaining(data.resolve("blobs"), "Subject: two");
            blob.toFile().setWritable(true);
            Files.writeString(blob, Files.readString(blob, StandardCharsets.UTF_8).replace("two body", "tw0 body"), StandardCharsets.UTF_8);
            w.ok("SELECT INBOX");
            assertEquals(List.of("* 2 FETCH (BODY[TEXT] {10}\r\ntw0 body\r\n)"), w.ok("FETCH 2 BODY.PEEK[TEXT]"),
                    "nothing re-hashes on read: only reconcile --verify-content finds rot");

            Cli cli = new Cli(env, dir);
            Cli.Result plain = cli.run("reconcile", "--check");
            assertEquals(0, plain.code(), "a plain check does not read content: " + plain.out());
            Cli.Result check = cli.run("reconcile", "--check", "--verify-content");
            assertEquals(1, check.code(), check.out() + check.err());
            assertEquals(List.of("corrupt-blob 1"), findings(check));
            Cli.Result repair = cli.run("reconcile", "--verify-content", "--report", dir.resolve("repair.json").toString());
            // Quarantined, the blob is gone from the tree: its message is then a missing blob, kept and listed.
            assertEquals(List.of("missing-blob 1", "corrupt-blob 1"), findings(repair));
            assertEquals(1, repair.code(), repair.out() + repair.err());
            String report = Files.readString(dir.resolve("repair.json"));
            assertTrue(report.contains("\"kind\":\"corrupt-blob\""), report);
            assertTrue(report.contains("\"account\":\"" + USER + "\""), report);
            assertEquals(List.of(blob.getFileName().toString()), quarantined(data));

            assertEquals(List.of("1 one", "2 two"), listing(w, "INBOX"));
            assertEquals(List.of("* 1 FETCH (BODY[TEXT] {10}\r\none body\r\n)"), w.ok("FETCH 1 BODY.PEEK[TEXT]"));
            assertUnavailable(w, "FETCH 2 BODY.PEEK[TEXT]");
            Cli.Result after = cli.run("reconcile", "--check");
            assertEquals(1, after.code(), "the message is now missing its blob: " + after.out());
            assertEquals(List.of("missing-blob 1"), findings(after));
        }
    }

    /**
     * (e): the database came back from a backup and serve was started without a reconcile, so UID 2, which a client
     * had seen as "alpha", was handed out again for "beta". When the journal that recorded "alpha" is put back,
     * reconcile cannot tell which one a client holds under UID 2: the mailbox gets a new UIDVALIDITY.
     */
    @Test
    void aUidHandedOutTwiceGivesTheClientANewUidValidity() throws Exception {
        Path live = dir.resolve("live");
        long uidValidity;
        try (ImapServe serve = ImapServe.start(dir, ImapServe.env(TestDatabase.freshEmpty(), live, INSTANCE));
             ImapWire w = login(serve)) {
            LmtpWire.deliver(serve.lmtp, USER, message("one"));
            ok(serve.cli().run("backup", "create", dir.resolve("backup").toString()), "backup create");
            LmtpWire.deliver(serve.lmtp, USER, message("alpha"));
            uidValidity = uidValidity(w.ok("SELECT INBOX"));
            assertEquals(List.of("1 one", "2 alpha"), listing(w, "INBOX"));
        }

        Path restoredData = dir.resolve("restored");
        Map<String, String> env = ImapServe.env(TestDatabase.freshEmpty(), restoredData, "restored");
        ok(new Cli(env, dir).run("restore", dir.resolve("backup").toString()), "restore");
        try (ImapServe serve = ImapServe.start(dir, env); ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
            LmtpWire.deliver(serve.lmtp, USER, message("beta"));
            assertEquals(uidValidity, uidValidity(w.ok("SELECT INBOX")));
            assertEquals(List.of("1 one", "2 beta"), listing(w, "INBOX"), "the reuse a reconcile must undo");
        }
        // The live journal and blob tree come back: segments only grow, blobs are never overwritten.
        copyTree(live.resolve("journal"), restoredData.resolve("journal"), true);
        copyTree(live.resolve("blobs"), restoredData.resolve("blobs"), false);

        Cli cli = new Cli(env, dir);
        Cli.Result check = cli.run("reconcile", "--check");
        assertEquals(1, check.code(), check.out() + check.err());
        assertEquals(List.of("uid-conflict 1", "uidvalidity-bumped 1"), findings(check));
        Cli.Result repair = cli.run("reconcile");
        assertEquals(0, repair.code(), repair.out() + repair.err());
        assertEquals(List.of("uid-conflict 1", "uidvalidity-bumped 1"), findings(repair));
        assertAgainChangesNothing(cli);

        try (ImapServe serve = ImapServe.start(dir, env); ImapWire w = ImapWire.login(serve.imap, USER, PASSWORD)) {
            List<String> inbox = w.ok("SELECT INBOX");
            assertTrue(uidValidity(inbox) > uidValidity, inbox.toString());
            assertEquals(4, uidNext(inbox));
            assertEquals(List.of("1 one", "2 beta", "3 alpha"), listing(w, "INBOX"), "both candidates kept, renumbered");
        }
    }

    private static ImapWire login(ImapServe serve) throws IOException {
        serve.addAccount(USER, PASSWORD);
        return ImapWire.login(serve.imap, USER, PASSWORD);
    }

    private static void assertUnavailable(ImapWire w, String fetch) throws IOException {
        List<String> lines = w.command(fetch);
        assertTrue(lines.getLast().matches("a\\d+ NO \\[UNAVAILABLE] Message content is unavailable right now\\."), lines.toString());
    }

    /** The blob file whose bytes contain {@code marker}. */
    private static Path blobContaining(Path blobs, String marker) throws IOException {
        try (Stream<Path> files = Files.walk(blobs)) {
            List<Path> found = files.filter(Files::isRegularFile).filter(f -> contains(f, marker)).toList();
            assertEquals(1, found.size(), found.toString());
            return found.getFirst();
        }
    }

    private static boolean contains(Path file, String marker) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1).contains(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> quarantined(Path data) throws IOException {
        try (Stream<Path> files = Files.walk(data.resolve("blobs/quarantine"))) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList();
        }
    }

    /** Copies the regular files under {@code from} to the same places under {@code to}; keeps existing ones unless told. */
    static void copyTree(Path from, Path to, boolean replace) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                Files.createDirectories(target.getParent());
                if (replace) Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                else if (!Files.exists(target)) Files.copy(f, target);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.delete(p);
            }
        }
    }

    /** (f): a second repair run finds nothing to repair, and a check agrees. */
    private static void assertAgainChangesNothing(Cli cli) {
        Cli.Result again = cli.run("reconcile");
        assertEquals(0, again.code(), again.out() + again.err());
        assertEquals(List.of(), findings(again));
        Cli.Result check = cli.run("reconcile", "--check");
        assertEquals(0, check.code(), check.out() + check.err());
        assertEquals(List.of(), findings(check));
    }

    /** reconcile's "KIND COUNT" summary lines, without the closing totals line. */
    static List<String> findings(Cli.Result r) {
        List<String> lines = r.out().lines().toList();
        return lines.subList(0, lines.size() - 1);
    }

    private static Cli.Result ok(Cli.Result r, String what) {
        if (r.code() != 0) throw new AssertionError(what + " exited " + r.code() + ": " + r.out() + r.err());
        return r;
    }

    /** Every message of the mailbox as "UID subject flags", selecting it first. */
    static List<String> listing(ImapWire w, String mailbox) throws IOException {
        w.ok("EXAMINE " + mailbox);
        List<String> out = new ArrayList<>();
        for (String line : w.ok("UID FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (Subject)])")) {
            Matcher m = LISTED.matcher(line);
            if (!m.find()) throw new AssertionError("unexpected: " + line);
            out.add((m.group(1) + " " + m.group(3) + " " + m.group(2).replace("\\Recent", "")).strip());
        }
        return out;
    }

    static long uidValidity(List<String> selected) {
        return number(UIDVALIDITY, selected);
    }

    static long uidNext(List<String> selected) {
        return number(UIDNEXT, selected);
    }

    private static long number(Pattern p, List<String> lines) {
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) return Long.parseLong(m.group(1));
        }
        throw new AssertionError(p + " not in " + lines);
    }
}
