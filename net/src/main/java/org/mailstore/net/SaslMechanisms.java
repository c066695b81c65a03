package org.mailstore.net;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailstore.store.Accounts;

/**
 * The SASL mechanisms this server offers, in the order it advertises them, and a new server-side exchange for
 * each. Shared by IMAP AUTHENTICATE and POP3 AUTH so both offer and behave the same.
 */
public final class SaslMechanisms {
    /** Advertised in this order: the one that keeps the password secret last, as Dovecot lists them. */
    public static final List<String> NAMES = List.of(SaslPlain.MECHANISM, SaslLogin.MECHANISM, ScramSha256Server.MECHANISM);

    private SaslMechanisms() {}

    /** What to advertise: all of {@link #NAMES} where cleartext passwords are allowed, else only SCRAM-SHA-256. */
    public static List<String> offered(boolean plaintextAllowed) {
        return plaintextAllowed ? NAMES : List.of(ScramSha256Server.MECHANISM);
    }

    /** A fresh exchange for {@code name} in any case, or empty for a mechanism we do not offer. */
    public static Optional<SaslMechanism> start(String name, Accounts accounts) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case SaslPlain.MECHANISM -> Optional.of(new Plain());
            case SaslLogin.MECHANISM -> Optional.of(new SaslLogin());
            case ScramSha256Server.MECHANISM -> Optional.of(new ScramSha256Server(accounts::scramLookup));
            default -> Optional.empty();
        };
    }

    /** PLAIN as a one-step mechanism around {@link SaslPlain#decode}. */
    private static final class Plain implements SaslMechanism {
        private boolean done;

        @Override
        public String name() {
            return SaslPlain.MECHANISM;
        }

        @Override
        public boolean plaintext() {
            return true;
        }

        /** PLAIN names the user and the password at once, so the session checks the throttle with both. */
        @Override
        public String claimedUser() {
            return null;
        }

        @Override
        public SaslStep start() {
            return new SaslStep.Challenge(new byte[0]);
        }

        @Override
        public SaslStep respond(byte[] response) {
            if (done) return new SaslStep.Failed(null, "PLAIN answered twice");
            done = true;
            SaslPlain.Credentials c = SaslPlain.decode(response);
            Arrays.fill(response, (byte) 0);
            return c == null ? new SaslStep.Failed(null, "malformed SASL PLAIN") : new SaslStep.Password(c.address(), c.password());
        }
    }
}
