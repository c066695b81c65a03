package org.mailstore.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobLocation;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.BlobStores;
import org.mailstore.blobstore.FileBlobLocation;
import org.mailstore.store.journal.Journal;

/**
 * The mail store: one object wiring PostgreSQL (through the given pool), the blob store and the
 * delivery journal, and handing out the domain services. Thread-safe; one per process.
 */
public final class MailStore implements AutoCloseable {
    /** Concurrent transactions admitted when the pool's size cannot be learned from the DataSource. */
    static final int DEFAULT_MAX_TRANSACTIONS = 10;

    private final BlobStore blobStore;
    private final Journal journal;
    private final Accounts accounts;
    private final Mailboxes mailboxes;
    private final Messages messages;
    private final Delivery delivery;
    private final ChangeListener changes;
    private final MaildropLocks maildropLocks;
    private final Maildrops maildrops;
    private final Transactions tx;
    private final MessageAppender appender;
    private final DataSource dataSource;
    private final Path journalDir;
    /** This instance's newest journal segment from before this run opened its own. */
    private final Optional<String> previousSegment;

    private MailStore(DataSource ds, BlobStore blobStore, Journal journal, Path journalDir, Optional<String> previousSegment) {
        this.blobStore = blobStore;
        this.journal = journal;
        this.dataSource = ds;
        this.journalDir = journalDir;
        this.previousSegment = previousSegment;
        // One pooled connection is kept by the change listener; transactions share the rest.
        Transactions tx = this.tx = new Transactions(DSL.using(ds, SQLDialect.POSTGRES, renderSettings()), Math.max(1, poolSize(ds) - 1));
        MessageAppender appender = this.appender = new MessageAppender(tx, blobStore, journal);
        this.accounts = new Accounts(tx, journal);
        this.messages = new Messages(tx, blobStore, journal, appender);
        this.mailboxes = new Mailboxes(tx, journal, messages);
        this.delivery = new Delivery(tx, accounts, appender);
        this.changes = new ChangeListener(ds);
        this.maildropLocks = new MaildropLocks(ds);
        this.maildrops = new Maildrops(tx);
    }

    /** Opens the store on a migrated database, a blob tree and a journal directory (created if absent). */
    public static MailStore open(DataSource ds, Path blobDir, int blobFanout, Path journalDir, String instanceId) throws IOException {
        return open(ds, new FileBlobLocation(blobDir, blobFanout), journalDir, instanceId);
    }

    /** Opens the store on a migrated database, the blob store at {@code blobLocation} and a journal directory (created if absent). */
    public static MailStore open(DataSource ds, BlobLocation blobLocation, Path journalDir, String instanceId) throws IOException {
        BlobStore blobs = BlobStores.open(blobLocation);
        try {
            return opened(ds, blobs, journalDir, instanceId);
        } catch (IOException | RuntimeException e) {
            blobs.close();
            throw e;
        }
    }

    /**
     * Opens the store on a blob store given by the caller, which the store then owns: for tests that put a failing
     * blob store under the real domain code (issue 12, "blob storage full").
     */
    static MailStore open(DataSource ds, BlobStore blobs, Path journalDir, String instanceId) throws IOException {
        try {
            return opened(ds, blobs, journalDir, instanceId);
        } catch (IOException | RuntimeException e) {
            blobs.close();
            throw e;
        }
    }

    private static MailStore opened(DataSource ds, BlobStore blobs, Path journalDir, String instanceId) throws IOException {
        Optional<String> previous = PreviousRunSettlement.newestSegment(journalDir, instanceId);
        return new MailStore(ds, blobs, Journal.open(journalDir, instanceId), journalDir, previous);
    }

    /**
     * For serve, before it accepts connections: settles the journal records its own previous run may have left
     * uncommitted when it died (see {@link PreviousRunSettlement}). Not for commands that run beside a live serve
     * under its instance id: that serve's in-flight records would look uncommitted.
     *
     * @return how many mailboxes needed settling
     */
    public int settlePreviousRun() throws IOException {
        if (previousSegment.isEmpty()) return 0;
        return new PreviousRunSettlement(dataSource, blobStore).settle(journalDir, previousSegment.get());
    }

    /**
     * For serve: starts writing the search text of delivered and appended blobs in the background
     * ({@link SearchTextIndexing}), which also makes this store's deliveries and APPENDs wait while more blobs are
     * queued than {@code backlog} allows ({@link SearchTextBacklog}); close the result before the store.
     */
    public SearchTextIndexing startSearchTextIndexing(SearchTextBacklog.Settings backlog) {
        SearchTextBacklog stall = new SearchTextBacklog(backlog);
        appender.stallWith(stall);
        return SearchTextIndexing.start(new SearchTextIndexer(dataSource, blobStore), stall);
    }

    public Accounts accounts() {
        return accounts;
    }

    public Mailboxes mailboxes() {
        return mailboxes;
    }

    public Messages messages() {
        return messages;
    }

    public Delivery delivery() {
        return delivery;
    }

    public ChangeListener changes() {
        return changes;
    }

    /** POP3's exclusive maildrop locks; each open one holds a database connection outside the pool. */
    public MaildropLocks maildropLocks() {
        return maildropLocks;
    }

    /** POP3's lean maildrop listing. */
    public Maildrops maildrops() {
        return maildrops;
    }

    @Override
    public void close() throws IOException {
        changes.close();
        tx.close();
        try {
            journal.close();
        } finally {
            blobStore.close();
        }
    }

    /**
     * jOOQ renders every statement anew on each execution, which was a fifth of serve's CPU under IMAP load: no schema
     * prefix (the connection's search_path finds the tables), and no execute logging, whose listener formats each
     * statement's SQL for its debug line even when nothing is logged; no SQL warnings asked for after each statement
     * (nothing reads them). The busiest statements are rendered only once ({@link RenderedQuery}).
     */
    static Settings renderSettings() {
        return new Settings().withRenderSchema(false).withRenderCatalog(false).withExecuteLogging(false)
                .withDiagnosticsLogging(false).withFetchWarnings(false);
    }

    private static int poolSize(DataSource ds) {
        try {
            if (ds.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
                return ds.unwrap(com.zaxxer.hikari.HikariDataSource.class).getMaximumPoolSize();
            }
        } catch (java.sql.SQLException ignored) {
            // fall through to the default
        }
        return DEFAULT_MAX_TRANSACTIONS;
    }
}
