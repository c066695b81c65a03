package org.mailstore.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} in an S3 bucket: blob {@code abcd…} is the object {@code <prefix>/ab/cd/abcd…}, so its
 * key is computed from its id alone, as in {@link FileBlobStore}.
 *
 * <p><b>Writing</b> ({@link #put}) streams the input into a spool file (bounded memory) while hashing it,
 * then asks for the key with one HEAD: an existing object holds the same bytes by construction, so the
 * upload is skipped and {@code created} is false. Otherwise the spool is uploaded with its SHA-256 in the
 * {@code x-amz-checksum-sha256} header, which S3 (and MinIO) check against the bytes received before the
 * object appears; above {@link #MULTIPART_THRESHOLD_BYTES} it goes up in parts, each with its own checksum
 * ({@link S3MultipartUpload}). {@code put} returns only after S3 acknowledged the object, so a message row is
 * committed only for a blob that exists (invariant 1); on any failure nothing was acknowledged and the spool
 * is removed. Two processes putting the same new bytes at once may both upload and both report
 * {@code created}: the object is the same either way.
 *
 * <p><b>Reading</b> a blob put moments ago by this store is served from its spool file, which the store keeps
 * for its {@link #RECENT_PUTS_MAX_COUNT} most recent puts within {@link #RECENT_PUTS_MAX_BYTES} ({@link RecentPuts}):
 * a delivery's MIME parse then costs no GET. Any other read
 * fetches exactly one object by its computed key and never lists (invariant 3):
 * {@link #openStream} is one ranged GET, {@link #open} a channel that issues a ranged GET from wherever it is
 * positioned ({@link S3RangeChannel}). {@link #walk} pages through ListObjectsV2 for the reconciler and GC;
 * only GC calls {@link #delete} (invariant 6).
 *
 * <p>Failures of S3 or of the network are {@link BlobStoreException}s naming the operation and key; a missing
 * object is {@link BlobNotFoundException}. Thread-safe; {@link #close} closes the client it was given.
 */
public final class S3BlobStore implements BlobStore {

    /** Above this size a put uploads in parts, so a failure costs one part's retry, not the whole message. */
    public static final long MULTIPART_THRESHOLD_BYTES = 16L * 1024 * 1024;
    /** The size of each part but the last (S3's minimum is 5 MiB). */
    public static final long PART_BYTES = 8L * 1024 * 1024;
    /** HTTP connections the client keeps: enough for every LMTP and IMAP session of a busy instance. */
    public static final int MAX_CONNECTIONS = 256;
    /** The region assumed for an S3-compatible endpoint when none is configured (signing needs one). */
    public static final Region FALLBACK_REGION = Region.US_EAST_1;
    /** Spool files of recent puts kept for the read that follows a delivery: about a second of a busy LMTP load. */
    public static final int RECENT_PUTS_MAX_COUNT = 256;
    /** The disk the kept spool files may take together; a larger message is read back from S3. */
    public static final long RECENT_PUTS_MAX_BYTES = 64L * 1024 * 1024;

    /** Key level under the prefix that damaged blobs are moved to; not a fan-out name, so walks skip it. */
    public static final String QUARANTINE_DIRECTORY = "quarantine";
    private static final int MAX_QUARANTINED_COPIES = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
    private static final int VERIFY_BUFFER_BYTES = 64 * 1024;
    private static final int HTTP_NOT_FOUND = 404;
    private static final int HTTP_RANGE_NOT_SATISFIABLE = 416;

    private final S3Client client;
    private final String bucket;
    private final S3KeyLayout layout;
    private final Path spoolDir;
    private final RecentPuts recentPuts;

    /**
     * A store over {@code client}, which it owns from now on (closed by {@link #close}); creates the spool
     * directory.
     *
     * @throws UncheckedIOException if the spool directory cannot be created
     */
    public S3BlobStore(S3Client client, String bucket, String prefix, Path spoolDir) {
        this(client, bucket, prefix, spoolDir, RECENT_PUTS_MAX_COUNT, RECENT_PUTS_MAX_BYTES);
    }

    /** The same with other bounds for the kept spool files of recent puts (tests of eviction). */
    S3BlobStore(S3Client client, String bucket, String prefix, Path spoolDir, int recentPutsMaxCount,
            long recentPutsMaxBytes) {
        this.recentPuts = new RecentPuts(recentPutsMaxCount, recentPutsMaxBytes);
        this.client = Objects.requireNonNull(client, "client");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.layout = new S3KeyLayout(Objects.requireNonNull(prefix, "prefix"));
        this.spoolDir = Objects.requireNonNull(spoolDir, "spoolDir").toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.spoolDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the S3 spool directory " + this.spoolDir, e);
        }
    }

    /** A store for {@code location} with a client configured from it and the SDK's default credentials chain. */
    public static S3BlobStore open(S3BlobLocation location) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(MAX_CONNECTIONS))
                .region(location.region().map(Region::of).orElseGet(() -> defaultRegion(location.endpoint().isPresent())))
                // The SHA-256 header is sent explicitly by put; no CRC trailer on top of it.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        location.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return new S3BlobStore(builder.build(), location.bucket(), location.prefix(), location.spoolDir());
    }

    private static Region defaultRegion(boolean customEndpoint) {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException e) {
            if (!customEndpoint) throw e;
            return FALLBACK_REGION;
        }
    }

    /** The object key of a blob. Computed; touches nothing. */
    public String keyOf(BlobId id) {
        return layout.keyOf(Objects.requireNonNull(id, "id"));
    }

    @Override
    public StoredBlob put(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        BlobTempFile spool = BlobTempFile.spool(spoolDir, in);
        boolean kept = false;
        try {
            String key = layout.keyOf(spool.id());
            boolean created = !headExists(key, "looking for an existing") && upload(spool, key);
            BlobMetrics.written(spool.size());
            LOG.debug("{} blob {} ({} bytes)", created ? "stored" : "deduplicated", spool.id().hex(), spool.size());
            // Only now, with the object in S3: the delivery's MIME parse reads it next, from here.
            kept = recentPuts.keep(spool.id(), spool.path(), spool.size());
            return new StoredBlob(spool.id(), spool.size(), created);
        } finally {
            if (!kept) spool.discard();
        }
    }

    private boolean upload(BlobTempFile spool, String key) throws BlobStoreException {
        try {
            if (spool.size() > MULTIPART_THRESHOLD_BYTES) {
                new S3MultipartUpload(client, bucket, key, spool.path(), spool.size(), PART_BYTES).run();
            } else {
                client.putObject(b -> b.bucket(bucket).key(key).contentLength(spool.size())
                                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                                .checksumSHA256(Base64.getEncoder().encodeToString(spool.id().bytes())),
                        RequestBody.fromFile(spool.path()));
            }
            return true;
        } catch (SdkException | UncheckedIOException e) {
            throw failure("uploading", key, e);
        }
    }

    private boolean headExists(String key, String what) throws BlobStoreException {
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == HTTP_NOT_FOUND) return false;
            throw failure(what, key, e);
        } catch (SdkException e) {
            throw failure(what, key, e);
        }
    }

    @Override
    public SeekableByteChannel open(BlobId id) throws IOException {
        Optional<FileChannel> spooled = recentPuts.open(Objects.requireNonNull(id, "id"));
        if (spooled.isPresent()) {
            return new CountingChannel(spooled.get());
        }
        String key = keyOf(id);
        ResponseInputStream<GetObjectResponse> first = get(id, key, b -> {});
        return new S3RangeChannel(first, first.response().contentLength(),
                position -> get(id, key, b -> b.range("bytes=" + position + "-")));
    }

    @Override
    public InputStream openStream(BlobId id, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
        }
        Optional<FileChannel> spooled = recentPuts.open(Objects.requireNonNull(id, "id"));
        if (spooled.isPresent()) {
            return new RangeInputStream(spooled.get(), offset, length);
        }
        String key = keyOf(id);
        // A zero-length range cannot be asked for; one byte is, so a missing blob is still noticed.
        long last = length == 0 || offset + length < 0 ? offset : offset + length - 1;
        String range = "bytes=" + offset + "-" + (offset + length < 0 ? "" : Long.toString(last));
        try {
            return new S3ObjectStream(get(id, key, b -> b.range(range)), length);
        } catch (RangeNotSatisfiable e) {
            return InputStream.nullInputStream();
        }
    }

    /** Thrown by {@link #get} when the range starts at or past the end: the object exists, the range is empty. */
    private static final class RangeNotSatisfiable extends IOException {
        RangeNotSatisfiable() {
            super("range not satisfiable");
        }
    }

    private ResponseInputStream<GetObjectResponse> get(BlobId id, String key,
            java.util.function.Consumer<GetObjectRequest.Builder> range) throws IOException {
        try {
            return client.getObject(b -> range.accept(b.bucket(bucket).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == HTTP_NOT_FOUND) throw new BlobNotFoundException(id, location(key), e);
            if (e.statusCode() == HTTP_RANGE_NOT_SATISFIABLE) throw new RangeNotSatisfiable();
            throw failure("reading", key, e);
        } catch (SdkException e) {
            throw failure("reading", key, e);
        }
    }

    @Override
    public boolean exists(BlobId id) throws IOException {
        return headExists(keyOf(id), "looking for");
    }

    /** Deleting an absent object succeeds in S3, so this is idempotent like the file store's. */
    @Override
    public void delete(BlobId id) throws IOException {
        String key = keyOf(id);
        recentPuts.forget(id);
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
            LOG.debug("deleted blob {}", id.hex());
        } catch (SdkException e) {
            throw failure("deleting", key, e);
        }
    }

    /** Pages through ListObjectsV2 lazily (1000 keys a page); keys that are not blobs in place are skipped. */
    @Override
    public Stream<BlobId> walk() throws IOException {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(layout.keyPrefix()).build();
        try {
            return client.listObjectsV2Paginator(request).contents().stream()
                    .map(S3Object::key)
                    .flatMap(key -> layout.idOf(key).stream());
        } catch (SdkException e) {
            throw failure("listing", layout.keyPrefix(), e);
        }
    }

    /** What S3 says of one stored object: its size and when it was last written. */
    public record ObjectFacts(long size, Instant lastModified) {}

    /**
     * The size and upload time of a blob's object, from one HEAD, or empty when it is absent. For the garbage
     * collector's age check: S3's LastModified is when the object was last written.
     */
    public Optional<ObjectFacts> facts(BlobId id) throws IOException {
        String key = keyOf(id);
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new ObjectFacts(head.contentLength(), head.lastModified()));
        } catch (S3Exception e) {
            if (e.statusCode() == HTTP_NOT_FOUND) return Optional.empty();
            throw failure("looking at", key, e);
        } catch (SdkException e) {
            throw failure("looking at", key, e);
        }
    }

    /**
     * Moves a damaged blob out of its name: copies the object to {@code <prefix>/quarantine/<hex>} (numbered
     * {@code .1}, {@code .2}… beside an earlier copy), then deletes the original. Reconcile only, for bytes that
     * no longer hash to their name; {@link #walk} does not see quarantined keys.
     *
     * @return the URL of the quarantined copy
     */
    public String quarantine(BlobId id) throws IOException {
        String key = keyOf(id);
        for (int n = 0; n < MAX_QUARANTINED_COPIES; n++) {
            String target = quarantinePrefix() + id.hex() + (n == 0 ? "" : "." + n);
            if (headExists(target, "looking for a quarantined")) continue;
            try {
                client.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(target));
            } catch (SdkException e) {
                throw failure("quarantining", key, e);
            }
            delete(id);
            LOG.warn("quarantined damaged blob {} as {}", id.hex(), location(target));
            return location(target);
        }
        throw new BlobStoreException("quarantine " + location(quarantinePrefix()) + " already holds " + MAX_QUARANTINED_COPIES
                + " copies of blob " + id.hex());
    }

    /** Where {@link #quarantine} puts damaged blobs, as a URL prefix. */
    public String quarantineLocation() {
        return location(quarantinePrefix());
    }

    private String quarantinePrefix() {
        return layout.keyPrefix() + QUARANTINE_DIRECTORY + "/";
    }

    /** The local directory puts spool into (and recent puts are kept in). */
    public Path spoolDir() {
        return spoolDir;
    }

    @Override
    public boolean verify(BlobId id) throws IOException {
        MessageDigest digest = BlobId.newDigest();
        String key = keyOf(id);
        try (InputStream in = get(id, key, b -> {})) {
            byte[] buffer = new byte[VERIFY_BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (SdkException e) {
            throw failure("re-reading", key, e);
        }
        boolean intact = MessageDigest.isEqual(digest.digest(), id.bytes());
        if (!intact) {
            LOG.debug("blob {} is damaged: its bytes no longer hash to its name", id.hex());
        }
        return intact;
    }

    @Override
    public void close() {
        recentPuts.close();
        client.close();
    }

    private String location(String key) {
        return BlobLocation.S3_SCHEME + "://" + bucket + "/" + key;
    }

    private BlobStoreException failure(String what, String key, Exception e) {
        return new BlobStoreException(what + " " + location(key) + " failed: " + BlobStoreException.reason(e), e);
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + location(layout.prefix()) + "]";
    }
}
