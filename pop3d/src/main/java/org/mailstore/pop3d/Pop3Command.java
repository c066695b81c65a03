package org.mailstore.pop3d;

import java.util.OptionalInt;

/**
 * One parsed POP3 command. Handlers receive these records and never see bytes or tokens. Message
 * numbers are as the client sent them (1-based); whether they exist is the session's business.
 */
public sealed interface Pop3Command {
    Pop3Verb verb();

    record Capa() implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.CAPA; }
    }

    record User(String name) implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.USER; }
    }

    record Pass(String password) implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.PASS; }

        @Override
        public String toString() {
            return "Pass[password=<hidden>]";
        }
    }

    /**
     * RFC 5034 AUTH. {@code mechanism} is null for the bare {@code AUTH} that lists mechanisms
     * (Outlook's discovery, which Dovecot answers too); {@code initialResponse} is null when absent
     * and empty for RFC 5034's "=".
     */
    record Auth(String mechanism, byte[] initialResponse) implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.AUTH; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Auth a && java.util.Objects.equals(mechanism, a.mechanism)
                    && java.util.Arrays.equals(initialResponse, a.initialResponse);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(mechanism, java.util.Arrays.hashCode(initialResponse));
        }

        @Override
        public String toString() {
            return "Auth[mechanism=" + mechanism + ", initialResponse=" + (initialResponse == null ? "none" : "<hidden>") + "]";
        }
    }

    record Quit() implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.QUIT; }
    }

    record Stat() implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.STAT; }
    }

    /** LIST, for every message when {@code message} is empty. */
    record List(OptionalInt message) implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.LIST; }
    }

    record Retr(int message) implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.RETR; }
    }

    record Dele(int message) implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.DELE; }
    }

    /** RFC 2595 §4. */
    record Stls() implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.STLS; }
    }

    record Noop() implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.NOOP; }
    }

    record Rset() implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.RSET; }
    }

    /** TOP: the header, the blank line and the first {@code lines} lines of the body. */
    record Top(int message, long lines) implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.TOP; }
    }

    /** UIDL, for every message when {@code message} is empty. */
    record Uidl(OptionalInt message) implements Pop3Command {
        public Pop3Verb verb() { return Pop3Verb.UIDL; }
    }
}
