package org.mailstore.net;

import java.net.SocketTimeoutException;

/**
 * A command did not arrive whole within its deadline ({@link CommandDeadline}). A {@link SocketTimeoutException},
 * so code that gives up on a silent client gives up on this one too; sessions catch it first to answer with the
 * protocol's own words for it.
 */
public final class CommandTimeoutException extends SocketTimeoutException {
    private final long receivedBytes;

    CommandTimeoutException(String message, long receivedBytes) {
        super(message);
        this.receivedBytes = receivedBytes;
    }

    /** How much of the command had arrived, for the log. */
    public long receivedBytes() {
        return receivedBytes;
    }
}
