package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.ACCOUNTS;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;
import static org.mailstore.schema.jooq.Tables.SUBSCRIPTIONS;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.not;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.val;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.mailstore.schema.jooq.tables.records.MailboxesRecord;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;

/** Creating, listing, renaming and deleting an account's mailboxes, and its subscriptions. */
public final class Mailboxes {
    /** Created with every account, as Dovecot's auto-created special-use mailboxes (RFC 6154). */
    static final List<String[]> DEFAULTS = List.of(
            new String[] {MailboxName.INBOX, null},
            new String[] {"Drafts", "\\Drafts"},
            new String[] {"Sent", "\\Sent"},
            new String[] {"Trash", "\\Trash"},
            new String[] {"Junk", "\\Junk"},
            new String[] {"Archive", "\\Archive"});
    static final int MAX_MAILBOXES_PER_ACCOUNT = 10_000;
    /**
     * The special uses (RFC 6154) a mailbox may be created with: those that name a real mailbox here. \All and
     * \Flagged would need virtual mailboxes, which the store does not have.
     */
    public static final Set<String> CREATABLE_SPECIAL_USES = Set.of("\\Archive", "\\Drafts", "\\Junk", "\\Sent", "\\Trash");

    private final Transactions tx;
    private final Journal journal;
    private final Messages messages;

    Mailboxes(Transactions tx, Journal journal, Messages messages) {
        this.tx = tx;
        this.journal = journal;
        this.messages = messages;
    }

    /** Every mailbox of the account with its counters, ordered by name. Reads only the database. */
    public List<MailboxInfo> list(Account account) {
        return tx.singleStatement(c -> infoQuery(DSL.using(c), MAILBOXES.ACCOUNT_ID.eq(account.id())).fetch(Mailboxes::toInfo));
    }

    public Optional<MailboxInfo> find(Account account, String name) {
        String n = MailboxName.normalize(name);
        return tx.singleStatement(c -> infoQuery(DSL.using(c), MAILBOXES.ACCOUNT_ID.eq(account.id()).and(MAILBOXES.NAME.eq(n)))
                .fetchOptional(Mailboxes::toInfo));
    }

    /** Whether the account has a mailbox of that name: one index lookup, without {@link #find}'s counters. */
    public boolean exists(Account account, String name) {
        String n = MailboxName.normalize(name);
        return tx.singleStatement(c -> exists(DSL.using(c), account.id(), n));
    }

    /**
     * IMAP SELECT ({@code claimRecent}) or EXAMINE: the mailbox by name with everything a session needs to open it,
     * read in one transaction (see {@link MailboxSelect}); empty when there is no such mailbox.
     */
    public Optional<MailboxSnapshot> select(Account account, String name, boolean claimRecent) {
        return select(account, name, claimRecent, null);
    }

    /**
     * {@link #select(Account, String, boolean)} by a session that has a mailbox selected and may know it already
     * ({@code known}, or null): when the name still leads to that mailbox with the same UIDVALIDITY, its UIDs are
     * the known ones brought up to date with the changes since, not read anew from every row.
     */
    public Optional<MailboxSnapshot> select(Account account, String name, boolean claimRecent, KnownMailbox known) {
        String n = MailboxName.normalize(name);
        return tx.run(c -> MailboxSelect.read(DSL.using(c), account, n, claimRecent, known));
    }

    /**
     * The counters SELECT and STATUS report, in one statement and one pass over the mailbox's rows (found
     * through the primary key): every count is an aggregate FILTER of that pass, since SIZE has to read the
     * rows anyway.
     */
    public MailboxStatus status(Account account, long mailboxId) {
        return tx.run(c -> {
            Record r = DSL.using(c).select(count(MESSAGES.UID),
                            count(MESSAGES.UID).filterWhere(MESSAGES.UID.ge(MAILBOXES.FIRST_RECENT_UID)),
                            count(MESSAGES.UID).filterWhere(not(MESSAGES.SEEN)),
                            count(MESSAGES.UID).filterWhere(MESSAGES.DELETED),
                            coalesce(sum(MESSAGES.SIZE), BigDecimal.ZERO),
                            MAILBOXES.UIDNEXT, MAILBOXES.UIDVALIDITY, MAILBOXES.HIGHESTMODSEQ,
                            coalesce(DSL.min(MESSAGES.UID).filterWhere(not(MESSAGES.SEEN)), 0L))
                    .from(MAILBOXES)
                    .leftJoin(MESSAGES).on(MESSAGES.ACCOUNT_ID.eq(MAILBOXES.ACCOUNT_ID).and(MESSAGES.MAILBOX_ID.eq(MAILBOXES.MAILBOX_ID)))
                    .where(MAILBOXES.ACCOUNT_ID.eq(account.id()).and(MAILBOXES.MAILBOX_ID.eq(mailboxId)))
                    .groupBy(MAILBOXES.ACCOUNT_ID, MAILBOXES.MAILBOX_ID)
                    .fetchOne();
            if (r == null) throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox (id " + mailboxId + ")");
            return new MailboxStatus(r.get(0, Long.class), r.get(1, Long.class), r.get(2, Long.class), r.get(3, Long.class),
                    r.get(4, BigDecimal.class).longValue(), r.get(MAILBOXES.UIDNEXT), r.get(MAILBOXES.UIDVALIDITY),
                    r.get(MAILBOXES.HIGHESTMODSEQ), r.get(8, Long.class));
        });
    }

