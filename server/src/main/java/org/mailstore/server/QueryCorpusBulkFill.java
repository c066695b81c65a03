package org.mailstore.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.reconciler.MaintenanceSetup;
import org.mailstore.store.BlobRows;
import org.mailstore.store.Flags;
import org.mailstore.store.maintenance.BulkLoader;
import org.mailstore.store.maintenance.MailboxState;

/**
 * The query corpus put straight into a new account's INBOX as {@code bench populate} puts its population: blob files
 * written without fsync, blob and message rows inserted a thousand per statement (UID and MODSEQ n for message n),
 * counters settled at the end, no journal records. Twenty times cheaper than delivering 100,000 messages one by one on
 * a busy machine, and the rows are the same the delivery path writes; for benchmark sites only, with serve stopped.
 */
final class QueryCorpusBulkFill {
    static final int BATCH = 1_000;

    private QueryCorpusBulkFill() {}

    /** Creates {@code address} (it must not exist; its password is locked until set) and fills its INBOX. */
    static void load(MaintenanceSetup setup, String address, QueryCorpus corpus) throws IOException {
        FileBlobStore blobs = new FileBlobStore(setup.blobDir(), setup.blobFanout());
        BulkLoader loader = new BulkLoader(setup.dataSource());
        MailboxState box = loader.accountsWithInbox(List.of(address), Instant.now().getEpochSecond()).getFirst();
        for (int first = 1; first <= corpus.size(); first += BATCH) {
            int end = Math.min(corpus.size(), first + BATCH - 1);
            List<BlobRows.Row> blobRows = IntStream.rangeClosed(first, end).parallel()
                    .mapToObj(n -> stored(blobs, corpus.message(n))).toList();
            List<BulkLoader.MessageRow> messageRows = new ArrayList<>();
            for (int n = first; n <= end; n++) {
                BlobRows.Row b = blobRows.get(n - first);
                messageRows.add(new BulkLoader.MessageRow(box.accountId(), box.mailboxId(), n, n, Flags.NONE,
                        QueryCorpus.FIRST_DATE.plusSeconds(60L * n), b.metadata().size(), b.id()));
            }
            loader.blobs(blobRows);
            loader.messages(messageRows);
        }
        loader.settle();
    }

    private static BlobRows.Row stored(FileBlobStore blobs, byte[] message) {
        BlobId id = BlobId.of(sha256(message));
        Path target = blobs.pathOf(id);
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.write(target, message, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException same) {
                // the same bytes again: one blob
            }
            return BlobRows.Row.of(id, message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store corpus message: " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance(BlobId.ALGORITHM).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
