package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;
import org.mailstore.store.Flags;
import org.mailstore.store.Messages;
import org.mailstore.store.StoreFixture;

/**
 * RFC 7162 QRESYNC's point: a client that comes back after 1,000 flag changes and 100 expunges in a mailbox of
 * 1,200 messages is sent those changes (1,000 FETCH lines and one VANISHED (EARLIER) line), not the mailbox.
 */
class QresyncResyncTest {
    private static final int MESSAGES = 1200;
    private static final int FLAG_CHANGES = 1000;
    private static final int EXPUNGES = 100;
    /** FLAGS, EXISTS, RECENT, UNSEEN, UIDVALIDITY, UIDNEXT, PERMANENTFLAGS, MAILBOXID, HIGHESTMODSEQ. */
    private static final int SELECT_LINES = 9;
    private static final Pattern UIDVALIDITY = Pattern.compile("\\* OK \\[UIDVALIDITY (\\d+)\\].*");
    private static final Pattern HIGHESTMODSEQ = Pattern.compile("\\* OK \\[HIGHESTMODSEQ (\\d+)\\].*");

    @Test
    void resyncAfterThousandFlagChangesAndHundredExpungesSendsOnlyThose() throws IOException {
        try (LiveServer server = LiveServer.start()) {
            StoreFixture f = server.fixture;
            Account a = f.account("resync@example.org");
            for (int i = 1; i <= MESSAGES; i++) f.append(a, "INBOX", StoreFixture.message("message " + i, "body " + i));
            long box = f.mailbox(a, "INBOX").id();

            long uidValidity, modseq;
            try (ImapClient c = new ImapClient(server.address())) {
                c.login(a.address());
                List<String> lines = command(c, "e ENABLE QRESYNC");
                assertEquals(List.of("* ENABLED QRESYNC", "e OK ENABLE completed."), lines);
                lines = command(c, "s SELECT INBOX");
                uidValidity = Long.parseLong(find(lines, UIDVALIDITY));
                modseq = Long.parseLong(find(lines, HIGHESTMODSEQ));
                assertEquals(MESSAGES + 1, modseq, "the mailbox's first MODSEQ and one per arrival");
            }

            // Another client: ten STOREs of 100 messages each, then 100 other messages expunged.
            for (int k = 0; k < FLAG_CHANGES / 100; k++) {
                List<Long> uids = LongStream.rangeClosed(k * 100L + 1, k * 100L + 100).boxed().toList();
                f.store.messages().storeFlags(a, box, uids, Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged")));
            }
            f.store.messages().remove(a, box, LongStream.rangeClosed(MESSAGES - EXPUNGES + 1, MESSAGES).boxed().toList());

            try (ImapClient c = new ImapClient(server.address())) {
                c.login(a.address());
                command(c, "e ENABLE QRESYNC");
                List<String> lines = command(c, "s SELECT INBOX (QRESYNC (" + uidValidity + " " + modseq + "))");
                assertEquals("s OK [READ-WRITE] SELECT completed.", lines.getLast());
                List<String> fetches = lines.stream().filter(l -> l.contains(" FETCH (")).toList();
                List<String> vanished = lines.stream().filter(l -> l.startsWith("* VANISHED")).toList();
                assertEquals(FLAG_CHANGES, fetches.size());
                assertEquals("* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (" + (modseq + 1) + "))", fetches.getFirst());
                assertEquals("* 1000 FETCH (UID 1000 FLAGS (\\Flagged) MODSEQ (" + (modseq + 10) + "))", fetches.getLast());
                assertEquals(List.of("* VANISHED (EARLIER) 1101:1200"), vanished);
                assertEquals(SELECT_LINES + FLAG_CHANGES + 1 + 1, lines.size(), "select lines, the changes, the tagged OK");

                // The same question once selected: UID FETCH with CHANGEDSINCE and VANISHED gives the same answer.
                lines = command(c, "f UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modseq + " VANISHED)");
                assertEquals("* VANISHED (EARLIER) 1101:1200", lines.getFirst());
                assertEquals(FLAG_CHANGES + 2, lines.size());
                assertTrue(lines.stream().skip(1).limit(FLAG_CHANGES).allMatch(l -> l.contains(" FETCH (UID ")));

                // Nothing changed since the mailbox's newest MODSEQ: nothing but the usual SELECT lines.
                long newest = modseq + 11;
                lines = command(c, "t EXAMINE INBOX (QRESYNC (" + uidValidity + " " + newest + " 1:1200))");
                assertEquals("* OK [CLOSED] Previous mailbox is now closed.", lines.getFirst());
                assertEquals(SELECT_LINES + 2, lines.size(), String.join("\n", lines));
            }
        }
    }

    private static List<String> command(ImapClient c, String line) throws IOException {
        String tag = line.substring(0, line.indexOf(' '));
        c.send(line);
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = c.readLine();
            lines.add(l);
        } while (!l.startsWith(tag + " "));
        return lines;
    }

    private static String find(List<String> lines, Pattern p) {
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.matches()) return m.group(1);
        }
        throw new AssertionError("no line matches " + p + " in " + lines);
    }
}