    /**
     * The mailbox's HIGHESTMODSEQ alone: one primary-key read of its row, for a session that only needs to know
     * whether anything changed (NOOP, CHECK, after its own APPEND), without {@link #status}'s pass over the messages.
     */
    public long highestModseq(Account account, long mailboxId) {
        Long modseq = tx.singleStatement(c -> DSL.using(c).select(MAILBOXES.HIGHESTMODSEQ).from(MAILBOXES)
                .where(MAILBOXES.ACCOUNT_ID.eq(account.id()).and(MAILBOXES.MAILBOX_ID.eq(mailboxId)))
                .fetchOne(MAILBOXES.HIGHESTMODSEQ));
        if (modseq == null) throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox (id " + mailboxId + ")");
        return modseq;
    }

    /**
     * Claims the mailbox's \Recent messages for the calling session (RFC 3501 §2.3.2): moves
     * {@code first_recent_uid} up to UIDNEXT and returns its previous value. The caller treats UIDs at or
     * above the returned value as \Recent; any other session claiming at the same time gets none of them,
     * because the mark only moves by compare-and-set: the update names the value this claim read, and a claim
     * that lost the race to another reads again. When nothing is unclaimed (the usual case: every session
     * selecting a quiet mailbox) the read alone answers; neither statement needs an explicit transaction, and
     * no session holds the row lock beyond its one update.
     */
    public long claimRecent(Account account, long mailboxId) {
        for (int attempt = 1; ; attempt++) {
            Record marks = tx.singleStatement(c -> RECENT_MARKS.resultQuery(DSL.using(c), account.id(), mailboxId).fetchOne());
            if (marks == null) throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox (id " + mailboxId + ")");
            long previous = marks.get(MAILBOXES.FIRST_RECENT_UID);
            if (previous >= marks.get(MAILBOXES.UIDNEXT)) return previous;
            int moved = tx.singleStatement(c -> CLAIM_RECENT.query(DSL.using(c), account.id(), mailboxId, previous).execute());
            if (moved == 1) return previous;
            if (attempt == Transactions.MAX_ATTEMPTS) {
                throw new StoreException(StoreException.Reason.CONFLICT, "concurrent \\Recent claims collided; try again");
            }
        }
    }

    /** Creates the mailbox and any missing ancestors (RFC 3501 §6.3.3). */
    public MailboxInfo create(Account account, String name) {
        return create(account, name, null);
    }

    /**
     * Creates the mailbox and any missing ancestors, the mailbox with a special-use attribute (RFC 6154 §3,
     * CREATE-SPECIAL-USE) unless {@code specialUse} is null: one of {@link #CREATABLE_SPECIAL_USES}, which no other
     * mailbox of the account may hold (NOT_ALLOWED otherwise). The check runs after the account row is locked (every
     * create updates it), so two concurrent creates cannot both take the attribute.
     */
    public MailboxInfo create(Account account, String name, String specialUse) {
        String n = MailboxName.normalize(name);
        if (specialUse != null && !CREATABLE_SPECIAL_USES.contains(specialUse)) {
            throw new StoreException(StoreException.Reason.NOT_ALLOWED, "unsupported special use: " + SafeText.of(specialUse));
        }
        tx.run(c -> {
            DSLContext t = DSL.using(c);
            TxLog log = new TxLog();
            if (exists(t, account.id(), n)) throw new StoreException(StoreException.Reason.ALREADY_EXISTS, "mailbox already exists: " + n);
            for (String ancestor : MailboxName.ancestors(n)) {
                if (!exists(t, account.id(), ancestor)) createInTx(t, log, account.id(), account.address(), ancestor, null);
            }
            createInTx(t, log, account.id(), account.address(), n, specialUse);
            if (specialUse != null && t.fetchCount(MAILBOXES, MAILBOXES.ACCOUNT_ID.eq(account.id()).and(MAILBOXES.SPECIAL_USE.eq(specialUse))) > 1) {
                throw new StoreException(StoreException.Reason.NOT_ALLOWED, "another mailbox already has " + specialUse);
            }
            log.flush(t, journal);
            return null;
        });
        return find(account, n).orElseThrow();
    }

