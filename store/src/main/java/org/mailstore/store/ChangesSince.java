package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.EXPUNGED;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * An IMAP session's update at a command boundary ({@link Messages#changes}) as one statement on an autocommit
 * connection: the mailbox's HIGHESTMODSEQ, and only when it is above the MODSEQ the session knows, the messages
 * changed above it and (in the shape with expunges) the UIDs expunged above it, all from one snapshot.
 *
 * <p>It used to be a transaction of three statements: four round trips and a COMMIT at most commands of a session
 * whose mailbox others change, and the changed-rows query was planned anew on every call (162 µs under the IMAP
 * load) because its custom plan, knowing the MODSEQ is near the top, was always estimated cheaper than the generic
 * one. Here the known MODSEQ reaches the scans only through the {@code box} row, so both plans estimate it the same
 * way and PostgreSQL keeps the generic plan; the scans are still the MODSEQ indexes' range scans.
 */
final class ChangesSince {
    private static final int HIGHEST = 0, CHANGED = 1, EXPUNGE = 2;

    private static final Field<Integer> KIND = DSL.field(DSL.name("kind"), SQLDataType.INTEGER);
    /** The union's columns, named and typed as the message columns they carry. */
    private static final Field<Long> UID = column(MESSAGES.UID), MODSEQ = column(MESSAGES.MODSEQ), SIZE = column(MESSAGES.SIZE);
    private static final Field<Boolean> SEEN = column(MESSAGES.SEEN), ANSWERED = column(MESSAGES.ANSWERED),
            FLAGGED = column(MESSAGES.FLAGGED), DELETED = column(MESSAGES.DELETED), DRAFT = column(MESSAGES.DRAFT);
    private static final Field<String[]> KEYWORDS = column(MESSAGES.KEYWORDS);
    private static final Field<OffsetDateTime> INTERNAL_DATE = column(MESSAGES.INTERNAL_DATE);
    private static final Field<byte[]> BLOB_HASH = column(MESSAGES.BLOB_HASH);

    /** The columns after the kind, in the order every branch selects them; {@link #view} reads them by position. */
    private static final List<Field<?>> COLUMNS = List.of(UID, MODSEQ, SEEN, ANSWERED, FLAGGED, DELETED, DRAFT, KEYWORDS,
            INTERNAL_DATE, SIZE, BLOB_HASH);
    private static final Map<Field<?>, Integer> POSITIONS = positions();

    private static final RenderedQuery WITH_EXPUNGES = render(true);
    private static final RenderedQuery WITHOUT_EXPUNGES = render(false);

    private ChangesSince() {}

    static MailboxChanges read(DSLContext t, long accountId, long mailboxId, long knownModseq, boolean withExpunges) {
        RenderedQuery query = withExpunges ? WITH_EXPUNGES : WITHOUT_EXPUNGES;
        Long highest = null;
        List<MessageView> changed = new ArrayList<>();
        LongArrayBuilder expunged = new LongArrayBuilder();
        for (Record r : query.resultQuery(t, knownModseq, accountId, mailboxId).fetch()) {
            switch (r.get(KIND)) {
                case HIGHEST -> highest = value(r, MODSEQ);
                case CHANGED -> changed.add(view(r));
                default -> expunged.add(value(r, UID));
            }
        }
        if (highest == null) throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox (id " + mailboxId + ")");
        changed.sort((a, b) -> Long.compare(a.uid(), b.uid()));
        long[] uids = expunged.toArray();
        Arrays.sort(uids);
        return new MailboxChanges(highest, changed, uids);
    }

    /**
     * A changed message's row, read by position: mapping it by name onto a messages record ({@code into}) was 5% of
     * serve's samples under the IMAP load, which reads changes at most commands.
     */
    private static MessageView view(Record r) {
        return Messages.toView(value(r, UID), value(r, MODSEQ), value(r, SEEN), value(r, ANSWERED), value(r, FLAGGED),
                value(r, DELETED), value(r, DRAFT), value(r, KEYWORDS), value(r, INTERNAL_DATE), value(r, SIZE), value(r, BLOB_HASH));
    }

    private static <T> T value(Record r, Field<T> column) {
        return column.getType().cast(r.get(1 + POSITIONS.get(column)));
    }

