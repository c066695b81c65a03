package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RFC 8514 SAVEDATE's data: messages.saved_at read per UID and filtered by PostgreSQL. */
class SaveDatesTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    private static final Instant FIRST = Instant.parse("2026-01-10T08:00:00Z");
    private static final Instant SECOND = Instant.parse("2026-02-20T12:30:00.250Z");

    private static void setSavedAt(Account a, long mailboxId, long uid, Instant at) throws SQLException {
        try (var c = f.dataSource.getConnection();
             var st = c.prepareStatement("UPDATE messages SET saved_at = ? WHERE account_id = ? AND mailbox_id = ? AND uid = ?")) {
            st.setObject(1, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
            st.setLong(2, a.id());
            st.setLong(3, mailboxId);
            st.setLong(4, uid);
            assertEquals(1, st.executeUpdate());
        }
    }

    @Test
    void savedAtIsAlignedWithTheUidsAskedForAndMarksMissingOnes() throws SQLException {
        Account a = f.account("savedat@example.org");
        for (int i = 1; i <= 3; i++) f.append(a, "INBOX", StoreFixture.message("m" + i, "body"));
        long box = f.mailbox(a, "INBOX").id();
        setSavedAt(a, box, 1, FIRST);
        setSavedAt(a, box, 3, SECOND);
        assertArrayEquals(new long[] {FIRST.toEpochMilli(), SECOND.toEpochMilli(), Messages.NOT_SAVED},
                f.store.messages().savedAt(a, box, new long[] {1, 3, 2_000}));
        assertArrayEquals(new long[] {Messages.NOT_SAVED, FIRST.toEpochMilli()}, f.store.messages().savedAt(a, box, new long[] {0, 1}));
        long[] two = f.store.messages().savedAt(a, box, new long[] {2});
        assertTrue(two[0] > SECOND.toEpochMilli(), "message 2 keeps the time of its append");
        assertArrayEquals(new long[0], f.store.messages().savedAt(a, box, new long[0]));
        assertThrows(IllegalArgumentException.class, () -> f.store.messages().savedAt(a, box, new long[] {3, 1}));
    }

    @Test
    void uidsSavedBetweenFiltersInPostgresqlWithOpenEnds() throws SQLException {
        Account a = f.account("savedbetween@example.org");
        for (int i = 1; i <= 3; i++) f.append(a, "INBOX", StoreFixture.message("m" + i, "body"));
        long box = f.mailbox(a, "INBOX").id();
        setSavedAt(a, box, 1, FIRST);
        setSavedAt(a, box, 2, SECOND);
        assertArrayEquals(new long[] {1}, f.store.messages().uidsSavedBetween(a, box, null, SECOND));
        assertArrayEquals(new long[] {2, 3}, f.store.messages().uidsSavedBetween(a, box, SECOND, null));
        assertArrayEquals(new long[] {1, 2}, f.store.messages().uidsSavedBetween(a, box, FIRST, SECOND.plusMillis(1)));
        assertArrayEquals(new long[] {1, 2, 3}, f.store.messages().uidsSavedBetween(a, box, null, null));
        assertArrayEquals(new long[0], f.store.messages().uidsSavedBetween(a, box, FIRST.plusSeconds(1), SECOND));
    }

    @Test
    void copyAndMoveSaveAnewWhileTheSourceKeepsItsDate() throws SQLException {
        Account a = f.account("savedcopy@example.org");
        f.append(a, "INBOX", StoreFixture.message("m", "body"));
        f.store.mailboxes().create(a, "Copies");
        long box = f.mailbox(a, "INBOX").id();
        long copies = f.mailbox(a, "Copies").id();
        setSavedAt(a, box, 1, FIRST);
        f.store.messages().copy(a, box, List.of(1L), copies);
        assertArrayEquals(new long[] {FIRST.toEpochMilli()}, f.store.messages().savedAt(a, box, new long[] {1}));
        assertTrue(f.store.messages().savedAt(a, copies, new long[] {1})[0] > FIRST.toEpochMilli(), "COPY saves anew");
        setSavedAt(a, copies, 1, SECOND);
        f.store.mailboxes().create(a, "Moved");
        long moved = f.mailbox(a, "Moved").id();
        f.store.messages().move(a, copies, List.of(1L), moved);
        assertTrue(f.store.messages().savedAt(a, moved, new long[] {1})[0] > SECOND.toEpochMilli(), "MOVE saves anew");
    }
}
