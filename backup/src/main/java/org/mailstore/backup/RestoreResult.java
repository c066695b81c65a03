package org.mailstore.backup;

/**
 * @param rows          table rows loaded
 * @param blobsCopied   blobs written into the live tree
 * @param blobsPresent  blobs the live tree already had
 * @param blobsMissing  blobs the backup lists but its tree lacks (or holds damaged); the reconciler reports their rows
 * @param segments      journal segments copied into the live journal directory
 */
public record RestoreResult(Manifest manifest, long rows, long blobsCopied, long blobsPresent, long blobsMissing, int segments) {}
