package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListedHeaderCacheTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    private static final List<String> STRINGS = List.of("report", "quarterly report", "lunch", "caf\u00e9", "alice", "nowhere");

    /**
     * A SEARCH that says how many messages the mailbox holds is answered from the server's copy; one that does not
     * (Long.MAX_VALUE) by PostgreSQL. Both must name the same candidates, before and after arrivals, expunges and
     * flag changes, with rows that have no search text (encoded-words, 8-bit) always among them.
     */
    @Test
    void theHeldTextsAnswerAsPostgresDoesAndFollowEveryArrivalAndExpunge() {
        Account a = f.withSearchSamples("listed-cache@example.org");
        long box = inboxAfterTheFirstRead(a);
        Messages m = f.store.messages();
        assertArrayEquals(new long[] {3, 4}, lunch(a, box, 4));
        f.append(a, "INBOX", "Subject: caf\u00e9 report\r\n\r\n8-bit\r\n");
        f.append(a, "INBOX", StoreFixture.message("Lunch report", "6"));
        sameAsPostgres(a, box, "after two arrivals");
        assertArrayEquals(new long[] {3, 4, 5, 6}, lunch(a, box, 6));
        m.remove(a, box, List.of(4L, 6L));
        m.storeFlags(a, box, List.of(1L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen", "$Later")));
        f.append(a, "INBOX", StoreFixture.message("Lunch again", "7"));
        sameAsPostgres(a, box, "after expunges, a flag change and an arrival");
        assertArrayEquals(new long[] {3, 5, 7}, lunch(a, box, 5));
    }

    /**
     * When only flags changed, or a message arrived and went again, the held entry's messages are kept as they are;
     * an expunge alone is not such a change. The answers stay PostgreSQL's, and the next arrival is still found.
     */
    @Test
    void anEntryWhoseMessagesAreTheSameAfterTheChangesKeepsAnsweringAsPostgres() {
        Account a = f.withSearchSamples("listed-cache-same@example.org");
        long box = inboxAfterTheFirstRead(a);
        Messages m = f.store.messages();
        m.storeFlags(a, box, List.of(3L), Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged")));
        sameAsPostgres(a, box, "after a flag change");
        long passing = f.append(a, "INBOX", StoreFixture.message("Lunch passing by", "5")).uid();
        m.remove(a, box, List.of(passing));
        sameAsPostgres(a, box, "after an arrival that went again");
        assertArrayEquals(new long[] {3, 4}, lunch(a, box, 10));
        m.remove(a, box, List.of(4L));
        sameAsPostgres(a, box, "after an expunge alone");
        assertArrayEquals(new long[] {3}, lunch(a, box, 10));
        long next = f.append(a, "INBOX", StoreFixture.message("Lunch at last", "6")).uid();
        sameAsPostgres(a, box, "after the next arrival");
        assertArrayEquals(new long[] {3, next}, lunch(a, box, 10));
    }

    /**
     * A flag change writes a new row version, which a sequential scan meets after the mailbox's other rows: the held
     * UIDs must be in UID order all the same, since bringing them up to date merges the changes into them.
     */
    @Test
    void theHeldUidsAscendWhateverOrderTheRowsLieIn() throws SQLException {
        Account a = f.withMessages("listed-cache-order@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        Messages m = f.store.messages();
        m.storeFlags(a, box, List.of(1L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen")));
        try (Connection c = f.dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off");
            try {
                DSLContext seqScans = DSL.using(c, SQLDialect.POSTGRES);
                ListedHeaderCache cache = new ListedHeaderCache(10, 1 << 20);
                assertArrayEquals(new long[] {1, 2, 3}, cache.candidates(seqScans, a.id(), box, List.of()), "first read");
                f.append(a, "INBOX", StoreFixture.message("fourth", "4"));
                m.remove(a, box, List.of(2L));
                assertArrayEquals(new long[] {1, 3, 4}, cache.candidates(seqScans, a.id(), box, List.of()), "brought up to date");
            } finally {
                st.execute("RESET ALL"); // the connection goes back to the fixture's pool
            }
        }
    }

    @Test
    void aMailboxAboveTheLimitIsLeftToPostgresAndAMissingOneHasNoUids() {
        Account a = f.withMessages("listed-cache-limit@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        DSLContext t = DSL.using(f.dataSource, SQLDialect.POSTGRES);
        assertNull(new ListedHeaderCache(2, 1 << 20).candidates(t, a.id(), box, List.of("x")));
        ListedHeaderCache cache = new ListedHeaderCache(3, 1 << 20);
        assertEquals(3, cache.candidates(t, a.id(), box, List.of()).length);
        f.append(a, "INBOX", StoreFixture.message("fourth", "4"));
        assertNull(cache.candidates(t, a.id(), box, List.of()), "grown past the limit: dropped");
        assertEquals(0, cache.bytes());
        assertArrayEquals(new long[0], cache.candidates(t, a.id(), Long.MAX_VALUE, List.of()));
        assertEquals(0, cache.bytes(), "nothing held for a mailbox that is not there");
    }

    @Test
    void pastTheBoundTheLeastRecentlyUsedMailboxIsDropped() {
        Account a = f.withMessages("listed-cache-bound-a@example.org", 2);
        Account b = f.withMessages("listed-cache-bound-b@example.org", 2);
        long boxA = f.mailbox(a, "INBOX").id(), boxB = f.mailbox(b, "INBOX").id();
        DSLContext t = DSL.using(f.dataSource, SQLDialect.POSTGRES);
        ListedHeaderCache roomy = new ListedHeaderCache(10, 1 << 20);
        roomy.candidates(t, a.id(), boxA, List.of());
        long one = roomy.bytes();
        roomy.candidates(t, b.id(), boxB, List.of());
        long both = roomy.bytes();
        assertTrue(one > 0 && both > one, one + " then " + both);
        ListedHeaderCache tight = new ListedHeaderCache(10, both - 1);
        tight.candidates(t, a.id(), boxA, List.of());
        tight.candidates(t, b.id(), boxB, List.of());
        assertEquals(both - one, tight.bytes(), "only the mailbox searched last is held");
        assertEquals(2, tight.candidates(t, a.id(), boxA, List.of()).length, "a dropped mailbox is read again");
        assertEquals(one, tight.bytes());
    }

    @Test
    void theMailboxDroppedIsTheOneLeastRecentlyUsed() {
        Account a = f.withMessages("listed-cache-lru-a@example.org", 2);
        // Of different sizes, so that which one was dropped shows in the bytes held.
        Account b = f.withMessages("listed-cache-lru-b@example.org", 3);
        Account c = f.withMessages("listed-cache-lru-c@example.org", 1);
        long boxA = f.mailbox(a, "INBOX").id(), boxB = f.mailbox(b, "INBOX").id(), boxC = f.mailbox(c, "INBOX").id();
        DSLContext t = DSL.using(f.dataSource, SQLDialect.POSTGRES);
        ListedHeaderCache roomy = new ListedHeaderCache(10, 1 << 20);
        long sizeA = sizeAfter(roomy, t, a, boxA), sizeB = sizeAfter(roomy, t, b, boxB) - sizeA;
        long sizeC = sizeAfter(roomy, t, c, boxC) - sizeA - sizeB;
        ListedHeaderCache cache = new ListedHeaderCache(10, sizeA + sizeB + sizeC - 1);
        cache.candidates(t, a.id(), boxA, List.of());
        cache.candidates(t, b.id(), boxB, List.of());
        cache.candidates(t, a.id(), boxA, List.of());
        cache.candidates(t, c.id(), boxC, List.of());
        assertEquals(sizeA + sizeC, cache.bytes(), "B, used before A's last use, is dropped");
    }

    private static long sizeAfter(ListedHeaderCache cache, DSLContext t, Account a, long box) {
        cache.candidates(t, a.id(), box, List.of());
        return cache.bytes();
    }

    private static void sameAsPostgres(Account a, long box, String when) {
        Messages m = f.store.messages();
        for (String s : STRINGS) {
            for (List<HeaderSubstring> wanted : List.of(subject(s), List.of(new HeaderSubstring("Subject", s), new HeaderSubstring("From", "alice")))) {
                assertArrayEquals(m.candidateUids(a, box, Flags.NONE, Flags.NONE, wanted, List.of(), Long.MAX_VALUE),
                        m.candidateUids(a, box, Flags.NONE, Flags.NONE, wanted, List.of(), 10), when + ": " + wanted);
            }
        }
    }

    /** {@code a}'s INBOX, once the first read has answered as PostgreSQL does. */
    private static long inboxAfterTheFirstRead(Account a) {
        long box = f.mailbox(a, "INBOX").id();
        sameAsPostgres(a, box, "first read");
        return box;
    }

    /** The cache's candidates for SUBJECT "lunch" in a mailbox said to hold {@code messages}. */
    private static long[] lunch(Account a, long box, long messages) {
        return f.store.messages().candidateUids(a, box, Flags.NONE, Flags.NONE, subject("lunch"), List.of(), messages);
    }

    private static List<HeaderSubstring> subject(String s) {
        return List.of(new HeaderSubstring("Subject", s));
    }
}
