package org.mailstore.store;

import java.util.Optional;

/**
 * What a SCRAM exchange for one claimed address runs with: the account's stored credentials, or, when there is no
 * usable account (unknown address, disabled account, or an account whose password was set before SCRAM secrets
 * were kept), decoy credentials that look the same on the wire and that no proof matches.
 *
 * @param account     present only when a matching proof may log in
 * @param credentials what the exchange sends (salt, iterations) and checks the proof against
 */
public record ScramLookup(Optional<Account> account, ScramCredentials credentials) {}
