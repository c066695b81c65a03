package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** Statements rendered once from the DSL: every value a named param, and the text jOOQ would send itself. */
class RenderedQueryTest {
    private static final DSLContext DSL_CONTEXT = DSL.using(SQLDialect.POSTGRES, MailStore.renderSettings());

    @Test
    void aValueThatIsNotANamedParamIsRefused() {
        var update = DSL.update(MESSAGES).set(MESSAGES.MODSEQ, 5L).where(MESSAGES.UID.eq(DSL.param("uid", Long.class)));
        assertThrows(IllegalArgumentException.class, () -> RenderedQuery.of(update, "uid"));
    }

    @Test
    void paramsNamedOutOfOrderAreRefused() {
        var select = DSL.select(MESSAGES.UID).from(MESSAGES)
                .where(MESSAGES.ACCOUNT_ID.eq(DSL.param("account", Long.class))).and(MESSAGES.MAILBOX_ID.eq(DSL.param("mailbox", Long.class)));
        assertThrows(IllegalArgumentException.class, () -> RenderedQuery.of(select, "mailbox", "account"));
    }

    @Test
    void aParamUsedTwiceIsRefused() {
        var p = DSL.param("account", Long.class);
        var select = DSL.select(MESSAGES.UID).from(MESSAGES).where(MESSAGES.ACCOUNT_ID.eq(p)).or(MESSAGES.MAILBOX_ID.eq(p));
        assertThrows(IllegalArgumentException.class, () -> RenderedQuery.of(select, "account"));
    }

    @Test
    void textIsWhatJooqRendersForTheSameValuesAndTheValuesAreBound() {
        Long[] uids = {3L, 4L};
        var shape = RenderedQuery.of(DSL.select(MESSAGES.UID).from(MESSAGES)
                .where(MESSAGES.ACCOUNT_ID.eq(DSL.param("account", Long.class)))
                .and(MESSAGES.UID.eq(DSL.any(DSL.param("uids", SQLDataType.BIGINT.array())))), "account", "uids");
        var direct = DSL_CONTEXT.select(MESSAGES.UID).from(MESSAGES)
                .where(MESSAGES.ACCOUNT_ID.eq(7L)).and(MESSAGES.UID.eq(DSL.any(uids)));

        var bound = shape.resultQuery(DSL_CONTEXT, 7L, uids);

        assertEquals(DSL_CONTEXT.render(direct), shape.sql());
        assertEquals(shape.sql(), DSL_CONTEXT.render(bound), "what an execution sends");
        assertEquals(List.of(7L, uids), bound.getBindValues());
    }

    /** An execution hands jOOQ the text already cut at its values: the text itself is never scanned again. */
    @Test
    void anExecutionRendersTheValuesBetweenTheSamePieces() {
        var shape = RenderedQuery.of(DSL.select(MESSAGES.UID).from(MESSAGES)
                .where(MESSAGES.ACCOUNT_ID.eq(DSL.param("account", Long.class)))
                .and(MESSAGES.LIST_SEARCH.eq(DSL.param("subject", String.class)))
                .and(MESSAGES.KEYWORDS.eq(DSL.param("keywords", MESSAGES.KEYWORDS.getDataType()))), "account", "subject", "keywords");

        var bound = shape.resultQuery(DSL_CONTEXT, 7L, "a ? b {0}", new String[] {"$Work"});

        assertEquals(shape.sql(), DSL_CONTEXT.render(bound));
        assertEquals(List.of(7L, "a ? b {0}", List.of("$Work")), bound.getBindValues().stream()
                .map(v -> v instanceof String[] a ? List.of(a) : v).toList());
    }

    @Test
    void aWrongNumberOfValuesIsRefused() {
        var shape = RenderedQuery.of(DSL.select(MESSAGES.UID).from(MESSAGES).where(MESSAGES.ACCOUNT_ID.eq(DSL.param("account", Long.class))),
                "account");
        assertThrows(IllegalArgumentException.class, () -> shape.resultQuery(DSL_CONTEXT, 1L, 2L));
    }

    /**
     * PostgreSQL plans a statement it keeps prepared once for unknown values: a plain STORE must not carry the
     * UNCHANGEDSINCE bound, which planned generically steered the UPDATE to the MODSEQ index over a whole mailbox.
     */
    @Test
    void plainStoreHasItsOwnTextWithoutTheModseqBound() {
        Flags seen = Flags.of(List.of("\\Seen"));
        String plain = Messages.storeStatement(Messages.FlagMode.ADD, seen, false);
        String conditional = Messages.storeStatement(Messages.FlagMode.ADD, seen, true);
        assertFalse(plain.contains("\"modseq\" <= ?"), plain);
        assertTrue(conditional.contains("\"modseq\" <= ?"), conditional);
        assertEquals(plain, Messages.storeStatement(Messages.FlagMode.ADD, seen, false), "one text per shape");
        assertNotEquals(plain, Messages.storeStatement(Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged")), false));
        assertNotEquals(plain, Messages.storeStatement(Messages.FlagMode.REMOVE, seen, false));
    }

    /** A STORE of one UID binds it alone: an array of unknown length kept PostgreSQL planning the statement on every call. */
    @Test
    void storeOfOneUidComparesItWithOneValue() {
        Flags deleted = Flags.of(List.of("\\Deleted"));
        String one = Messages.storeStatement(Messages.FlagMode.ADD, deleted, false, true);
        String many = Messages.storeStatement(Messages.FlagMode.ADD, deleted, false, false);
        assertTrue(one.contains("\"messages\".\"uid\" = ?"), one);
        assertFalse(one.contains("any ("), one);
        assertTrue(many.contains("\"messages\".\"uid\" = any ("), many);
        assertEquals(Messages.storeStatement(Messages.FlagMode.ADD, deleted, true, false),
                Messages.storeStatement(Messages.FlagMode.ADD, deleted, true, true), "no one-UID shape with UNCHANGEDSINCE");
    }

    /** The keyword subqueries made the UPDATE dear to plan, and PostgreSQL plans it on each execution. */
    @Test
    void storeWithoutKeywordsLeavesTheKeywordColumnOut() {
        Flags seen = Flags.of(List.of("\\Seen"));
        assertFalse(Messages.storeStatement(Messages.FlagMode.ADD, seen, false).contains("unnest"));
        assertFalse(Messages.storeStatement(Messages.FlagMode.REMOVE, seen, true).contains("\"keywords\" ="));
        assertTrue(Messages.storeStatement(Messages.FlagMode.ADD, Flags.of(List.of("\\Seen", "$Work")), false).contains("unnest"));
        assertTrue(Messages.storeStatement(Messages.FlagMode.REPLACE, seen, false).contains("\"keywords\" = "));
    }
}
