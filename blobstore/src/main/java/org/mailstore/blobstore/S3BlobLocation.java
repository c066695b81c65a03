package org.mailstore.blobstore;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Blobs in an S3 bucket under a key prefix ({@code s3://bucket/prefix}). Endpoint and region are optional:
 * absent, the SDK's usual providers decide ({@code AWS_REGION}, {@code ~/.aws/config}); credentials always
 * come from the SDK's default chain ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles,
 * instance roles). {@code spoolDir} holds each put's bytes while they are hashed and uploaded.
 *
 * @param prefix the key prefix without leading or trailing slash; empty for the bucket's root
 */
public record S3BlobLocation(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region,
                             Path spoolDir) implements BlobLocation {

    public S3BlobLocation {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(spoolDir, "spoolDir");
        if (bucket.isEmpty() || bucket.contains("/")) {
            throw new IllegalArgumentException("an S3 bucket name is one non-empty path segment, got \"" + bucket + "\"");
        }
        if (prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("an S3 key prefix has no leading or trailing slash, got \"" + prefix + "\"");
        }
    }

    /**
     * Parses {@code s3://bucket} or {@code s3://bucket/some/prefix} (a trailing slash is dropped).
     *
     * @throws IllegalArgumentException if {@code url} is not of that form
     */
    public static S3BlobLocation parse(String url, Optional<URI> endpoint, Optional<String> region, Path spoolDir) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(url, "url"));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a blob URL: \"" + url + "\": " + e.getReason(), e);
        }
        if (!BlobLocation.S3_SCHEME.equals(uri.getScheme()) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null || uri.getPort() != -1) {
            throw new IllegalArgumentException("a blob URL has the form s3://bucket/prefix, got \"" + url + "\"");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
        return new S3BlobLocation(uri.getHost(), prefix, endpoint, region, spoolDir);
    }

    /** The URL form, {@code s3://bucket/prefix}. */
    public String url() {
        return BlobLocation.S3_SCHEME + "://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
