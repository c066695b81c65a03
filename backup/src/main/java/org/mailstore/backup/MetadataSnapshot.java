package org.mailstore.backup;

import static org.mailstore.schema.jooq.Tables.BLOBS;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.mailstore.store.maintenance.Progress;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata half of a backup: one REPEATABLE READ, read-only snapshot that copies every table with COPY TO, notes
 * the schema version and the identity sequences, and writes the sorted list of blobs the snapshot references; two
 * connections share it (the second imports the first's exported snapshot), one for the tables, one for the blobs. The
 * {@code blobs} table, by far the largest and never updated, is the exception: only the rows of blobs the snapshot
 * references and the previous backup's did not are written ({@link BlobRowsCopy}). Everything
 * it writes is read at the same snapshot, so the blob list names exactly the blobs the copied rows need; the blobs
 * themselves are copied after the transaction ends, which keeps it short (invariant 1 makes that safe: a row is only
 * ever committed after its blob is durable, and gc is kept out by the maintenance lock).
 */
final class MetadataSnapshot {
    private static final Logger log = LoggerFactory.getLogger(MetadataSnapshot.class);

    /**
     * What the transaction saw.
     *
     * @param diff what the blob list gained and lost against the previous backup's intact list, if there is one: scratch
     *             files in the backup directory, which the caller deletes once the blobs are copied
     */
    record Result(Instant snapshotAt, String schemaVersion, BackupId base, List<Manifest.TableFile> tables, List<Manifest.Identity> identities,
                  long messages, long blobs, long blobBytes, CheckedFile blobList, Optional<BlobListDiff.Result> diff) {}

    private MetadataSnapshot() {}

    static Result take(DataSource ds, Path backupDir, Optional<PreviousBackup> previous, boolean full, Progress progress) throws IOException {
        Path tablesDir = DurableFiles.createDirectories(backupDir.resolve(BackupDirectory.TABLES));
        StepTimes times = new StepTimes();
        try (Connection c = ds.getConnection(); Connection side = ds.getConnection()) {
            begin(c);
            begin(side);
            FutureTask<BlobSide> blobSide = null;
            try {
                DSLContext sql = DSL.using(c, SQLDialect.POSTGRES);
                // The first statement fixes the snapshot; its clock is the snapshot time.
                Instant snapshotAt = sql.select(DSL.field("clock_timestamp()", OffsetDateTime.class)).fetchOne(0, OffsetDateTime.class).toInstant();
                String schemaVersion = schemaVersion(sql);
                SchemaCheck.requireMatch(sql, TableOrder.tables());
                List<Table<?>> order = TableOrder.copied();
                String snapshotId = sql.select(DSL.field("pg_export_snapshot()", String.class)).fetchOne(0, String.class);
                times.lap("begin");
                blobSide = new FutureTask<>(() -> blobSide(side, snapshotId, backupDir, previous, full, schemaVersion, tablesDir));
                Thread.ofPlatform().name("backup-blob-list").start(blobSide);
                progress.phase("snapshot", order.size());
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                Map<String, Manifest.TableFile> files = new HashMap<>();
                for (Table<?> t : order) {
                    if (t.getName().equals(BLOBS.getName())) continue;
                    files.put(t.getName(), copyTable(copy, t, tablesDir));
                    progress.advance(1);
                }
                times.lap("tables");
                List<Manifest.Identity> identities = identities(sql, order);
                times.lap("identities");
                BlobSide blobs = await(blobSide);
                files.put(BLOBS.getName(), blobs.rows());
                progress.advance(1);
                progress.done();
                times.lap("waiting for the blob side");
                DurableFiles.forceDirectory(tablesDir);
                side.commit();
                c.commit();
                times.lap("commit");
                log.debug("snapshot steps: {}", times);
                long messages = files.get(MESSAGES.getName()).rows();
                List<Manifest.TableFile> tables = order.stream().map(t -> files.get(t.getName())).toList();
                return new Result(snapshotAt, schemaVersion, blobs.base().map(b -> b.manifest().id()).orElse(null), tables, identities, messages,
                        blobs.list().count, blobs.bytes(), blobs.list().file, blobs.diff());
            } catch (SQLException | IOException | RuntimeException e) {
                if (blobSide != null) awaitQuietly(blobSide); // its connection is rolled back only once it is done with it
                side.rollback();
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("database snapshot failed: " + e.getMessage(), e);
        }
    }

    private static void begin(Connection c) throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
    }

    /** What the second connection wrote: the blob list, its diff, the blob total and the blob rows. */
    private record BlobSide(BlobList list, Optional<BlobListDiff.Result> diff, long bytes, Optional<PreviousBackup> base,
                            Manifest.TableFile rows) {}

    /**
     * The blob half of the snapshot, on a second connection that imports the first one's snapshot (as {@code pg_dump -j}
     * does), so it sees exactly the same rows while the first copies the tables: the two halves take about as long
     * each, and a backup's fixed cost is mostly these two.
     */
    private static BlobSide blobSide(Connection side, String snapshotId, Path backupDir, Optional<PreviousBackup> previous, boolean full,
                                     String schemaVersion, Path tablesDir) throws SQLException, IOException {
        StepTimes times = new StepTimes();
        DSLContext sql = DSL.using(side, SQLDialect.POSTGRES);
        sql.execute("SET TRANSACTION SNAPSHOT " + DSL.inline(snapshotId));
        CopyManager copy = side.unwrap(PGConnection.class).getCopyAPI();
        BlobList list = writeBlobList(copy, backupDir.resolve(BackupDirectory.SNAPSHOT_BLOBS));
        times.lap("blob list");
        Optional<BlobListDiff.Result> diff = diff(backupDir, previous);
        times.lap("diff");
        long bytes = blobBytes(side, sql, diff, previous, full);
        times.lap("blob bytes");
        Optional<PreviousBackup> base = !full && diff.isPresent() && previous.orElseThrow().extendableAt(schemaVersion)
                ? previous : Optional.empty();
        times.lap("base");
        Manifest.TableFile rows = BlobRowsCopy.write(copy,
                base.isPresent() ? diff.map(BlobListDiff.Result::gained) : Optional.empty(), tablesDir);
        times.lap("blob rows");
        log.debug("snapshot blob side: {} blobs, {} rows; steps: {}", list.count, rows.rows(), times);
        return new BlobSide(list, diff, bytes, base, rows);
    }

    private static void awaitQuietly(FutureTask<BlobSide> task) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.debug("the snapshot's blob side failed too", e.getCause());
        }
    }

    private static BlobSide await(FutureTask<BlobSide> task) throws SQLException, IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the snapshot's blob list", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case SQLException s -> throw s;
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                default -> throw new IOException("the snapshot's blob list failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static Optional<BlobListDiff.Result> diff(Path backupDir, Optional<PreviousBackup> previous) throws IOException {
        Optional<Path> before = previous.isPresent() ? previous.get().blobList() : Optional.empty();
        if (before.isEmpty()) return Optional.empty();
        return Optional.of(BlobListDiff.compute(backupDir.resolve(BackupDirectory.SNAPSHOT_BLOBS), before.get(),
                backupDir.resolve(BackupDirectory.GAINED_BLOBS), backupDir.resolve(BackupDirectory.LOST_BLOBS)));
    }

    /** Added up from the change when the previous backup's total is exact and its blobs are all in the tree; else summed. */
    private static long blobBytes(Connection c, DSLContext sql, Optional<BlobListDiff.Result> diff, Optional<PreviousBackup> previous,
                                  boolean full) throws IOException, SQLException {
        if (!full && diff.isPresent() && previous.orElseThrow().holdsEveryListedBlob()) {
            PreviousBackup p = previous.get();
            OptionalLong changed = BlobBytes.changed(c, p.manifest().counts().blobBytes(), diff.get(), p.blobTree());
            if (changed.isPresent()) return changed.getAsLong();
        }
        return BlobBytes.all(sql);
    }

    static String schemaVersion(DSLContext sql) {
        String v = sql.select(DSL.field(DSL.name("version"), String.class)).from(DSL.table(DSL.name("flyway_schema_history")))
                .where(DSL.field(DSL.name("success"), Boolean.class).isTrue()).and(DSL.field(DSL.name("version")).isNotNull())
                .orderBy(DSL.field(DSL.name("installed_rank")).desc()).limit(1).fetchOne(0, String.class);
        if (v == null) throw new IllegalStateException("the database has no schema version; is it a mailstore database?");
        return v;
    }

    private static Manifest.TableFile copyTable(CopyManager copy, Table<?> table, Path dir) throws SQLException, IOException {
        List<String> columns = java.util.Arrays.stream(table.fields()).map(Field::getName).toList();
        String name = table.getName();
        Path file = dir.resolve(name + ".copy");
        MessageDigest digest = Sha256.digest();
        long rows;
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), digest)) {
            rows = copy.copyOut(CopySql.copyOut(name, columns), out);
        }
        DurableFiles.forceFile(file);
        CheckedFile checked = new CheckedFile(BackupDirectory.TABLES + "/" + file.getFileName(), Files.size(file), Sha256.hex(digest));
        return new Manifest.TableFile(name, columns, rows, checked, false);
    }

    /** Sequences are not transactional: this reads their current value, at least what the snapshot's rows used. */
    private static List<Manifest.Identity> identities(DSLContext sql, List<Table<?>> tables) {
        List<Manifest.Identity> out = new ArrayList<>();
        for (Table<?> t : tables) {
            if (t.getIdentity() == null) continue;
            String column = t.getIdentity().getField().getName();
            Long last = sql.select(DSL.field("pg_sequence_last_value(pg_get_serial_sequence({0}, {1})::regclass)", Long.class,
                    DSL.val(t.getName()), DSL.val(column))).fetchOne(0, Long.class);
            out.add(new Manifest.Identity(t.getName(), column, last == null ? 0 : last));
        }
        return out;
    }

    private record BlobList(long count, CheckedFile file) {}

    /**
     * Sorted by hash (bytea order is byte order, which hex keeps), one lowercase hex hash per line: the distinct
     * {@code messages.blob_hash}, read in order from its index without touching the wide {@code blobs} table (the
     * foreign key guarantees each has its row). PostgreSQL writes the lines itself ({@code encode(…, 'hex')} through
     * COPY, whose text format leaves hex digits as they are), so they go to the file without a Java object per row.
     */
    private static BlobList writeBlobList(CopyManager copy, Path file) throws IOException, SQLException {
        MessageDigest digest = Sha256.digest();
        long count;
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), digest)) {
            count = copy.copyOut(CopySql.copyOut(DSL.select(DSL.field("encode({0}, 'hex')", String.class, MESSAGES.BLOB_HASH))
                    .from(MESSAGES).groupBy(MESSAGES.BLOB_HASH).orderBy(MESSAGES.BLOB_HASH)), out);
        }
        DurableFiles.forceFile(file);
        return new BlobList(count, new CheckedFile(BackupDirectory.SNAPSHOT_BLOBS, Files.size(file), Sha256.hex(digest)));
    }
}
