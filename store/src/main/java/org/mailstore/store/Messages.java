package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.BLOBS;
import static org.mailstore.schema.jooq.Tables.BLOB_TEXT;
import static org.mailstore.schema.jooq.Tables.EXPUNGED;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;
import static org.jooq.impl.DSL.any;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.TransactionalCallable;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobNotFoundException;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.schema.jooq.tables.records.BlobsRecord;
import org.mailstore.schema.jooq.tables.records.MessagesRecord;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.mime.PartsCodec;

/**
 * Messages in a mailbox: listing and describing them from the database alone (invariant 3),
 * appending, flags, expunge, copy and move, and opening their bytes by hash (the only operations
 * here that touch the blob tree are {@link #append} and the {@code open…} methods).
 */
public final class Messages {
    public enum FlagMode { REPLACE, ADD, REMOVE }

    /** How much of the cached MIME metadata {@link #fetch} reads with each message. */
    public enum Detail {
        /** None: the listing columns only (UID, FLAGS, INTERNALDATE, RFC822.SIZE, MODSEQ). */
        NONE,
        /** Sizes and the top-level header: enough for header-field fetches, a client's first sync. */
        HEADER,
        /** Everything: also ENVELOPE, BODY, BODYSTRUCTURE and the part offsets for section fetches. */
        FULL
    }

    /** Rows the JDBC driver pulls per round trip when streaming a UID list. */
    static final int UID_CURSOR_ROWS = 10_000;
    /** Escapes %, _ and itself in a LIKE pattern built from a SEARCH string. */
    private static final char LIKE_ESCAPE = '!';
    private static final HexFormat HEX = HexFormat.of();
    /** {@link #savedAt}'s entry for a UID that is not (or no longer) in the mailbox. */
    public static final long NOT_SAVED = Long.MIN_VALUE;

    private static final RenderedQuery EXPUNGED_SINCE = RenderedQuery.of(DSL.select(EXPUNGED.UID).from(EXPUNGED)
            .where(EXPUNGED.ACCOUNT_ID.eq(DSL.param("account", Long.class))).and(EXPUNGED.MAILBOX_ID.eq(DSL.param("mailbox", Long.class)))
            .and(EXPUNGED.MODSEQ.gt(DSL.param("modseq", Long.class))).orderBy(EXPUNGED.UID), "account", "mailbox", "modseq");
    private static final RenderedQuery RECORD_EXPUNGE = RenderedQuery.of(DSL.insertInto(EXPUNGED, EXPUNGED.ACCOUNT_ID,
                    EXPUNGED.MAILBOX_ID, EXPUNGED.UID, EXPUNGED.MODSEQ)
            .select(DSL.select(DSL.param("account", Long.class), DSL.param("mailbox", Long.class), DSL.field("u", SQLDataType.BIGINT),
                            DSL.param("modseq", Long.class))
                    .from(DSL.unnest(DSL.param("uids", SQLDataType.BIGINT.array())).as("x", "u")))
            .onConflictDoNothing(), "account", "mailbox", "modseq", "uids");
    /** STORE's UPDATE, one shape per mode, system flags given and UNCHANGEDSINCE or not ({@link FlagUpdate#key}). */
    private static final ConcurrentHashMap<Integer, RenderedQuery> STORE_SHAPES = new ConcurrentHashMap<>();

    private final Transactions tx;
    private final ListedHeaderCache listedHeaders;
    private final BlobStore blobs;
    private final Journal journal;
    private final MessageAppender appender;
    private final MessageFetch fetcher;
    private final SortKeyFetch sortKeyFetcher;
    private final SaveDates saveDates;

    Messages(Transactions tx, BlobStore blobs, Journal journal, MessageAppender appender) {
        this.tx = tx;
        this.fetcher = new MessageFetch(tx);
        this.sortKeyFetcher = new SortKeyFetch(tx);
        this.saveDates = new SaveDates(tx);
        this.listedHeaders = new ListedHeaderCache(ListedHeaderCache.MAX_MAILBOX_MESSAGES, ListedHeaderCache.MAX_BYTES);
        this.blobs = blobs;
        this.journal = journal;
        this.appender = appender;
    }

    /** Messages with {@code minUid <= uid <= maxUid}, ascending by UID. */
    public List<MessageView> list(Account account, long mailboxId, long minUid, long maxUid) {
        return tx.singleStatement(c -> DSL.using(c).selectFrom(MESSAGES)
                .where(inMailbox(account.id(), mailboxId)).and(MESSAGES.UID.between(minUid, maxUid))
                .orderBy(MESSAGES.UID).fetch(Messages::toView));
    }

    public List<MessageView> list(Account account, long mailboxId) {
        return list(account, mailboxId, 1, UidAllocator.MAX_UID);
    }

