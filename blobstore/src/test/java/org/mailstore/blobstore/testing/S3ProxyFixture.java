package org.mailstore.blobstore.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link S3ProxyServer} for a test class whose code under test opens its S3 client the way serve does, through the
 * SDK's default credentials chain: the server's credentials are set as the SDK's system properties for the class's
 * duration (the SDK reads no per-call environment in this JVM). Register it as
 * {@code @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();}; its objects live in a temporary
 * directory removed afterwards.
 */
public final class S3ProxyFixture implements BeforeAllCallback, AfterAllCallback {
    static final String ACCESS_KEY_PROPERTY = "aws.accessKeyId";
    static final String SECRET_KEY_PROPERTY = "aws.secretAccessKey";

    private Path directory;
    private S3ProxyServer server;
    private String previousAccessKey;
    private String previousSecretKey;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("s3proxy");
        server = S3ProxyServer.start(directory.resolve("s3"));
        previousAccessKey = System.setProperty(ACCESS_KEY_PROPERTY, S3ProxyServer.ACCESS_KEY);
        previousSecretKey = System.setProperty(SECRET_KEY_PROPERTY, S3ProxyServer.SECRET_KEY);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        restore(ACCESS_KEY_PROPERTY, previousAccessKey);
        restore(SECRET_KEY_PROPERTY, previousSecretKey);
        try {
            server.close();
        } finally {
            deleteTree(directory);
        }
    }

    public S3ProxyServer server() {
        if (server == null) throw new IllegalStateException("S3ProxyFixture serves only while its test class runs");
        return server;
    }

    private static void restore(String property, String previous) {
        if (previous == null) System.clearProperty(property);
        else System.setProperty(property, previous);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
