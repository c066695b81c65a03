package org.mailstore.reconciler;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.BlobStores;
import org.mailstore.blobstore.FileBlobLocation;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.blobstore.StoredBlob;

/**
 * Where {@link Populator} stores the blobs it generates: straight into the files of a blob tree, or through the
 * store's own put for anything else (an S3 bucket, where an object has no cheaper way in). Called from several
 * threads at once.
 */
interface PopulationBlobs extends Closeable {
    /** Stores {@code bytes}, whose hash is {@code id}; the same bytes again are one blob. */
    void write(BlobId id, byte[] bytes) throws IOException;

    static PopulationBlobs open(MaintenanceSetup setup) {
        if (setup.blobLocation() instanceof FileBlobLocation tree) {
            return new TreeFiles(new FileBlobStore(tree.root(), tree.fanoutLevels()));
        }
        return new Puts(BlobStores.open(setup.blobLocation()));
    }

    /**
     * Each blob's file written straight to its name without the temp file and fsyncs of {@link FileBlobStore#put}: a
     * benchmark fixture, not mail. Fan-out directories are created once each rather than checked per blob.
     */
    final class TreeFiles implements PopulationBlobs {
        private final FileBlobStore tree;
        private final Set<Path> createdDirectories = ConcurrentHashMap.newKeySet();

        TreeFiles(FileBlobStore tree) {
            this.tree = tree;
        }

        @Override
        public void write(BlobId id, byte[] bytes) throws IOException {
            Path target = tree.pathOf(id);
            Path dir = target.getParent();
            if (createdDirectories.add(dir)) Files.createDirectories(dir);
            try {
                Files.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                // the same bytes again: one blob
            }
        }

        @Override
        public void close() throws IOException {
            tree.close();
        }
    }

    /** An ordinary put per blob: one HEAD and, for a new blob, one checksummed upload to S3. */
    final class Puts implements PopulationBlobs {
        private final BlobStore store;

        Puts(BlobStore store) {
            this.store = store;
        }

        @Override
        public void write(BlobId id, byte[] bytes) throws IOException {
            StoredBlob stored = store.put(new ByteArrayInputStream(bytes));
            if (!stored.id().equals(id)) throw new IOException("stored " + stored.id() + " for the generated blob " + id);
        }

        @Override
        public void close() throws IOException {
            store.close();
        }
    }
}
