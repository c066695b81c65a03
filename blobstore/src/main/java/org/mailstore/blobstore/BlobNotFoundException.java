package org.mailstore.blobstore;

import java.io.IOException;
import java.util.Objects;

/** The blob tree has no blob with this hash. */
public class BlobNotFoundException extends IOException {

    private final BlobId id;

    public BlobNotFoundException(BlobId id) {
        this(id, null, null);
    }

    /**
     * @param location where the store looked (a path, a bucket key), for the operator; may be null
     * @param cause    the underlying error, may be null
     */
    public BlobNotFoundException(BlobId id, String location, Throwable cause) {
        super("blob " + Objects.requireNonNull(id, "id").hex() + " not found"
                + (location == null ? "" : " at " + location), cause);
        this.id = id;
    }

    public BlobId id() {
        return id;
    }
}
