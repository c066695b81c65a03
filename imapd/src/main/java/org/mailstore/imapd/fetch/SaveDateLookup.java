package org.mailstore.imapd.fetch;

import java.time.Instant;
import java.util.Arrays;
import org.mailstore.store.Messages;

/**
 * The save dates (RFC 8514) of the messages one FETCH writes, read in one store call before the rows stream, and
 * looked up per row by binary search: two primitive arrays, whatever the number of messages.
 */
public final class SaveDateLookup {
    private final long[] uids;
    private final long[] savedAtMillis;

    /** @param uids ascending; @param savedAtMillis aligned with them, as {@code Messages.savedAt} returns them */
    public SaveDateLookup(long[] uids, long[] savedAtMillis) {
        if (uids.length != savedAtMillis.length) throw new IllegalArgumentException("one save date per UID");
        this.uids = uids;
        this.savedAtMillis = savedAtMillis;
    }

    /** When the message was saved into the mailbox, or null when the store had no row for it (then SAVEDATE NIL). */
    public Instant of(long uid) {
        int i = Arrays.binarySearch(uids, uid);
        if (i < 0 || savedAtMillis[i] == Messages.NOT_SAVED) return null;
        return Instant.ofEpochMilli(savedAtMillis[i]);
    }
}
