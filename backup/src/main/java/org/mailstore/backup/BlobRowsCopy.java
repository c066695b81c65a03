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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;
import org.postgresql.copy.CopyManager;

/**
 * The {@code blobs} table file of a backup, written inside the snapshot transaction. A blob row is content-addressed and
 * never updated (only gc deletes it, and the maintenance lock keeps gc out while a backup runs), so the rows of blobs
 * the previous backup's snapshot referenced are in that backup's chain already: only the hashes this snapshot's sorted
 * list gained over the previous list ({@link BlobListDiff}) are fetched, by key, a batch at a time. The set comes from
 * the two lists, not from {@code stored_at}, which would miss a row whose transaction started before the previous
 * snapshot and committed after it. Without a base, every row the snapshot references is written.
 */
final class BlobRowsCopy {
    /** Hashes per COPY statement: each is one statement text of about 70 bytes a hash. */
    static final int HASHES_PER_COPY = 1_000;

    private BlobRowsCopy() {}

    /** @param gained the hashes this snapshot's list gained over its base's, or empty for a backup that holds every row itself */
    static Manifest.TableFile write(CopyManager copy, Optional<Path> gained, Path tablesDir)
            throws IOException, SQLException {
        List<String> columns = Arrays.stream(BLOBS.fields()).map(Field::getName).toList();
        Path file = tablesDir.resolve(BLOBS.getName() + ".copy");
        MessageDigest digest = Sha256.digest();
        long rows = 0;
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), digest)) {
            if (gained.isEmpty()) {
                rows = copy.copyOut(CopySql.copyOut(referenced()), out);
            } else {
                try (HashLines fresh = new HashLines(gained.get())) {
                    while (fresh.hasNext()) rows += copy.copyOut(CopySql.copyOut(byHash(batch(fresh))), out);
                }
            }
        }
        DurableFiles.forceFile(file);
        CheckedFile checked = new CheckedFile(BackupDirectory.TABLES + "/" + file.getFileName(), Files.size(file), Sha256.hex(digest));
        return new Manifest.TableFile(BLOBS.getName(), columns, rows, checked, true);
    }

    private static List<byte[]> batch(Iterator<BlobId> ids) {
        List<byte[]> out = new ArrayList<>(HASHES_PER_COPY);
        while (ids.hasNext() && out.size() < HASHES_PER_COPY) out.add(ids.next().bytes());
        return out;
    }

    /** Every row the snapshot references, columns in the generated schema's order. */
    private static Select<?> referenced() {
        return DSL.select(BLOBS.fields()).from(BLOBS).whereExists(DSL.selectOne().from(MESSAGES).where(MESSAGES.BLOB_HASH.eq(BLOBS.BLOB_HASH)));
    }

    private static Select<?> byHash(List<byte[]> hashes) {
        return DSL.select(BLOBS.fields()).from(BLOBS).where(BLOBS.BLOB_HASH.in(hashes));
    }
}
