package org.mailstore.blobstore;

/**
 * Where blobs are kept: a directory tree ({@link FileBlobLocation}, the default) or an S3 bucket
 * ({@link S3BlobLocation}). {@link BlobStores#open} turns one into a store.
 */
public sealed interface BlobLocation permits FileBlobLocation, S3BlobLocation {

    /** The scheme of a blob URL that names an S3 bucket: {@code s3://bucket/prefix}. */
    String S3_SCHEME = "s3";
}
