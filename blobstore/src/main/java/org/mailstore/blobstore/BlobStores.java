package org.mailstore.blobstore;

/** The one place a configured {@link BlobLocation} becomes a {@link BlobStore}. */
public final class BlobStores {

    private BlobStores() {}

    /**
     * Opens the store at {@code location}: a {@link FileBlobStore} (creating its directories) or an
     * {@link S3BlobStore} (an SDK client; nothing is sent to S3 until the first call). The caller closes it.
     */
    public static BlobStore open(BlobLocation location) {
        return switch (location) {
            case FileBlobLocation file -> new FileBlobStore(file.root(), file.fanoutLevels());
            case S3BlobLocation s3 -> S3BlobStore.open(s3);
        };
    }
}
