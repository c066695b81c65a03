package org.mailstore.net;

/**
 * Concurrent connections a {@link Listener} serves: in all, and from one remote address, so one host (or one
 * attacker) cannot take every slot. Clients behind one NAT share an address: set {@code perAddress} with that in mind.
 */
public record ConnectionLimits(int total, int perAddress) {
    public ConnectionLimits {
        if (total < 1) throw new IllegalArgumentException("total must be >= 1");
        if (perAddress < 1) throw new IllegalArgumentException("perAddress must be >= 1");
    }
}
