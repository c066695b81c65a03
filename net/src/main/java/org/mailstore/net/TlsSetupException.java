package org.mailstore.net;

/** The certificate or key cannot be used; the message names the file and the fix, for the operator. */
public final class TlsSetupException extends Exception {
    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