    /** The statement's text, as sent: for tests of its plan. */
    static String sql(boolean withExpunges) {
        return (withExpunges ? WITH_EXPUNGES : WITHOUT_EXPUNGES).sql();
    }

    /**
     * {@code box} is referenced by every branch, so PostgreSQL reads the mailbox row once; a branch runs its scan
     * only when HIGHESTMODSEQ is above the known MODSEQ (a one-time filter), so a quiet mailbox costs one row read.
     */
    private static RenderedQuery render(boolean withExpunges) {
        CommonTableExpression<Record4<Long, Long, Long, Long>> box = DSL.name("box").fields("account_id", "mailbox_id", "highest", "known")
                .as(DSL.select(MAILBOXES.ACCOUNT_ID, MAILBOXES.MAILBOX_ID, MAILBOXES.HIGHESTMODSEQ, DSL.param("known", Long.class))
                        .from(MAILBOXES).where(Mailboxes.byKeyParams()));
        Field<Long> boxAccount = box.field("account_id", Long.class), boxMailbox = box.field("mailbox_id", Long.class);
        Field<Long> highest = box.field("highest", Long.class), known = box.field("known", Long.class);
        var head = DSL.with(box).select(row(HIGHEST, DSL.castNull(UID), highest, DSL.castNull(SEEN), DSL.castNull(ANSWERED),
                DSL.castNull(FLAGGED), DSL.castNull(DELETED), DSL.castNull(DRAFT), DSL.castNull(KEYWORDS),
                DSL.castNull(INTERNAL_DATE), DSL.castNull(SIZE), DSL.castNull(BLOB_HASH))).from(box);
        var changed = DSL.select(row(CHANGED, MESSAGES.UID, MESSAGES.MODSEQ, MESSAGES.SEEN, MESSAGES.ANSWERED, MESSAGES.FLAGGED,
                        MESSAGES.DELETED, MESSAGES.DRAFT, MESSAGES.KEYWORDS, MESSAGES.INTERNAL_DATE, MESSAGES.SIZE, MESSAGES.BLOB_HASH))
                .from(box).join(MESSAGES).on(MESSAGES.ACCOUNT_ID.eq(boxAccount)).and(MESSAGES.MAILBOX_ID.eq(boxMailbox))
                .and(MESSAGES.MODSEQ.gt(known))
                .where(highest.gt(known));
        var statement = head.unionAll(changed);
        if (withExpunges) {
            statement = statement.unionAll(DSL.select(row(EXPUNGE, EXPUNGED.UID, EXPUNGED.MODSEQ, DSL.castNull(SEEN),
                            DSL.castNull(ANSWERED), DSL.castNull(FLAGGED), DSL.castNull(DELETED), DSL.castNull(DRAFT),
                            DSL.castNull(KEYWORDS), DSL.castNull(INTERNAL_DATE), DSL.castNull(SIZE), DSL.castNull(BLOB_HASH)))
                    .from(box).join(EXPUNGED).on(EXPUNGED.ACCOUNT_ID.eq(boxAccount)).and(EXPUNGED.MAILBOX_ID.eq(boxMailbox))
                    .and(EXPUNGED.MODSEQ.gt(known))
                    .where(highest.gt(known)));
        }
        return RenderedQuery.of(statement, "known", "account", "mailbox");
    }

    private static Map<Field<?>, Integer> positions() {
        Map<Field<?>, Integer> at = new IdentityHashMap<>();
        for (int i = 0; i < COLUMNS.size(); i++) at.put(COLUMNS.get(i), i);
        return at;
    }

    private static <T> Field<T> column(Field<T> of) {
        return DSL.field(DSL.name(of.getName()), of.getDataType());
    }

    /**
     * One row of the union: the kind, then each value named after the column it stands for, in {@link #COLUMNS}'
     * order, so every branch reads alike.
     */
    private static SelectField<?>[] row(int kind, Field<?>... values) {
        SelectField<?>[] row = new SelectField<?>[values.length + 1];
        row[0] = DSL.inline(kind).as(KIND);
        for (int i = 0; i < values.length; i++) row[i + 1] = values[i].as(COLUMNS.get(i));
        return row;
    }
}
