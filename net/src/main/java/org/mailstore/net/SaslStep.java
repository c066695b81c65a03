package org.mailstore.net;

import org.mailstore.store.Account;

/**
 * What a SASL mechanism wants next, as the server sees it. The protocol session turns a {@link Challenge} into its
 * continuation ("+ base64"), and every way of failing into its one authentication-failure answer; the reason of a
 * {@link Failed} goes to the log only, never to the client, so no answer tells an unknown user from a wrong password.
 */
public sealed interface SaslStep {
    /** Send {@code data} to the client (base64 on the wire) and pass its answer to the mechanism. */
    record Challenge(byte[] data) implements SaslStep {}

    /** The client named an account and a password (PLAIN, LOGIN): the session checks them with the store. */
    record Password(String address, char[] password) implements SaslStep {}

    /** The mechanism proved the client knows the account's password (SCRAM): the session logs it in. */
    record Authenticated(Account account) implements SaslStep {}

    /**
     * The exchange failed. {@code claimedAddress} is the account the client named (for per-account throttling), or
     * null when it named none that could be read.
     */
    record Failed(String claimedAddress, String reason) implements SaslStep {}
}
