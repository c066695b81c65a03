package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
