package org.mailstore.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of one GET, cut at {@code limit} bytes and counted in {@link BlobMetrics}. Closing it before
 * its end aborts the connection instead of reading the rest of the object just to reuse it.
 */
final class S3ObjectStream extends InputStream {

    private final ResponseInputStream<GetObjectResponse> body;
    private long remaining;
    private boolean ended;

    S3ObjectStream(ResponseInputStream<GetObjectResponse> body, long limit) {
        this.body = Objects.requireNonNull(body, "body");
        this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (remaining <= 0 || ended) {
            return -1;
        }
        int n = readBody(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            ended = true;
            return -1;
        }
        BlobMetrics.read(n);
        remaining -= n;
        return n;
    }

    private int readBody(byte[] buffer, int offset, int length) throws IOException {
        try {
            return body.read(buffer, offset, length);
        } catch (SdkException e) {
            throw new BlobStoreException("reading " + body.response().contentRange() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!ended && remaining > 0) {
            body.abort();
        }
        body.close();
    }
}