    /**
     * Deletes a mailbox and its messages (their blobs stay for garbage collection: invariant 6).
     * INBOX cannot be deleted, nor a mailbox with children (Dovecot's rule).
     */
    public void delete(Account account, String name) {
        String n = MailboxName.normalize(name);
        if (n.equals(MailboxName.INBOX)) throw new StoreException(StoreException.Reason.NOT_ALLOWED, "INBOX cannot be deleted");
        tx.run(c -> {
            DSLContext t = DSL.using(c);
            QuotaLedger.lock(t, account.id());
            MailboxRef box = ref(t, account, n);
            if (t.fetchExists(MAILBOXES, MAILBOXES.ACCOUNT_ID.eq(account.id()).and(MAILBOXES.NAME.startsWith(n + MailboxName.DELIMITER)))) {
                throw new StoreException(StoreException.Reason.NOT_ALLOWED, "mailbox has children, delete them first: " + n);
            }
            Record usage = t.select(count(), coalesce(sum(MESSAGES.SIZE), BigDecimal.ZERO)).from(MESSAGES)
                    .where(MESSAGES.ACCOUNT_ID.eq(account.id()).and(MESSAGES.MAILBOX_ID.eq(box.mailboxId()))).fetchOne();
            t.deleteFrom(MAILBOXES).where(MAILBOXES.ACCOUNT_ID.eq(account.id()).and(MAILBOXES.MAILBOX_ID.eq(box.mailboxId()))).execute();
            QuotaLedger.credit(t, account.id(), usage.get(1, BigDecimal.class).longValue(), usage.get(0, Integer.class));
            TxLog log = new TxLog();
            log.record(new JournalRecord.MailboxDeleted(Instant.now(), account.id(), account.address(), box.mailboxId(), n));
            log.changed(new MailboxChange(account.id(), box.mailboxId(), MailboxChange.Kind.MAILBOX, 0, 0));
            log.flush(t, journal);
            return null;
        });
    }

    /**
     * Renames a mailbox and its children, keeping UIDVALIDITY and UIDs. Renaming INBOX moves its
     * messages to a new mailbox and leaves INBOX empty (RFC 3501 §6.3.5).
     */
    public void rename(Account account, String from, String to) {
        String f = MailboxName.normalize(from);
        String n = MailboxName.normalize(to);
        if (n.equals(f)) throw new StoreException(StoreException.Reason.ALREADY_EXISTS, "mailbox already exists: " + n);
        if (n.startsWith(f + MailboxName.DELIMITER)) throw new StoreException(StoreException.Reason.NOT_ALLOWED, "cannot move a mailbox into itself");
        if (n.equals(MailboxName.INBOX)) throw new StoreException(StoreException.Reason.ALREADY_EXISTS, "mailbox already exists: INBOX");
        if (f.equals(MailboxName.INBOX)) {
            MailboxInfo created = create(account, n);
            MailboxInfo inbox = find(account, f).orElseThrow();
            messages.moveAll(account, inbox.id(), created.id());
            return;
        }
        tx.run(c -> {
            DSLContext t = DSL.using(c);
            TxLog log = new TxLog();
            MailboxRef box = ref(t, account, f);
            if (exists(t, account.id(), n)) throw new StoreException(StoreException.Reason.ALREADY_EXISTS, "mailbox already exists: " + n);
            for (String ancestor : MailboxName.ancestors(n)) {
                if (!exists(t, account.id(), ancestor)) createInTx(t, log, account.id(), account.address(), ancestor, null);
            }
            List<MailboxesRecord> moving = t.selectFrom(MAILBOXES)
                    .where(MAILBOXES.ACCOUNT_ID.eq(account.id()))
                    .and(MAILBOXES.MAILBOX_ID.eq(box.mailboxId()).or(MAILBOXES.NAME.startsWith(f + MailboxName.DELIMITER)))
                    .orderBy(MAILBOXES.MAILBOX_ID).forUpdate().fetch();
            for (MailboxesRecord m : moving) {
                String renamed = n + m.getName().substring(f.length());
                MailboxName.normalize(renamed);
                t.update(MAILBOXES).set(MAILBOXES.NAME, renamed)
                        .where(MAILBOXES.ACCOUNT_ID.eq(account.id()).and(MAILBOXES.MAILBOX_ID.eq(m.getMailboxId()))).execute();
                log.record(new JournalRecord.MailboxRenamed(Instant.now(), account.id(), account.address(), m.getMailboxId(), m.getName(), renamed));
                log.changed(new MailboxChange(account.id(), m.getMailboxId(), MailboxChange.Kind.MAILBOX, m.getHighestmodseq(), m.getUidnext()));
            }
            log.flush(t, journal);
            return null;
        });
    }

