package org.mailstore.net;

import java.net.InetAddress;
import java.util.Locale;

/**
 * When a client may send a password in the clear (IMAP LOGIN and AUTHENTICATE PLAIN/LOGIN, POP3
 * USER/PASS and AUTH PLAIN/LOGIN): the one place that rule lives, so every protocol and every
 * plaintext SASL mechanism asks the same question. Mechanisms that never reveal the password
 * (SCRAM) do not ask. Configured by {@code auth.plaintext} / {@code MAILSTORE_AUTH_PLAINTEXT}.
 */
public final class PlaintextPolicy {
    public enum Mode {
        /** Cleartext passwords only over TLS or from this host itself (the default). */
        LOOPBACK_ONLY("loopback-only"),
        /** Cleartext passwords only over TLS. */
        NEVER("never"),
        /** Cleartext passwords everywhere: only for networks the operator trusts completely. */
        ALWAYS("always");

        private final String configName;

        Mode(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        /** The mode for a configuration value in any case; IllegalArgumentException names the valid ones. */
        public static Mode parse(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (Mode m : values()) if (m.configName.equals(v)) return m;
            throw new IllegalArgumentException("must be loopback-only, never or always");
        }
    }

    public static final PlaintextPolicy DEFAULT = new PlaintextPolicy(Mode.LOOPBACK_ONLY);

    private final Mode mode;

    public PlaintextPolicy(Mode mode) {
        if (mode == null) throw new IllegalArgumentException("mode must not be null");
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    /** Whether a password may travel in the clear on a connection with this TLS state and peer. */
    public boolean allows(boolean tls, InetAddress peer) {
        if (tls) return true;
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case LOOPBACK_ONLY -> peer != null && peer.isLoopbackAddress();
        };
    }

    @Override
    public String toString() {
        return mode.configName();
    }
}
