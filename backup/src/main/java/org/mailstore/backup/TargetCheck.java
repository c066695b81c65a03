package org.mailstore.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.BlobStores;
import org.mailstore.blobstore.FileBlobLocation;
import org.mailstore.store.journal.JournalReader;

/**
 * Whether a restore target already holds data: rows in any mailstore table, a blob in the tree, a journal segment. A
 * database that {@code serve} merely migrated, an empty blob tree and an empty journal directory count as empty.
 */
final class TargetCheck {
    private TargetCheck() {}

    /** What is already there, one phrase each; empty when the target is empty. */
    static List<String> contents(LiveSite site) throws IOException {
        List<String> found = new ArrayList<>();
        DSLContext sql = DSL.using(site.dataSource(), SQLDialect.POSTGRES);
        for (Table<?> t : TableOrder.tables()) {
            boolean exists = sql.select(DSL.field("to_regclass({0}) is not null", Boolean.class, DSL.val(t.getName()))).fetchOne(0, Boolean.class);
            if (exists && sql.fetchExists(DSL.selectOne().from(DSL.table(DSL.name(t.getName()))))) {
                found.add("the database has rows in " + t.getName());
            }
        }
        boolean absentTree = site.blobs() instanceof FileBlobLocation tree && !Files.isDirectory(tree.root());
        if (!absentTree) {
            try (BlobStore store = BlobStores.open(site.blobs()); Stream<BlobId> blobs = store.walk()) {
                if (blobs.findAny().isPresent()) found.add("the blob store " + store + " holds blobs");
            }
        }
        Path journal = site.journalDir();
        if (Files.isDirectory(journal) && !JournalReader.segments(journal).isEmpty()) {
            found.add("the journal directory " + journal + " holds segments");
        }
        return found;
    }
}
