package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;
import org.mailstore.store.MessageView;
import org.mailstore.store.Recipient;

/**
 * Invariant 3 for POP3: a 10,000-message maildrop is logged into, counted, listed and UIDL'd
 * with the blob tree moved away, so none of it can have touched a file. Only RETR needs the tree.
 */
class LargeMaildropWithoutBlobTreeTest {
    static final int MESSAGES = 10_000;

    private static LiveServer live;

    @BeforeAll
    static void start() throws IOException {
        live = LiveServer.start();
    }

    @AfterAll
    static void stop() throws IOException {
        live.close();
    }

    @Test
    void statListAndUidlOfTenThousandMessagesNeedNoBlobTree() throws IOException {
        Account a = live.fixture.account("big@example.org");
        List<MessageView> expected = TenThousand.fill(live.fixture.store, a, MESSAGES);
        long uidValidity = live.fixture.mailbox(a, "INBOX").uidValidity();
        long total = expected.stream().mapToLong(MessageView::size).sum();

        Path away = live.fixture.blobDir.resolveSibling("blobs-away");
        Files.move(live.fixture.blobDir, away);
        try (Pop3Client c = live.connect().login(a.address(), "secret")) {
            assertEquals("+OK " + MESSAGES + " " + total, c.command("STAT"));
            List<String> wantList = new ArrayList<>(), wantUidl = new ArrayList<>();
            for (int n = 1; n <= MESSAGES; n++) {
                wantList.add(n + " " + expected.get(n - 1).size());
                wantUidl.add(n + " " + String.format("%08X%08X", expected.get(n - 1).uid(), uidValidity));
            }
            assertEquals(wantList, c.multiline("LIST"));
            List<String> uidl = c.multiline("UIDL");
            assertEquals(wantUidl, uidl);
            assertEquals(MESSAGES, new HashSet<>(uidl.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList()).size());
            assertEquals("+OK " + MESSAGES + " " + expected.getLast().size(), c.command("LIST " + MESSAGES));
            assertEquals("-ERR There's no message " + (MESSAGES + 1) + ".", c.command("LIST " + (MESSAGES + 1)));
            assertEquals("-ERR [SYS/TEMP] Message content is unavailable right now.", c.command("RETR 1"));
            assertEquals("+OK Marked to be deleted.", c.command("DELE 5000"));
            assertEquals("+OK Logging out, messages deleted.", c.command("QUIT"));
        } finally {
            Files.move(away, live.fixture.blobDir);
        }
        assertEquals(MESSAGES - 1, live.fixture.mailbox(a, "INBOX").messages());
    }

    /** Bulk-loads a maildrop quickly: three deliveries, then copies of copies inside INBOX. */
    static final class TenThousand {
        private TenThousand() {}

        static List<MessageView> fill(org.mailstore.store.MailStore store, Account a, int count) {
            for (String m : List.of(Samples.SIMPLE, Samples.DOTS, PoplibEndToEndTest.big())) {
                store.delivery().deliver(Samples.bytes(m), List.of(new Recipient(a.address())), Samples.DATE);
            }
            long inbox = store.mailboxes().find(a, "INBOX").orElseThrow().id();
            List<MessageView> all = store.messages().list(a, inbox);
            while (all.size() < count) {
                List<Long> uids = all.stream().limit(count - all.size()).map(MessageView::uid).toList();
                store.messages().copy(a, inbox, uids, inbox);
                all = store.messages().list(a, inbox);
            }
            return all;
        }
    }
}
