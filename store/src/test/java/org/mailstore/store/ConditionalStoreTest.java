package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RFC 7162 CONDSTORE's store side: STORE UNCHANGEDSINCE and FETCH CHANGEDSINCE's UID filter. */
class ConditionalStoreTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void unchangedSinceLeavesMessagesChangedAfterTheLimitAloneAndNamesThem() {
        Account a = f.withMessages("cond@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        long base = f.mailbox(a, "INBOX").highestModseq();
        List<MessageView> bumped = f.store.messages().storeFlags(a, box, List.of(2L), Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged")));
        long two = bumped.getFirst().modseq();

        ConditionalStore r = f.store.messages().storeFlags(a, box, List.of(1L, 2L, 3L), Messages.FlagMode.ADD,
                Flags.of(List.of("\\Seen")), base);
        assertArrayEquals(new long[] {2L}, r.modified());
        assertEquals(List.of(1L, 3L), r.changed().stream().map(MessageView::uid).toList());
        List<MessageView> all = f.store.messages().list(a, box);
        assertEquals(List.of("\\Flagged"), all.get(1).flags().names(), "the modified message kept its flags");
        assertEquals(two, all.get(1).modseq());
        assertEquals(List.of("\\Seen"), all.get(0).flags().names());
    }

    @Test
    void unchangedSinceZeroFailsEveryMessage() {
        Account a = f.withMessages("zero@example.org", 2);
        long box = f.mailbox(a, "INBOX").id();
        long before = f.mailbox(a, "INBOX").highestModseq();
        ConditionalStore r = f.store.messages().storeFlags(a, box, List.of(1L, 2L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen")), 0);
        assertArrayEquals(new long[] {1L, 2L}, r.modified());
        assertEquals(List.of(), r.changed());
        assertEquals(before, f.mailbox(a, "INBOX").highestModseq());
    }

    @Test
    void uidsChangedSinceKeepsOnlyAskedUidsAboveTheModseq() {
        Account a = f.withMessages("since@example.org", 5);
        long box = f.mailbox(a, "INBOX").id();
        long base = f.mailbox(a, "INBOX").highestModseq();
        f.store.messages().storeFlags(a, box, List.of(2L, 4L, 5L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen")));
        assertArrayEquals(new long[] {2L, 4L}, f.store.messages().uidsChangedSince(a, box, new long[] {1L, 2L, 3L, 4L}, base));
        assertArrayEquals(new long[] {}, f.store.messages().uidsChangedSince(a, box, new long[] {1L, 3L}, base));
        assertArrayEquals(new long[] {1L, 2L, 3L, 4L, 5L}, f.store.messages().uidsChangedSince(a, box, new long[] {1L, 2L, 3L, 4L, 5L}, 0));
    }
}
