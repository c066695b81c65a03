package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * When messages were saved into their mailbox ({@code messages.saved_at}: set by APPEND, delivery, COPY and MOVE,
 * since each inserts a new row), for IMAP SAVEDATE (RFC 8514). Both reads stream through a cursor into primitives,
 * so a million-message mailbox costs 8 MB and no per-message objects.
 */
final class SaveDates {
    private final Transactions tx;

    SaveDates(Transactions tx) {
        this.tx = tx;
    }

    long[] savedAt(Account account, long mailboxId, long[] uids) {
        long[] out = new long[uids.length];
        Arrays.fill(out, Messages.NOT_SAVED);
        if (uids.length == 0) return out;
        // One scan over the span of the UIDs asked for: a FETCH 1:* is one query, not one per message.
        Condition span = Messages.inMailbox(account.id(), mailboxId).and(MESSAGES.UID.between(uids[0], uids[uids.length - 1]));
        return tx.run(c -> {
            try (ResultSet rs = DSL.using(c).select(MESSAGES.UID, MESSAGES.SAVED_AT).from(MESSAGES).where(span)
                    .orderBy(MESSAGES.UID).fetchSize(Messages.UID_CURSOR_ROWS).fetchResultSet()) {
                int i = 0;
                while (rs.next() && i < uids.length) {
                    long uid = rs.getLong(1);
                    while (i < uids.length && uids[i] < uid) i++;
                    if (i < uids.length && uids[i] == uid) out[i++] = rs.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli();
                }
            }
            return out;
        });
    }

    long[] uidsSavedBetween(Account account, long mailboxId, Instant from, Instant to) {
        Condition which = Messages.inMailbox(account.id(), mailboxId);
        if (from != null) which = which.and(MESSAGES.SAVED_AT.ge(OffsetDateTime.ofInstant(from, ZoneOffset.UTC)));
        if (to != null) which = which.and(MESSAGES.SAVED_AT.lt(OffsetDateTime.ofInstant(to, ZoneOffset.UTC)));
        Condition where = which;
        return tx.run(c -> {
            LongArrayBuilder out = new LongArrayBuilder();
            try (ResultSet rs = DSL.using(c).select(MESSAGES.UID).from(MESSAGES).where(where)
                    .orderBy(MESSAGES.UID).fetchSize(Messages.UID_CURSOR_ROWS).fetchResultSet()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out.toArray();
        });
    }
}
