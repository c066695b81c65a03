package org.mailstore.blobstore;

import java.io.IOException;
import java.util.Objects;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of one GET, cut at {@code limit} bytes and counted in {@link BlobMetrics}. Closing it before
 * its end aborts the connection instead of reading the rest of the object just to reuse it.
 */
final class S3ObjectStream extends BoundedInputStream {

    private final ResponseInputStream<GetObjectResponse> body;

    S3ObjectStream(ResponseInputStream<GetObjectResponse> body, long limit) {
        super(limit);
        this.body = Objects.requireNonNull(body, "body");
    }

    @Override
    int readSource(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = body.read(buffer, offset, length);
            BlobMetrics.read(n);
            return n;
        } catch (SdkException e) {
            throw new BlobStoreException("reading " + body.response().contentRange() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (remaining() > 0) {
            body.abort();
        }
        body.close();
    }
}
