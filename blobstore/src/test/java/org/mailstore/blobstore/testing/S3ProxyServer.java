package org.mailstore.blobstore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.mailstore.blobstore.S3BlobLocation;
import org.mailstore.blobstore.S3BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: s3proxy in this JVM on a loopback port, keeping objects in a
 * directory through jclouds' filesystem backend, with AWS V4 signatures checked against fixed credentials.
 * It ignores the {@code x-amz-checksum-sha256} header (real S3 verifies it).
 * {@link #stop} and {@link #start} again on the same port and directory simulate an outage: what was stored
 * before is still there afterwards.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "mailstore-test";
    public static final String SECRET_KEY = "mailstore-test-secret";
    public static final String BUCKET = "mail";
    private static final long START_TIMEOUT_MILLIS = 20_000;

    private final Path directory;
    private final int port;
    private final BlobStoreContext context;
    private S3Proxy proxy;

    private S3ProxyServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        this.context = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
    }

    /** Starts a server keeping its objects under {@code directory}, with bucket {@value #BUCKET} created. */
    public static S3ProxyServer start(Path directory) throws Exception {
        Files.createDirectories(directory);
        S3ProxyServer server = new S3ProxyServer(directory, freePort());
        server.start();
        return server;
    }

    /** (Re)starts serving on the same port and directory. */
    public synchronized void start() throws Exception {
        if (proxy != null) return;
        S3Proxy started = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(endpoint())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // s3proxy 2.6 does not know x-amz-checksum-sha256 and would refuse it (501); it still checks
                // the SigV4 payload hash, the same SHA-256. AWS S3 and MinIO verify the header itself.
                .ignoreUnknownHeaders(true)
                .build();
        started.start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!"STARTED".equals(started.getState())) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("s3proxy did not start");
            Thread.sleep(10);
        }
        proxy = started;
    }

    /** Stops serving: connections are refused until {@link #start()}. */
    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Where the objects of bucket {@value #BUCKET} are files. */
    public Path bucketDirectory() {
        return directory.resolve(BUCKET);
    }

    /** A client for this server with the fixed credentials. */
    public S3Client client() {
        return client(new ExecutionInterceptor[0]);
    }

    /** The same with {@code interceptors} seeing every request (to count what a store asks of S3). */
    public S3Client client(ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .overrideConfiguration(c -> java.util.Arrays.stream(interceptors).forEach(c::addExecutionInterceptor))
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** A store in bucket {@value #BUCKET} under {@code prefix}, spooling into {@code spoolDir}. */
    public S3BlobStore store(String prefix, Path spoolDir) {
        return new S3BlobStore(client(), BUCKET, prefix, spoolDir);
    }

    /** The location a configuration would name for this server (credentials come from the environment). */
    public S3BlobLocation location(String prefix, Path spoolDir) {
        return new S3BlobLocation(BUCKET, prefix, Optional.of(endpoint()), Optional.of("us-east-1"), spoolDir);
    }

    @Override
    public void close() throws Exception {
        stop();
        context.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