    public void subscribe(Account account, String name) {
        String n = MailboxName.normalize(name);
        tx.run(c -> DSL.using(c).insertInto(SUBSCRIPTIONS, SUBSCRIPTIONS.ACCOUNT_ID, SUBSCRIPTIONS.NAME)
                .values(account.id(), n).onConflictDoNothing().execute());
    }

    public void unsubscribe(Account account, String name) {
        String n = MailboxName.normalize(name);
        tx.run(c -> DSL.using(c).deleteFrom(SUBSCRIPTIONS)
                .where(SUBSCRIPTIONS.ACCOUNT_ID.eq(account.id()).and(SUBSCRIPTIONS.NAME.eq(n))).execute());
    }

    /** Subscribed names, which need not exist as mailboxes. */
    public List<String> subscriptions(Account account) {
        return tx.singleStatement(c -> DSL.using(c).select(SUBSCRIPTIONS.NAME).from(SUBSCRIPTIONS)
                .where(SUBSCRIPTIONS.ACCOUNT_ID.eq(account.id())).orderBy(SUBSCRIPTIONS.NAME).fetch(SUBSCRIPTIONS.NAME));
    }

    /** Inside a transaction: creates one mailbox with a UIDVALIDITY this account has never used. */
    static long createInTx(DSLContext t, TxLog log, long accountId, String address, String name, String specialUse) {
        int existing = t.fetchCount(MAILBOXES, MAILBOXES.ACCOUNT_ID.eq(accountId));
        if (existing >= MAX_MAILBOXES_PER_ACCOUNT) {
            throw new StoreException(StoreException.Reason.NOT_ALLOWED, "account has the maximum of " + MAX_MAILBOXES_PER_ACCOUNT + " mailboxes");
        }
        long epoch = Instant.now().getEpochSecond();
        Long uidValidity = t.update(ACCOUNTS)
                .set(ACCOUNTS.LAST_UIDVALIDITY, greatest(ACCOUNTS.LAST_UIDVALIDITY.plus(1), val(epoch)))
                .where(ACCOUNTS.ACCOUNT_ID.eq(accountId))
                .returningResult(ACCOUNTS.LAST_UIDVALIDITY).fetchOne(ACCOUNTS.LAST_UIDVALIDITY);
        if (uidValidity == null) throw new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + address);
        long id = t.insertInto(MAILBOXES, MAILBOXES.ACCOUNT_ID, MAILBOXES.NAME, MAILBOXES.UIDVALIDITY, MAILBOXES.SPECIAL_USE)
                .values(accountId, name, uidValidity, specialUse)
                .returningResult(MAILBOXES.MAILBOX_ID).fetchOne(MAILBOXES.MAILBOX_ID);
        log.record(new JournalRecord.MailboxCreated(Instant.now(), accountId, address, id, name, uidValidity));
        log.changed(new MailboxChange(accountId, id, MailboxChange.Kind.MAILBOX, 1, 1));
        return id;
    }

    /** The mailbox row named by the parameters "account" and "mailbox", for statements rendered once. */
    static Condition byKeyParams() {
        return MAILBOXES.ACCOUNT_ID.eq(DSL.param("account", Long.class)).and(MAILBOXES.MAILBOX_ID.eq(DSL.param("mailbox", Long.class)));
    }

    private static final RenderedQuery RECENT_MARKS = RenderedQuery.of(DSL.select(MAILBOXES.FIRST_RECENT_UID, MAILBOXES.UIDNEXT)
            .from(MAILBOXES)
            .where(byKeyParams()),
            "account", "mailbox");
    /** Compare-and-set of the recent mark: only if it is still the value read. */
    private static final RenderedQuery CLAIM_RECENT = RenderedQuery.of(DSL.update(MAILBOXES)
            .set(MAILBOXES.FIRST_RECENT_UID, MAILBOXES.UIDNEXT)
            .where(byKeyParams())
            .and(MAILBOXES.FIRST_RECENT_UID.eq(DSL.param("previous", Long.class))), "account", "mailbox", "previous");
    private static final RenderedQuery EXISTS = RenderedQuery.of(DSL.selectOne().from(MAILBOXES)
            .where(MAILBOXES.ACCOUNT_ID.eq(DSL.param("account", Long.class)).and(MAILBOXES.NAME.eq(DSL.param("name", String.class)))),
            "account", "name");
    private static final RenderedQuery BY_NAME = RenderedQuery.of(DSL.selectFrom(MAILBOXES)
            .where(MAILBOXES.ACCOUNT_ID.eq(DSL.param("account", Long.class)).and(MAILBOXES.NAME.eq(DSL.param("name", String.class)))),
            "account", "name");
    private static final RenderedQuery BY_ID = RenderedQuery.of(DSL.selectFrom(MAILBOXES)
            .where(byKeyParams()),
            "account", "mailbox");

    /** The mailbox by name inside a transaction, or NO_SUCH_MAILBOX. */
    static MailboxRef ref(DSLContext t, Account account, String name) {
        MailboxesRecord r = row(t, account.id(), name);
        if (r == null) throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox: " + name);
        return new MailboxRef(account.id(), account.address(), r.getMailboxId(), r.getName(), r.getUidvalidity());
    }

    /** The mailbox's row by its normalized name, or null. */
    static MailboxesRecord row(DSLContext t, long accountId, String name) {
        return BY_NAME.resultQuery(t, MAILBOXES, accountId, name).fetchOne();
    }

    /** The mailbox by id inside a transaction, or NO_SUCH_MAILBOX. */
    static MailboxRef ref(DSLContext t, Account account, long mailboxId) {
        MailboxesRecord r = BY_ID.resultQuery(t, MAILBOXES, account.id(), mailboxId).fetchOne();
        if (r == null) throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox (id " + mailboxId + ")");
        return new MailboxRef(account.id(), account.address(), r.getMailboxId(), r.getName(), r.getUidvalidity());
    }

    /** Whether the account has the mailbox with this id: one primary-key probe, no lock. */
    static boolean exists(DSLContext t, long accountId, long mailboxId) {
        return BY_ID.resultQuery(t, MAILBOXES, accountId, mailboxId).fetchOne() != null;
    }

    private static boolean exists(DSLContext t, long accountId, String name) {
        return EXISTS.resultQuery(t, accountId, name).fetchOne() != null;
    }

    private static org.jooq.ResultQuery<? extends Record> infoQuery(DSLContext t, Condition where) {
        return t.select(MAILBOXES.MAILBOX_ID, MAILBOXES.NAME, MAILBOXES.UIDVALIDITY, MAILBOXES.UIDNEXT, MAILBOXES.HIGHESTMODSEQ,
                        MAILBOXES.SPECIAL_USE, count(MESSAGES.UID), count(MESSAGES.UID).filterWhere(not(MESSAGES.SEEN)),
                        coalesce(sum(MESSAGES.SIZE), BigDecimal.ZERO))
                .from(MAILBOXES)
                .leftJoin(MESSAGES).on(MESSAGES.ACCOUNT_ID.eq(MAILBOXES.ACCOUNT_ID).and(MESSAGES.MAILBOX_ID.eq(MAILBOXES.MAILBOX_ID)))
                .where(where)
                .groupBy(MAILBOXES.ACCOUNT_ID, MAILBOXES.MAILBOX_ID)
                .orderBy(MAILBOXES.NAME);
    }

    private static MailboxInfo toInfo(Record r) {
        return new MailboxInfo(r.get(MAILBOXES.MAILBOX_ID), r.get(MAILBOXES.NAME), r.get(MAILBOXES.UIDVALIDITY), r.get(MAILBOXES.UIDNEXT),
                r.get(MAILBOXES.HIGHESTMODSEQ), r.get(MAILBOXES.SPECIAL_USE), r.get(6, Integer.class), r.get(7, Integer.class),
                r.get(8, BigDecimal.class).longValue());
    }
}
