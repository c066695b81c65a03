package org.mailstore.imapd.sort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand.SortCriterion;
import org.mailstore.imapd.command.ImapCommand.SortKey;
import org.mailstore.store.mime.BaseSubject;
import org.mailstore.store.mime.SortKeys;

/** RFC 5256 §3 SORT programs: key order, REVERSE per key, sent date fallback, ties in mailbox order. */
class SortOrderTest {

    private static final long DAY = 86_400_000L;

    private static MessageKeys keys() {
        MessageKeys k = new MessageKeys(4, EnumSet.allOf(MessageKeys.Column.class));
        // index, arrival, size, subject, from, display from, sent (NO_DATE: arrival stands in)
        k.set(0, 4 * DAY, 300, keys("Re: beta", "zed", "Alice", SortKeys.NO_DATE));
        k.set(1, 1 * DAY, 100, keys("alpha", "amy", "", 3 * DAY));
        k.set(2, 2 * DAY, 300, keys("Beta", "Bob", "", 1 * DAY));
        k.set(3, 3 * DAY, 200, keys("[x] alpha", "amy", "\u00c9mile", 5 * DAY));
        return k;
    }

    private static SortKeys keys(String subject, String from, String display, long sent) {
        String displayFrom = display.isEmpty() ? from.toUpperCase() + "@EXAMPLE.ORG" : display.toUpperCase();
        return new SortKeys(BaseSubject.of(subject), from.toUpperCase(), displayFrom, "", "", "", sent, null, List.of());
    }

    private static int[] sort(SortCriterion... program) {
        return SortOrder.of(keys(), List.of(program));
    }

    private static SortCriterion key(SortKey k) {
        return new SortCriterion(k, false);
    }

    private static SortCriterion reverse(SortKey k) {
        return new SortCriterion(k, true);
    }

    @Test
    void singleKeys() {
        assertArrayEquals(new int[] {1, 2, 3, 0}, sort(key(SortKey.ARRIVAL)));
        assertArrayEquals(new int[] {2, 1, 0, 3}, sort(key(SortKey.DATE))); // 0 has no Date: its arrival, day 4
        assertArrayEquals(new int[] {1, 3, 0, 2}, sort(key(SortKey.SIZE))); // 0 and 2 tie: mailbox order
        assertArrayEquals(new int[] {1, 3, 0, 2}, sort(key(SortKey.SUBJECT)));
        assertArrayEquals(new int[] {1, 3, 2, 0}, sort(key(SortKey.FROM)));
        // ALICE < AMY@EXAMPLE.ORG < BOB@EXAMPLE.ORG < \u00c9MILE (U+00C9 sorts after ASCII)
        assertArrayEquals(new int[] {0, 1, 2, 3}, sort(key(SortKey.DISPLAYFROM)));
    }

    @Test
    void reverseFlipsOnlyItsKeyAndTiesStayInMailboxOrder() {
        assertArrayEquals(new int[] {0, 2, 3, 1}, sort(reverse(SortKey.SIZE)));
        assertArrayEquals(new int[] {3, 1, 0, 2}, sort(key(SortKey.SUBJECT), reverse(SortKey.DATE)));
        assertArrayEquals(new int[] {0, 2, 3, 1}, sort(reverse(SortKey.SUBJECT), reverse(SortKey.SIZE)));
        assertArrayEquals(new int[] {1, 3, 2, 0}, sort(key(SortKey.FROM), key(SortKey.SUBJECT)));
        assertArrayEquals(new int[] {0, 1, 2, 3}, sort(key(SortKey.TO), key(SortKey.CC)));
    }

    @Test
    void stringsCompareInCodePointOrderNotUtf16Order() {
        String astral = new String(Character.toChars(0x1F600)); // a surrogate pair in UTF-16
        String privateUse = "\uE000";
        org.junit.jupiter.api.Assertions.assertEquals(1, Integer.signum(MessageKeys.compareStrings(astral, privateUse)));
        org.junit.jupiter.api.Assertions.assertEquals(-1, Integer.signum(MessageKeys.compareStrings("A" + privateUse, "A" + astral)));
        org.junit.jupiter.api.Assertions.assertEquals(-1, Integer.signum(MessageKeys.compareStrings("AB", "ABC")));
        org.junit.jupiter.api.Assertions.assertEquals(0, MessageKeys.compareStrings(astral, astral));
        org.junit.jupiter.api.Assertions.assertEquals(-1, Integer.signum(MessageKeys.compareStrings("Z", astral)));
    }
}
