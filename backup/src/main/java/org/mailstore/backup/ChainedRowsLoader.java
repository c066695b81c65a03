package org.mailstore.backup;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a {@link Manifest.TableFile#delta() delta} table (the {@code blobs} rows) of a backup: its rows are spread over
 * the backup and its base chain, and the backup's snapshot list says which hashes it needs. A chain of one link (a full
 * backup) is loaded straight into the table; a longer chain is loaded into a temporary table first and the needed rows
 * copied from there. Either way the count must equal the snapshot list's length: a chain that lacks a row fails the
 * restore, never restores less.
 */
final class ChainedRowsLoader {
    private static final String STAGE = "restore_stage";
    private static final String WANTED = "restore_wanted";
    private static final String HASH = "blob_hash";

    private final BackupDirectory from;
    private final Connection connection;

    ChainedRowsLoader(BackupDirectory from, Connection connection) {
        this.from = from;
        this.connection = connection;
    }

    long load(Manifest m, Manifest.TableFile table) throws IOException, SQLException {
        BackupChain.Resolved resolved = BackupChain.resolve(from, m);
        BackupChain chain = resolved.whole().orElseThrow(
                () -> new IncompleteBackupException("backup " + m.id() + " cannot be restored: " + resolved.problem()));
        List<BackupChain.LinkFile> files = chain.files(table.name());
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        DSLContext sql = DSL.using(connection, SQLDialect.POSTGRES);
        long wanted = m.counts().blobs();
        long rows;
        if (files.size() == 1) {
            rows = copyIn(copy, table.name(), files.getFirst());
        } else {
            sql.execute("CREATE TEMPORARY TABLE " + CopySql.quoted(STAGE) + " (LIKE " + CopySql.quoted(table.name()) + ") ON COMMIT DROP");
            sql.execute("CREATE TEMPORARY TABLE " + CopySql.quoted(WANTED) + " (" + CopySql.quoted(HASH) + " bytea PRIMARY KEY) ON COMMIT DROP");
            for (BackupChain.LinkFile f : files) copyIn(copy, STAGE, f);
            loadWanted(copy, from.backupDir(m.id()).resolve(BackupDirectory.SNAPSHOT_BLOBS));
            String columns = String.join(", ", table.columns().stream().map(CopySql::quoted).toList());
            rows = sql.execute("INSERT INTO " + CopySql.quoted(table.name()) + " (" + columns + ") SELECT DISTINCT ON ("
                    + CopySql.quoted(HASH) + ") " + columns + " FROM " + CopySql.quoted(STAGE) + " WHERE " + CopySql.quoted(HASH)
                    + " IN (SELECT " + CopySql.quoted(HASH) + " FROM " + CopySql.quoted(WANTED) + ")");
        }
        if (rows != wanted) {
            throw new IncompleteBackupException("backup " + m.id() + " references " + wanted + " blobs, but its chain of " + files.size()
                    + " backups holds rows for " + rows + " of them; not restoring less");
        }
        return rows;
    }

    private long copyIn(CopyManager copy, String into, BackupChain.LinkFile f) throws IOException, SQLException {
        Path file = from.backupDir(f.backup()).resolve(f.table().file().path());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return copy.copyIn(CopySql.copyIn(into, f.table().columns()), in);
        }
    }

    /** The snapshot list's hex lines as bytea text input ({@code \x…}, the backslash escaped for COPY). */
    private static void loadWanted(CopyManager copy, Path list) throws IOException, SQLException {
        try (BufferedReader in = Files.newBufferedReader(list, StandardCharsets.US_ASCII)) {
            copy.copyIn(CopySql.copyIn(WANTED, List.of(HASH)), new PrefixedLines(in, "\\\\x"));
        }
    }

    /** A reader of another reader's lines, each with a prefix. */
    private static final class PrefixedLines extends Reader {
        private final BufferedReader lines;
        private final String prefix;
        private Reader current = new StringReader("");

        PrefixedLines(BufferedReader lines, String prefix) {
            this.lines = lines;
            this.prefix = prefix;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = current.read(buf, off, len);
            while (n < 0) {
                String line = lines.readLine();
                if (line == null) return -1;
                current = new StringReader(prefix + line + "\n");
                n = current.read(buf, off, len);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
