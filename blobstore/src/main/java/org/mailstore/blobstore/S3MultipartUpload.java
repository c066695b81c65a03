package org.mailstore.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One large blob uploaded in parts from its spool file, each part with the SHA-256 of its own bytes, which
 * the server checks as it does for a single PUT. The object appears only when the upload is completed; a
 * failure aborts the upload, so no parts are left behind to be billed (best effort: the abort is logged if
 * it fails too, and a bucket lifecycle rule for incomplete uploads catches the rest).
 */
final class S3MultipartUpload {

    private static final Logger LOG = LoggerFactory.getLogger(S3MultipartUpload.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final Path spool;
    private final long size;
    private final long partBytes;

    S3MultipartUpload(S3Client client, String bucket, String key, Path spool, long size, long partBytes) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.spool = spool;
        this.size = size;
        this.partBytes = partBytes;
    }

    void run() {
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += partBytes) {
                parts.add(uploadPart(uploadId, parts.size() + 1, offset, Math.min(partBytes, size - offset)));
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (SdkException | UncheckedIOException e) {
            abort(uploadId, e);
            throw e;
        }
    }

    private CompletedPart uploadPart(String uploadId, int number, long offset, long length) {
        String checksum = Base64.getEncoder().encodeToString(sha256(offset, length));
        UploadPartResponse response = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength(length)
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(checksum),
                RequestBody.fromContentProvider(() -> slice(offset, length), length, "application/octet-stream"));
        return CompletedPart.builder().partNumber(number).eTag(response.eTag()).checksumSHA256(checksum).build();
    }

    private byte[] sha256(long offset, long length) {
        MessageDigest digest = BlobId.newDigest();
        try (InputStream in = slice(offset, length)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading part of spool " + spool, e);
        }
        return digest.digest();
    }

    /** The part's bytes, read from the spool with positional reads. */
    private InputStream slice(long offset, long length) {
        try {
            return RangeInputStream.uncounted(FileChannel.open(spool, StandardOpenOption.READ), offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("reading part of spool " + spool, e);
        }
    }

    private void abort(String uploadId, Exception cause) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.warn("could not abort multipart upload {} of {} after {}: {}", uploadId, key, cause.getMessage(), e.getMessage());
        }
    }
}
