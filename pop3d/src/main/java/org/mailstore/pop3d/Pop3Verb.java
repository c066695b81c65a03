package org.mailstore.pop3d;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The command table: every POP3 keyword this server knows and the states it is allowed in. The
 * session refuses a command outside its states before any handler runs.
 */
public enum Pop3Verb {
    CAPA(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION),
    USER(Pop3State.AUTHORIZATION),
    PASS(Pop3State.AUTHORIZATION),
    AUTH(Pop3State.AUTHORIZATION),
    /** RFC 2595 §4: only before login. */
    STLS(Pop3State.AUTHORIZATION),
    QUIT(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION),
    STAT(Pop3State.TRANSACTION),
    LIST(Pop3State.TRANSACTION),
    RETR(Pop3State.TRANSACTION),
    DELE(Pop3State.TRANSACTION),
    NOOP(Pop3State.TRANSACTION),
    RSET(Pop3State.TRANSACTION),
    TOP(Pop3State.TRANSACTION),
    UIDL(Pop3State.TRANSACTION);

    private final Set<Pop3State> states;

    Pop3Verb(Pop3State first, Pop3State... rest) {
        this.states = EnumSet.of(first, rest);
    }

    public boolean allowedIn(Pop3State state) {
        return states.contains(state);
    }

    /** The verb for a keyword in any case, or null. */
    static Pop3Verb of(String keyword) {
        if (keyword.length() < 3 || keyword.length() > 4) return null;
        try {
            return valueOf(keyword.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
