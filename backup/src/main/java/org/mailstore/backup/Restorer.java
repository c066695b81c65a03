package org.mailstore.backup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.BlobStores;
import org.mailstore.schema.SchemaMigrator;
import org.mailstore.store.maintenance.Progress;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mailstore restore}, up to (not including) the reconcile the command runs afterwards: checks the backup, checks
 * the target is empty (or with {@code force} empties its database; blobs and journal segments already there are kept,
 * so the reconciler can still replay them), migrates the schema to the backup's version, loads every table with COPY
 * FROM in one transaction (the {@code blobs} rows of an incremental backup from its whole chain: {@link ChainedRowsLoader}),
 * sets the identity sequences past every id the backup saw, migrates to the latest schema,
 * copies the backup's blobs into the live tree and its journal segments into the journal directory.
 */
public final class Restorer {
    private static final Logger log = LoggerFactory.getLogger(Restorer.class);

    private final BackupDirectory from;
    private final LiveSite to;

    public Restorer(BackupDirectory from, LiveSite to) {
        this.from = from;
        this.to = to;
    }

    public RestoreResult restore(Optional<BackupId> which, boolean force, Progress progress) throws IOException {
        BackupId id = which.isPresent() ? which.get() : from.latestComplete().map(BackupSummary::id)
                .orElseThrow(() -> new IncompleteBackupException("no complete backup in " + from.root()));
        Manifest m = from.manifest(id);
        List<String> faults = new BackupVerifier(from).verify(id);
        if (!faults.isEmpty()) {
            throw new IllegalStateException("backup " + id + " fails verification, not restoring it: " + String.join("; ", faults));
        }
        List<String> there = TargetCheck.contents(to);
        if (!there.isEmpty()) {
            if (!force) throw new NonEmptyTargetException("the target is not empty (" + String.join("; ", there) + "); use --force to replace its database");
            log.warn("restore --force: emptying the database ({})", String.join("; ", there));
            flyway().cleanDisabled(false).load().clean();
        }
        migrateTo(m.schemaVersion());
        long rows = load(m, progress);
        SchemaMigrator.migrate(to.dataSource());
        try (BlobStore live = BlobStores.open(to.blobs())) {
            return restoreBlobs(m, id, rows, new BlobCopier(from.blobs(OnlineBackup.BACKUP_FANOUT), live), progress);
        }
    }

    private RestoreResult restoreBlobs(Manifest m, BackupId id, long rows, BlobCopier copier, Progress progress) throws IOException {
        long copied = 0;
        long present = 0;
        long missing = 0;
        Path backup = from.backupDir(id);
        progress.phase("blobs", m.counts().blobs() + m.counts().journalBlobs());
        for (CheckedFile list : m.blobLists()) {
            try (HashLines ids = new HashLines(backup.resolve(list.path()))) {
                BlobCopier.Result r = copier.copy(ids, stored -> { }, progress);
                copied += r.copied();
                present += r.present();
                missing += r.missingCount();
            }
        }
        progress.done();
        int segments = copyJournal(backup, m, progress);
        log.info("restored backup {}: {} rows, {} blobs copied ({} already there, {} missing), {} journal segments", id, rows, copied,
                present, missing, segments);
        return new RestoreResult(m, rows, copied, present, missing, segments);
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return Flyway.configure().dataSource(to.dataSource()).locations(SchemaMigrator.LOCATION);
    }

    /** To the backup's schema version exactly, so its COPY files match the tables column for column. */
    private void migrateTo(String version) {
        MigrationVersion wanted = MigrationVersion.fromVersion(version);
        boolean known = Arrays.stream(flyway().load().info().all()).map(MigrationInfo::getVersion)
                .anyMatch(v -> v != null && v.equals(wanted));
        if (!known) {
            throw new IllegalStateException("the backup has schema version " + version
                    + ", which this mailstore does not know; restore it with the mailstore release that made it or a newer one");
        }
        flyway().target(wanted).load().migrate();
    }

    private long load(Manifest m, Progress progress) throws IOException {
        Path backup = from.backupDir(m.id());
        progress.phase("tables", m.tables().size());
        try (Connection c = to.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                long rows = 0;
                for (Manifest.TableFile t : m.tables()) {
                    if (t.delta()) {
                        rows += new ChainedRowsLoader(from, c).load(m, t);
                    } else {
                        try (InputStream in = new BufferedInputStream(Files.newInputStream(backup.resolve(t.file().path())))) {
                            rows += copy.copyIn(CopySql.copyIn(t.name(), t.columns()), in);
                        }
                    }
                    progress.advance(1);
                }
                DSLContext sql = DSL.using(c, SQLDialect.POSTGRES);
                for (Manifest.Identity i : m.identities()) setSequence(sql, i);
                c.commit();
                progress.done();
                return rows;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("loading the backup's tables failed: " + e.getMessage(), e);
        }
    }

    /** Past both the sequence's value at backup time and every id loaded, so no id is ever handed out twice. */
    private static void setSequence(DSLContext sql, Manifest.Identity i) {
        var highest = DSL.select(DSL.coalesce(DSL.max(DSL.field(DSL.name(i.column()), Long.class)), 0L)).from(DSL.table(DSL.name(i.table())));
        sql.select(DSL.field("setval(pg_get_serial_sequence({0}, {1}), greatest({2}, ({3}), 1))", Long.class,
                DSL.val(i.table()), DSL.val(i.column()), DSL.val(i.lastValue()), highest)).fetch();
    }

    /** Segments the journal directory lacks; one already there (a force restore keeping newer ones) is left as it is. */
    private int copyJournal(Path backup, Manifest m, Progress progress) throws IOException {
        Path dir = DurableFiles.createDirectories(to.journalDir());
        progress.phase("journal", m.journal().size());
        int copied = 0;
        for (CheckedFile f : m.journal()) {
            Path target = dir.resolve(SegmentFiles.fileName(f.path()));
            if (!Files.exists(target)) {
                Path temp = dir.resolve(target.getFileName() + ".restoring");
                Files.copy(backup.resolve(f.path()), temp, StandardCopyOption.REPLACE_EXISTING);
                DurableFiles.forceFile(temp);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                copied++;
            }
            progress.advance(1);
        }
        DurableFiles.forceDirectory(dir);
        progress.done();
        return copied;
    }
}