    /**
     * Every UID of the mailbox, ascending: an IMAP session's UID-to-sequence-number map. Read from the primary
     * key through a cursor into primitives, so a million messages cost 8 MB and no per-message objects.
     */
    public long[] uids(Account account, long mailboxId) {
        return tx.run(c -> {
            LongArrayBuilder out = new LongArrayBuilder();
            try (ResultSet rs = DSL.using(c).select(MESSAGES.UID).from(MESSAGES).where(inMailbox(account.id(), mailboxId))
                    .orderBy(MESSAGES.UID).fetchSize(UID_CURSOR_ROWS).fetchResultSet()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out.toArray();
        });
    }

    /**
     * Streams the messages with the given UIDs (ascending) to {@code each}, in UID order; UIDs no longer in the
     * mailbox are skipped. Memory stays bounded whatever the number of UIDs, and {@code each} runs outside any
     * database transaction, so it may write to a slow client. Reads only the database.
     */
    public void fetch(Account account, long mailboxId, long[] uids, Detail detail, Consumer<FetchRow> each) {
        for (int i = 1; i < uids.length; i++) {
            if (uids[i] <= uids[i - 1]) throw new IllegalArgumentException("UIDs must be strictly ascending");
        }
        fetcher.fetch(account, mailboxId, uids, detail, each);
    }

    /**
     * Streams the SORT and THREAD keys (RFC 5256) of the messages with the given UIDs (ascending), in UID order,
     * like {@link #fetch}: bounded memory, no transaction held while {@code each} runs, the database only (the V8
     * key columns, or the cached header for rows written before them). UIDs no longer in the mailbox are skipped.
     */
    public void sortKeys(Account account, long mailboxId, long[] uids, Consumer<SortRow> each) {
        for (int i = 1; i < uids.length; i++) {
            if (uids[i] <= uids[i - 1]) throw new IllegalArgumentException("UIDs must be strictly ascending");
        }
        if (uids.length > 0) sortKeyFetcher.fetch(account, mailboxId, uids, each);
    }

    /** {@link #fetch(Account, long, long[], Detail, Consumer)} with all metadata or none. */
    public void fetch(Account account, long mailboxId, long[] uids, boolean withMetadata, Consumer<FetchRow> each) {
        fetch(account, mailboxId, uids, withMetadata ? Detail.FULL : Detail.NONE, each);
    }

    /**
     * UIDs of the messages that have every system flag set in {@code with} and none of those set in {@code without},
     * ascending, filtered by PostgreSQL: what a SEARCH on flags needs, without reading every row into Java. Keywords
     * in either are ignored (the caller checks them itself).
     */
    public long[] uidsWithFlags(Account account, long mailboxId, Flags with, Flags without) {
        return candidateUids(account, mailboxId, with, without, List.of());
    }

    /**
     * {@link #uidsWithFlags}, also leaving out the messages whose header cannot contain every one of
     * {@code headerSubstrings}. A necessary condition only, computed from the header's search text
     * ({@link org.mailstore.store.mime.HeaderSearchText}): a string wanted in From, To, Cc, Bcc or Subject is looked
     * for in the message row's copy of those lines ({@code messages.list_search}), any other in the blob row's whole
     * header text; a message whose header has encoded-words or 8-bit bytes has neither and is always kept, and the
     * caller still evaluates every candidate in full. A search on those five fields alone, without system flags, is
     * answered from the server's copy of the row texts ({@link ListedHeaderCache}), brought up to date first.
     */
    public long[] candidateUids(Account account, long mailboxId, Flags with, Flags without,
                                List<HeaderSubstring> headerSubstrings) {
        return candidateUids(account, mailboxId, with, without, headerSubstrings, List.of());
    }

    /**
     * {@link #candidateUids(Account, long, Flags, Flags, List)}, also leaving out the messages whose search text
     * ({@code blob_text}, {@link org.mailstore.store.mime.SearchText}) lacks one of {@code textSubstrings}, each
     * folded by {@link org.mailstore.store.mime.SearchFold} and without NUL. A necessary condition only: a message
     * whose blob has no search text (not indexable, or stored before schema V7 and not yet backfilled) is always
     * kept. PostgreSQL answers {@code LIKE '%s%'} from pg_trgm's GIN index, so substrings of three or more
     * characters narrow without reading every text; shorter ones are better left out by the caller.
     */
    public long[] candidateUids(Account account, long mailboxId, Flags with, Flags without,
                                List<HeaderSubstring> headerSubstrings, List<String> textSubstrings) {
        return candidateUids(account, mailboxId, with, without, headerSubstrings, textSubstrings, Long.MAX_VALUE);
    }

    /**
     * {@link #candidateUids(Account, long, Flags, Flags, List, List)} for a mailbox the caller knows to hold about
     * {@code messages} messages: up to {@link #UID_CURSOR_ROWS}, the rows are read in one round trip on an autocommit
     * connection (a cursor, which needs a transaction and so a COMMIT, would hold as many rows at once anyway).
     */
    public long[] candidateUids(Account account, long mailboxId, Flags with, Flags without,
                                List<HeaderSubstring> headerSubstrings, List<String> textSubstrings, long messages) {
        List<String> wanted = headerSubstrings.stream().map(HeaderSubstring::text).toList();
        // Only a string in a field the row does not copy needs the blob row's whole header text.
        boolean joinBlobs = !headerSubstrings.stream().allMatch(HeaderSubstring::inListedField);
        if (!wanted.isEmpty() && !joinBlobs && textSubstrings.isEmpty() && !hasSystemFlag(with) && !hasSystemFlag(without)
                && messages <= ListedHeaderCache.MAX_MAILBOX_MESSAGES) {
            long[] held = tx.singleStatement(c -> listedHeaders.candidates(DSL.using(c), account.id(), mailboxId, wanted));
            if (held != null) return held;
        }
        Condition which = inMailbox(account.id(), mailboxId)
                .and(flagCondition(with, true)).and(flagCondition(without, false));
        if (!wanted.isEmpty()) {
            which = which.and(joinBlobs ? headerMayHaveAll(BLOBS.HEADER_SEARCH, wanted) : listedHeaderMayHaveAll(wanted));
        }
        if (!textSubstrings.isEmpty()) which = which.and(textMayHaveAll(textSubstrings));
        Condition where = which;
        boolean cursor = messages > UID_CURSOR_ROWS;
        TransactionalCallable<long[]> read = c -> {
            LongArrayBuilder out = new LongArrayBuilder();
            var from = DSL.using(c).select(MESSAGES.UID).from(MESSAGES);
            var select = (joinBlobs ? from.join(BLOBS).on(BLOBS.BLOB_HASH.eq(MESSAGES.BLOB_HASH)).where(where) : from.where(where))
                    .orderBy(MESSAGES.UID);
            // A fetch size on an autocommit connection reads nothing in batches, and jOOQ logs a line for each such query.
            try (ResultSet rs = (cursor ? select.fetchSize(UID_CURSOR_ROWS) : select).fetchResultSet()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out.toArray();
        };
        return cursor ? tx.run(read) : tx.singleStatement(read);
    }

    /**
     * The row's copy of its listed header lines has every substring; a row without one (no search text for its
     * header) asks its blob row, so only those rows cost a probe.
     */
    private static Condition listedHeaderMayHaveAll(List<String> substrings) {
        Condition inBlob = DSL.exists(DSL.selectOne().from(BLOBS).where(BLOBS.BLOB_HASH.eq(MESSAGES.BLOB_HASH))
                .and(headerMayHaveAll(BLOBS.HEADER_SEARCH, substrings)));
        return MESSAGES.LIST_SEARCH.isNotNull().and(hasAll(MESSAGES.LIST_SEARCH, substrings))
                .or(MESSAGES.LIST_SEARCH.isNull().and(inBlob));
    }

    private static Condition headerMayHaveAll(Field<String> searchText, List<String> substrings) {
        return searchText.isNull().or(hasAll(searchText, substrings));
    }

    /**
     * The message's blob has a search text with every substring, or has none. Written as a hash set of the
     * matching blobs (one pg_trgm index scan over all texts) and a primary-key probe for the unindexed ones, so
     * PostgreSQL never reads the texts of a mailbox one by one.
     */
    private static Condition textMayHaveAll(List<String> substrings) {
        Condition has = BLOB_TEXT.TEXT.isNotNull();
        for (String s : substrings) has = has.and(BLOB_TEXT.TEXT.like("%" + likeEscaped(s) + "%", LIKE_ESCAPE));
        Condition matching = MESSAGES.BLOB_HASH.in(DSL.select(BLOB_TEXT.BLOB_HASH).from(BLOB_TEXT).where(has));
        Condition indexed = DSL.exists(DSL.selectOne().from(BLOB_TEXT)
                .where(BLOB_TEXT.BLOB_HASH.eq(MESSAGES.BLOB_HASH)).and(BLOB_TEXT.TEXT.isNotNull()));
        return matching.or(DSL.not(indexed));
    }

    private static String likeEscaped(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) sb.append(LIKE_ESCAPE);
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * strpos() of each substring in a header search text. The text holds only 7-bit characters without NUL, so a
     * substring with any other character can only match a header that has no search text.
     */
    private static Condition hasAll(Field<String> searchText, List<String> substrings) {
        Condition c = DSL.noCondition();
        for (String s : substrings) {
            if (s.chars().anyMatch(ch -> ch == 0 || ch > 0x7f)) return DSL.falseCondition();
            c = c.and(DSL.position(searchText, DSL.val(s)).gt(0));
        }
        return c;
    }

    /**
     * The flags as plain boolean columns, not compared with bound values, so that PostgreSQL's generic plan of the
     * statement can use the partial indexes on them (unseen, \Flagged, \Deleted).
     */
    private static Condition flagCondition(Flags flags, boolean set) {
        Condition c = DSL.noCondition();
        if (flags.seen()) c = c.and(flag(MESSAGES.SEEN, set));
        if (flags.answered()) c = c.and(flag(MESSAGES.ANSWERED, set));
        if (flags.flagged()) c = c.and(flag(MESSAGES.FLAGGED, set));
        if (flags.deleted()) c = c.and(flag(MESSAGES.DELETED, set));
        if (flags.draft()) c = c.and(flag(MESSAGES.DRAFT, set));
        return c;
    }

    private static boolean hasSystemFlag(Flags flags) {
        return flags.seen() || flags.answered() || flags.flagged() || flags.deleted() || flags.draft();
    }

    private static Condition flag(Field<Boolean> column, boolean set) {
        return set ? DSL.condition(column) : DSL.not(DSL.condition(column));
    }

    /**
     * The distinct keywords set on any message of the mailbox, in ascending order, at most {@code limit} of them
     * (an IMAP FLAGS response lists them; the limit keeps that response bounded). It reads every message row of
     * the mailbox that has a keyword, from PostgreSQL only.
     */
    public List<String> keywords(Account account, long mailboxId, int limit) {
        return tx.singleStatement(c -> keywords(DSL.using(c), account.id(), mailboxId, limit));
    }

    static List<String> keywords(DSLContext t, long accountId, long mailboxId, int limit) {
        Field<String> keyword = DSL.field(DSL.name("k"), SQLDataType.VARCHAR);
        return t.selectDistinct(keyword)
                .from(MESSAGES, DSL.unnest(MESSAGES.KEYWORDS).as("kw", "k"))
                .where(inMailbox(accountId, mailboxId)).and(MESSAGES.KEYWORDS.ne(new String[0]))
                .orderBy(keyword).limit(limit).fetch(keyword);
    }

    /** UIDs expunged with a MODSEQ above {@code modseq}, ascending. */
    public long[] expungedSince(Account account, long mailboxId, long modseq) {
        return tx.run(c -> expungedSince(DSL.using(c), account.id(), mailboxId, modseq));
    }

    /**
     * When each message was saved into this mailbox (RFC 8514 SAVEDATE; APPEND, delivery, COPY and MOVE each set it),
     * as epoch milliseconds aligned with {@code uids} (strictly ascending), {@link #NOT_SAVED} where a UID is not in
     * the mailbox. One query over the UIDs' span; reads only the database.
     */
    public long[] savedAt(Account account, long mailboxId, long[] uids) {
        for (int i = 1; i < uids.length; i++) {
            if (uids[i] <= uids[i - 1]) throw new IllegalArgumentException("UIDs must be strictly ascending");
        }
        return saveDates.savedAt(account, mailboxId, uids);
    }

    /**
     * UIDs of the messages saved into this mailbox at or after {@code from} and before {@code to} (either may be null:
     * unbounded), ascending, filtered by PostgreSQL (RFC 8514 SAVEDBEFORE, SAVEDON, SAVEDSINCE).
     */
    public long[] uidsSavedBetween(Account account, long mailboxId, Instant from, Instant to) {
        return saveDates.uidsSavedBetween(account, mailboxId, from, to);
    }

    /**
     * An IMAP session's update at a command boundary, in one statement ({@link ChangesSince}): the mailbox's
     * HIGHESTMODSEQ, and only when it is above {@code knownModseq}, the messages changed above it and (when
     * {@code withExpunges}) the UIDs expunged above it, from one snapshot. NO_SUCH_MAILBOX when the mailbox is gone.
     */
    public MailboxChanges changes(Account account, long mailboxId, long knownModseq, boolean withExpunges) {
        return tx.singleStatement(c -> ChangesSince.read(DSL.using(c), account.id(), mailboxId, knownModseq, withExpunges));
    }

    private static long[] expungedSince(DSLContext t, long accountId, long mailboxId, long modseq) throws java.sql.SQLException {
        LongArrayBuilder out = new LongArrayBuilder();
        try (ResultSet rs = EXPUNGED_SINCE.resultQuery(t, accountId, mailboxId, modseq).fetchSize(UID_CURSOR_ROWS).fetchResultSet()) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out.toArray();
    }

    /**
     * IMAP APPEND: stores the bytes, then adds one message with the given flags and internal date in one transaction.
     * A mailbox that does not exist (NO_SUCH_MAILBOX) is found only after the bytes are stored; the blob left behind
     * is garbage collection's, so a caller that can check first (before reading a synchronizing literal) should.
     */
    public AppendResult append(Account account, String mailbox, InputStream message, Flags flags, Instant internalDate) {
        String name = MailboxName.normalize(mailbox);
        var blob = appender.store(message);
        MessageAppender.Outcome o = appender.append(blob, account, name, flags, internalDate);
        if (o.failure() != null) throw o.failure();
        return o.result();
    }

    /**
     * The first half of a multi-message APPEND (RFC 3502): stores one message's bytes durably and returns them with
     * the flags and date they are to get. Nothing is visible until {@link #appendAll}; bytes never appended are
     * orphans for garbage collection.
     */
    public StagedMessage stage(InputStream message, Flags flags, Instant internalDate) {
        return new StagedMessage(appender.store(message), flags, internalDate);
    }

    /**
     * Appends staged messages to one mailbox in one transaction, in the order given, with consecutive UIDs: all of
     * them or, on any failure (no such mailbox, over quota, ...), none.
     */
    public List<AppendResult> appendAll(Account account, String mailbox, List<StagedMessage> messages) {
        if (messages.isEmpty()) throw new IllegalArgumentException("nothing to append");
        return appender.appendAll(account, MailboxName.normalize(mailbox), messages);
    }

    /**
     * Changes flags of the given UIDs; returns the messages whose flags actually changed, each with
     * the one new MODSEQ this command used. A command that changes nothing uses no MODSEQ.
     *
     * <p>One statement in its own transaction ({@link FlagUpdate#render}): it locks the mailbox row, updates the
     * messages and raises the mailbox's HIGHESTMODSEQ if any changed, so a STORE costs one round trip to PostgreSQL
     * instead of four (lock, update, raise, commit). Only a STORE that changed nothing asks again, whether the
     * mailbox still exists.
     */
    public List<MessageView> storeFlags(Account account, long mailboxId, Collection<Long> uids, FlagMode mode, Flags flags) {
        Long[] uidArray = uids.toArray(Long[]::new);
        FlagUpdate u = new FlagUpdate(mode, flags, uidArray.length == 1);
        RenderedQuery store = STORE_SHAPES.computeIfAbsent(u.key(false), k -> u.render(false));
        List<MessageView> changed = tx.singleStatement(c -> {
            DSLContext t = DSL.using(c);
            List<MessageView> views = store.resultQuery(t, MESSAGES, u.binds(null, account.id(), mailboxId, uidArray, null))
                    .fetch(Messages::toView);
            if (views.isEmpty()) {
                if (!Mailboxes.exists(t, account.id(), mailboxId)) {
                    throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox (id " + mailboxId + ")");
                }
            } else {
                announceFlags(t, account, mailboxId, views.getFirst().modseq());
            }
            return views;
        });
        return sortedByUid(changed);
    }

    /**
     * STORE with UNCHANGEDSINCE (RFC 7162 §3.1.3): changes flags only of the given UIDs whose MODSEQ is at most
     * {@code unchangedSince}; the others are returned as {@link ConditionalStore#modified}. The check and the update
     * run in one transaction under the mailbox row's lock, which every flag change takes first, so no change can
     * slip in between them.
     */
    public ConditionalStore storeFlags(Account account, long mailboxId, Collection<Long> uids, FlagMode mode, Flags flags,
                                       long unchangedSince) {
        Long[] uidArray = uids.toArray(Long[]::new);
        return tx.run(c -> {
            DSLContext t = DSL.using(c);
            // Locked first, so the check below sees the last committed flag change and no other can follow it.
            UidAllocator.Locked locked = UidAllocator.lockForChange(t, account, mailboxId);
            long[] modified = t.select(MESSAGES.UID).from(MESSAGES)
                    .where(inMailbox(account.id(), mailboxId)).and(MESSAGES.UID.eq(any(uidArray)))
                    .and(MESSAGES.MODSEQ.gt(unchangedSince))
                    .orderBy(MESSAGES.UID).fetch(MESSAGES.UID).stream().mapToLong(Long::longValue).toArray();
            List<MessageView> changed = storeFlags(t, account, locked, uidArray, mode, flags, unchangedSince);
            return new ConditionalStore(changed, modified);
        });
    }

    /**
     * UIDs among {@code ascendingUids} whose MODSEQ is above {@code modseq} (FETCH CHANGEDSINCE, RFC 7162 §3.1.4):
     * PostgreSQL filters on MODSEQ within the UID range the set spans, and the set itself narrows the answer here,
     * so a large set binds no array.
     */
    public long[] uidsChangedSince(Account account, long mailboxId, long[] ascendingUids, long modseq) {
        if (ascendingUids.length == 0) return ascendingUids;
        long first = ascendingUids[0], last = ascendingUids[ascendingUids.length - 1];
        List<Long> found = tx.singleStatement(c -> DSL.using(c).select(MESSAGES.UID).from(MESSAGES)
                .where(inMailbox(account.id(), mailboxId)).and(MESSAGES.UID.between(first, last))
                .and(MESSAGES.MODSEQ.gt(modseq)).orderBy(MESSAGES.UID).fetch(MESSAGES.UID));
        LongArrayBuilder out = new LongArrayBuilder();
        for (long uid : found) {
            if (java.util.Arrays.binarySearch(ascendingUids, uid) >= 0) out.add(uid);
        }
        return out.toArray();
    }

    /** The SQL text of STORE's UPDATE for this mode and these flags, plain or with UNCHANGEDSINCE: for tests. */
    static String storeStatement(FlagMode mode, Flags flags, boolean conditional) {
        return storeStatement(mode, flags, conditional, false);
    }

    /** {@link #storeStatement(FlagMode, Flags, boolean)}, of the plain STORE of one UID when {@code oneUid}. */
    static String storeStatement(FlagMode mode, Flags flags, boolean conditional, boolean oneUid) {
        FlagUpdate u = new FlagUpdate(mode, flags, oneUid && !conditional);
        return STORE_SHAPES.computeIfAbsent(u.key(conditional), k -> u.render(conditional)).sql();
    }

    /** STORE with UNCHANGEDSINCE, inside the transaction that has locked the mailbox row ({@code locked}). */
    private List<MessageView> storeFlags(DSLContext t, Account account, UidAllocator.Locked locked, Long[] uidArray, FlagMode mode,
                                         Flags flags, long unchangedSince) {
        long mailboxId = locked.box().mailboxId();
        long modseq = locked.modseq() + 1;
        FlagUpdate u = new FlagUpdate(mode, flags, false);
        RenderedQuery update = STORE_SHAPES.computeIfAbsent(u.key(true), k -> u.render(true));
        List<MessageView> changed = update.resultQuery(t, MESSAGES, u.binds(modseq, account.id(), mailboxId, uidArray, unchangedSince))
                .fetch(Messages::toView);
        if (!changed.isEmpty()) {
            UidAllocator.raiseModseq(t, locked.box(), modseq);
            announceFlags(t, account, mailboxId, modseq);
        }
        return sortedByUid(changed);
    }

    private void announceFlags(DSLContext t, Account account, long mailboxId, long modseq) {
        TxLog log = new TxLog();
        log.changed(new MailboxChange(account.id(), mailboxId, MailboxChange.Kind.FLAGS, modseq, 0));
        log.flush(t, journal);
    }

    private static List<MessageView> sortedByUid(List<MessageView> views) {
        views.sort(java.util.Comparator.comparingLong(MessageView::uid));
        return views;
    }

    /** IMAP EXPUNGE / UID EXPUNGE: removes messages flagged \Deleted (among {@code uids}, or all when null). */
    public List<Long> expungeDeleted(Account account, long mailboxId, Collection<Long> uids) {
        return remove(account, mailboxId, uids, true).uids();
    }

    /**
     * {@link #expungeDeleted} that also says which MODSEQ the expunge took, so an IMAP session that knew the mailbox up
     * to the MODSEQ before it need not read the mailbox back to learn it.
     */
    public ExpungeResult expunge(Account account, long mailboxId, Collection<Long> uids) {
        return remove(account, mailboxId, uids, true);
    }

    /** POP3 UPDATE state: removes the given messages whatever their flags. */
    public List<Long> remove(Account account, long mailboxId, Collection<Long> uids) {
        return remove(account, mailboxId, uids, false).uids();
    }

    /** Copies messages to another (or the same) mailbox: new rows with new UIDs, the same blobs. */
    public CopyResult copy(Account account, long sourceMailboxId, Collection<Long> uids, long destinationMailboxId) {
        return transfer(account, sourceMailboxId, uids, destinationMailboxId, false);
    }

    /** RFC 6851 MOVE: copy and expunge in one transaction; quota is unchanged. */
    public CopyResult move(Account account, long sourceMailboxId, Collection<Long> uids, long destinationMailboxId) {
        return transfer(account, sourceMailboxId, uids, destinationMailboxId, true);
    }

    CopyResult moveAll(Account account, long sourceMailboxId, long destinationMailboxId) {
        return transfer(account, sourceMailboxId, null, destinationMailboxId, true);
    }

    /** The cached MIME metadata of a message's blob. Reads only the database. */
    public BlobMetadata metadata(String blobHash) {
        BlobsRecord r = tx.singleStatement(c -> DSL.using(c).selectFrom(BLOBS).where(BLOBS.BLOB_HASH.eq(hashBytes(blobHash))).fetchOne());
        if (r == null) throw new StoreException(StoreException.Reason.CONTENT_UNAVAILABLE, "no metadata for blob " + blobHash);
        return new BlobMetadata(blobHash, r.getSize(), r.getHeaderSize(), r.getBodyLines(), r.getHeader(), r.getEnvelope(),
                r.getBody(), r.getBodystructure(), PartsCodec.fromJson(r.getParts().data()));
    }

    /** The message's bytes: one open of one computed path, no directory listing, no stat (invariant 3). */
    public SeekableByteChannel open(String blobHash) {
        try {
            return blobs.open(BlobId.fromHex(blobHash));
        } catch (IOException e) {
            throw unavailable(blobHash, e);
        }
    }

    /** {@code length} bytes from {@code offset} (clamped to the end), for partial and section fetches. */
    public InputStream open(String blobHash, long offset, long length) {
        try {
            return blobs.openStream(BlobId.fromHex(blobHash), offset, length);
        } catch (IOException e) {
            throw unavailable(blobHash, e);
        }
    }

    private ExpungeResult remove(Account account, long mailboxId, Collection<Long> uids, boolean onlyDeleted) {
        Long[] uidArray = uids == null ? null : uids.toArray(Long[]::new);
        return tx.run(c -> MessageRemoval.remove(DSL.using(c), journal, account, mailboxId, uidArray, onlyDeleted));
    }

    private CopyResult transfer(Account account, long sourceId, Collection<Long> uids, long destinationId, boolean removeSource) {
        Long[] uidArray = uids == null ? null : uids.toArray(Long[]::new);
        return tx.run(c -> {
            DSLContext t = DSL.using(c);
            QuotaLedger.lock(t, account.id());
            MailboxRef src = Mailboxes.ref(t, account, sourceId);
            MailboxRef dst = Mailboxes.ref(t, account, destinationId);
            lockInIdOrder(t, src, dst);
            Condition which = inMailbox(account.id(), sourceId);
            if (uidArray != null) which = which.and(MESSAGES.UID.eq(any(uidArray)));
            List<MessagesRecord> rows = t.selectFrom(MESSAGES).where(which).orderBy(MESSAGES.UID).forUpdate().fetch();
            if (rows.isEmpty()) return new CopyResult(dst.uidValidity(), List.of(), List.of());
            long bytes = rows.stream().mapToLong(MessagesRecord::getSize).sum();
            if (!removeSource) QuotaLedger.charge(t, account.id(), account.address(), bytes, rows.size());
            UidAllocator.Allocation a = UidAllocator.allocate(t, dst, rows.size());
            TxLog log = new TxLog();
            List<Long> srcUids = new ArrayList<>(), dstUids = new ArrayList<>();
            List<MessagesRecord> copies = new ArrayList<>();
            for (MessagesRecord r : rows) {
                long uid = a.firstUid() + copies.size();
                MessagesRecord copy = r.copy();
                copy.setAccountId(account.id());
                copy.setMailboxId(destinationId);
                copy.setUid(uid);
                copy.setModseq(a.modseq());
                copy.setSavedAt(null);
                copies.add(copy);
                srcUids.add(r.getUid());
                dstUids.add(uid);
                MessageView v = toView(r);
                log.record(new JournalRecord.MessageAppended(Instant.now(), account.id(), account.address(), destinationId, dst.name(),
                        dst.uidValidity(), uid, a.modseq(), r.getBlobHash(), v.internalDate(), v.size(), v.flags().names()));
            }
            for (int i = 0; i < copies.size(); i += 1000) {
                var batch = copies.subList(i, Math.min(copies.size(), i + 1000));
                var insert = t.insertInto(MESSAGES, MESSAGES.ACCOUNT_ID, MESSAGES.MAILBOX_ID, MESSAGES.UID, MESSAGES.MODSEQ,
                        MESSAGES.SEEN, MESSAGES.ANSWERED, MESSAGES.FLAGGED, MESSAGES.DELETED, MESSAGES.DRAFT, MESSAGES.KEYWORDS,
                        MESSAGES.INTERNAL_DATE, MESSAGES.SIZE, MESSAGES.BLOB_HASH);
                for (MessagesRecord r : batch) {
                    insert = insert.values(r.getAccountId(), r.getMailboxId(), r.getUid(), r.getModseq(), r.getSeen(), r.getAnswered(),
                            r.getFlagged(), r.getDeleted(), r.getDraft(), r.getKeywords(), r.getInternalDate(), r.getSize(), r.getBlobHash());
                }
                insert.execute();
            }
            log.changed(new MailboxChange(account.id(), destinationId, MailboxChange.Kind.APPENDED, a.modseq(), a.firstUid() + rows.size()));
            if (removeSource) {
                long modseq = UidAllocator.lockModseq(t, src) + 1;
                long[] removed = srcUids.stream().mapToLong(Long::longValue).toArray();
                t.deleteFrom(MESSAGES).where(inMailbox(account.id(), sourceId)).and(MESSAGES.UID.eq(any(srcUids.toArray(Long[]::new)))).execute();
                recordExpunge(t, src, removed, modseq);
                log.record(new JournalRecord.MessagesExpunged(Instant.now(), account.id(), account.address(), sourceId, src.uidValidity(), modseq, removed));
                log.changed(new MailboxChange(account.id(), sourceId, MailboxChange.Kind.EXPUNGED, modseq, 0));
            }
            log.flush(t, journal);
            return new CopyResult(dst.uidValidity(), srcUids, dstUids);
        });
    }

    private static void recordExpunge(DSLContext t, MailboxRef box, long[] uids, long modseq) {
        Long[] boxed = java.util.Arrays.stream(uids).boxed().toArray(Long[]::new);
        RECORD_EXPUNGE.query(t, box.accountId(), box.mailboxId(), modseq, boxed).execute();
        UidAllocator.raiseModseq(t, box, modseq);
    }

    /** Both mailbox rows locked in ascending id order, the store's lock order, so concurrent moves cannot deadlock. */
    private static void lockInIdOrder(DSLContext t, MailboxRef a, MailboxRef b) {
        t.select(MAILBOXES.MAILBOX_ID).from(MAILBOXES)
                .where(MAILBOXES.ACCOUNT_ID.eq(a.accountId()))
                .and(MAILBOXES.MAILBOX_ID.in(a.mailboxId(), b.mailboxId()))
                .orderBy(MAILBOXES.MAILBOX_ID).forUpdate().fetch();
    }

    static Condition inMailbox(long accountId, long mailboxId) {
        return inMailbox(DSL.val(accountId), DSL.val(mailboxId));
    }

    static Condition inMailbox(Field<Long> accountId, Field<Long> mailboxId) {
        return MESSAGES.ACCOUNT_ID.eq(accountId).and(MESSAGES.MAILBOX_ID.eq(mailboxId));
    }

    static MessageView toView(MessagesRecord r) {
        return toView(r.getUid(), r.getModseq(), r.getSeen(), r.getAnswered(), r.getFlagged(), r.getDeleted(), r.getDraft(),
                r.getKeywords(), r.getInternalDate(), r.getSize(), r.getBlobHash());
    }

    /** A message's view from its row's columns, however they were read (a record, a position, a result set). */
    static MessageView toView(long uid, long modseq, boolean seen, boolean answered, boolean flagged, boolean deleted,
                              boolean draft, String[] keywords, OffsetDateTime internalDate, long size, byte[] blobHash) {
        Flags f = new Flags(seen, answered, flagged, deleted, draft, java.util.Set.of(keywords));
        return new MessageView(uid, modseq, f, internalDate.toInstant(), size, HEX.formatHex(blobHash));
    }

    private static byte[] hashBytes(String hex) {
        try {
            return BlobId.fromHex(hex).bytes();
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreException.Reason.CONTENT_UNAVAILABLE, "not a blob hash: " + hex);
        }
    }

    private static StoreException unavailable(String blobHash, IOException e) {
        String why = e instanceof BlobNotFoundException ? "is missing from the blob store" : "cannot be read: " + e.getMessage();
        return new StoreException(StoreException.Reason.CONTENT_UNAVAILABLE, "message content " + blobHash + " " + why, e);
    }

    /**
     * The SET expressions and WHERE condition of one STORE, computed in SQL so a range of any size is one statement. The
     * system flags' values are part of the shape (inlined), the keywords are bound: twice, once to set and once to
     * compare. A +FLAGS or -FLAGS without keywords (the common STORE) leaves the keywords out of the statement, and
     * with them two array subqueries per row. A plain STORE of one UID compares the UID with a bound value instead of
     * an array: PostgreSQL estimates an array of unknown length at ten UIDs, so for one it kept choosing a custom plan
     * and planned the statement on every call (313 µs a call under the IMAP load), where one value has one plan.
     *
     * @param oneUid the plain statement for exactly one UID
     */
    private record FlagUpdate(FlagMode mode, Flags flags, boolean oneUid) {
        private static final int SYSTEM_FLAGS = 5;

        /** Distinct for each mode, combination of system flags, keywords or none, conditional or not, and one UID or not. */
        int key(boolean conditional) {
            int mask = (flags.seen() ? 1 : 0) | (flags.answered() ? 2 : 0) | (flags.flagged() ? 4 : 0) | (flags.deleted() ? 8 : 0)
                    | (flags.draft() ? 16 : 0);
            int shape = (mode.ordinal() << SYSTEM_FLAGS | mask) << 1 | (touchesKeywords() ? 1 : 0);
            return (shape << 1 | (conditional ? 1 : 0)) << 1 | (oneUid ? 1 : 0);
        }

        /** REPLACE sets the keywords whatever they are; ADD and REMOVE change them only when some are given. */
        boolean touchesKeywords() {
            return mode == FlagMode.REPLACE || !flags.keywords().isEmpty();
        }

        /**
         * The values {@link #render} binds, in its order. Conditional ({@code unchangedSince} given): [keywords,]
         * modseq, account, mailbox, uids, unchangedSince, [keywords again]. Plain ({@code modseq} and
         * {@code unchangedSince} null): account, mailbox, [keywords,] uids (or the one UID), [keywords again].
         */
        Object[] binds(Long modseq, long account, long mailbox, Long[] uids, Long unchangedSince) {
            List<Object> values = new ArrayList<>(7);
            String[] keywords = flags.keywords().toArray(String[]::new);
            if (unchangedSince == null) values.addAll(List.of(account, mailbox));
            if (touchesKeywords()) values.add(keywords);
            if (unchangedSince != null) values.addAll(List.of(modseq, account, mailbox));
            values.add(oneUid ? uids[0] : uids);
            if (unchangedSince != null) values.add(unchangedSince);
            if (touchesKeywords()) values.add(keywords);
            return values.toArray();
        }

        /**
         * Conditional: the UPDATE alone, run after the caller has locked the mailbox row and read its HIGHESTMODSEQ.
         * Plain: one statement that does all of it, as common table expressions:
         * <pre>
         * WITH box AS (the mailbox row, locked FOR UPDATE, and its HIGHESTMODSEQ + 1),
         *      changed AS (UPDATE messages ... of that mailbox, MODSEQ from box, RETURNING the rows),
         *      raised AS (UPDATE mailboxes SET highestmodseq from box, if changed has a row)
         * SELECT * FROM changed
         * </pre>
         * The messages UPDATE takes its mailbox from box, so the lock comes before any message row is read (the
         * order every writer keeps), and PostgreSQL can keep one generic plan for the statement, with the keys as
         * subquery results; a message row another STORE changed meanwhile is checked again in its new version.
         */
        RenderedQuery render(boolean conditional) {
            if (!conditional) return renderPlain();
            var update = setFlags(DSL.param("modseq", Long.class))
                    .where(inMailbox(DSL.param("account", Long.class), DSL.param("mailbox", Long.class)))
                    .and(MESSAGES.UID.eq(any(DSL.param("uids", SQLDataType.BIGINT.array()))))
                    .and(MESSAGES.MODSEQ.le(DSL.param("unchangedSince", Long.class))).and(changes())
                    .returning();
            List<String> names = new ArrayList<>(List.of("modseq", "account", "mailbox", "uids", "unchangedSince"));
            if (touchesKeywords()) {
                names.addFirst("keywords");
                names.add("keywordsAgain");
            }
            return RenderedQuery.of(update, names.toArray(String[]::new));
        }

        private RenderedQuery renderPlain() {
            var box = DSL.name("box").fields("account_id", "mailbox_id", "modseq").as(
                    DSL.select(MAILBOXES.ACCOUNT_ID, MAILBOXES.MAILBOX_ID, MAILBOXES.HIGHESTMODSEQ.plus(DSL.inline(1L)))
                            .from(MAILBOXES).where(Mailboxes.byKeyParams()).forUpdate());
            Field<Long> account = DSL.field(DSL.select(box.field("account_id", Long.class)).from(box));
            Field<Long> mailbox = DSL.field(DSL.select(box.field("mailbox_id", Long.class)).from(box));
            Field<Long> modseq = DSL.field(DSL.select(box.field("modseq", Long.class)).from(box));
            var changed = DSL.name("changed").as(setFlags(modseq)
                    .where(inMailbox(account, mailbox))
                    .and(oneUid ? MESSAGES.UID.eq(DSL.param("uid", Long.class))
                            : MESSAGES.UID.eq(any(DSL.param("uids", SQLDataType.BIGINT.array()))))
                    .and(changes())
                    .returning());
            var raised = DSL.name("raised").as(DSL.update(MAILBOXES).set(MAILBOXES.HIGHESTMODSEQ, modseq)
                    .where(MAILBOXES.ACCOUNT_ID.eq(account)).and(MAILBOXES.MAILBOX_ID.eq(mailbox))
                    .and(DSL.exists(DSL.selectOne().from(changed)))
                    .returning(MAILBOXES.MAILBOX_ID));
            var statement = DSL.with(box).with(changed).with(raised).select(changed.fields()).from(changed);
            List<String> names = new ArrayList<>(List.of("account", "mailbox", oneUid ? "uid" : "uids"));
            if (touchesKeywords()) {
                names.add(2, "keywords");
                names.add("keywordsAgain");
            }
            return RenderedQuery.of(statement, names.toArray(String[]::new));
        }

        private org.jooq.UpdateSetMoreStep<MessagesRecord> setFlags(Field<Long> modseq) {
            var set = DSL.update(MESSAGES)
                    .set(MESSAGES.SEEN, system(MESSAGES.SEEN, flags.seen()))
                    .set(MESSAGES.ANSWERED, system(MESSAGES.ANSWERED, flags.answered()))
                    .set(MESSAGES.FLAGGED, system(MESSAGES.FLAGGED, flags.flagged()))
                    .set(MESSAGES.DELETED, system(MESSAGES.DELETED, flags.deleted()))
                    .set(MESSAGES.DRAFT, system(MESSAGES.DRAFT, flags.draft()));
            var withKeywords = touchesKeywords() ? set.set(MESSAGES.KEYWORDS, keywords("keywords")) : set;
            return withKeywords.set(MESSAGES.MODSEQ, modseq);
        }

        Field<Boolean> system(Field<Boolean> column, boolean given) {
            return switch (mode) {
                case REPLACE -> DSL.inline(given);
                case ADD -> given ? DSL.inline(true) : column;
                case REMOVE -> given ? DSL.inline(false) : column;
            };
        }

        Field<String[]> keywords(String param) {
            Field<String[]> given = DSL.param(param, MESSAGES.KEYWORDS.getDataType());
            // Keywords are kept sorted and distinct, so equal sets compare equal as arrays.
            return switch (mode) {
                case REPLACE -> given;
                case ADD -> DSL.field("array(select distinct k collate \"C\" from unnest({0} || {1}) k order by 1)", String[].class,
                        MESSAGES.KEYWORDS, given);
                case REMOVE -> DSL.field("array(select k from unnest({0}) k where k <> all({1}) order by k collate \"C\")", String[].class,
                        MESSAGES.KEYWORDS, given);
            };
        }

        Condition changes() {
            List<Field<?>> columns = new ArrayList<>(List.of(MESSAGES.SEEN, MESSAGES.ANSWERED, MESSAGES.FLAGGED, MESSAGES.DELETED,
                    MESSAGES.DRAFT));
            List<Field<?>> values = new ArrayList<>(List.of(system(MESSAGES.SEEN, flags.seen()), system(MESSAGES.ANSWERED, flags.answered()),
                    system(MESSAGES.FLAGGED, flags.flagged()), system(MESSAGES.DELETED, flags.deleted()), system(MESSAGES.DRAFT, flags.draft())));
            if (touchesKeywords()) {
                columns.add(MESSAGES.KEYWORDS);
                values.add(keywords("keywordsAgain"));
            }
            return DSL.row(columns).isDistinctFrom(DSL.row(values));
        }
    }
}
