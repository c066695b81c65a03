package org.mailstore.store.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses an address-list header value (From, To, ...) into IMAP address structures, following RFC 5322
 * with its obsolete forms and Dovecot's choices where mail in the wild breaks the rules:
 * <ul>
 *   <li>the name is the display-name phrase with quotes removed and words joined by one space, encoded-words
 *       left encoded; for a bare addr-spec, a trailing comment ({@code user@host (Name)}) is the name;</li>
 *   <li>a source route becomes {@code "@a,@b"};</li>
 *   <li>a local part that is not a dot-atom keeps its quotes ({@code "john doe"}), unlike Dovecot, so that
 *       clients joining mailbox and host get a valid address;</li>
 *   <li>an address without a domain ({@code root}) gets the host {@value #MISSING_DOMAIN} (RFC 2606
 *       reserves {@code .invalid} for names that must never resolve), one without a local part Dovecot's
 *       mailbox {@value #MISSING_MAILBOX}; an address with neither is dropped. NIL is not an option: a NIL
 *       host makes the address a group-start marker that swallows the addresses after it, and strict
 *       clients (Angus Mail's default) reject the whole ENVELOPE when a host or mailbox is empty, NIL, or
 *       not valid syntax, which rules out Dovecot's {@code MISSING_DOMAIN} with its underscore;</li>
 *   <li>garbage between addresses is skipped up to the next comma; an unterminated group is closed.</li>
 * </ul>
 * Jakarta Mail's {@code InternetAddress} is not used: it decodes and re-quotes names and throws on the
 * damaged headers this must survive.
 */
final class AddressParser {

    static final String MISSING_DOMAIN = "missing-domain.invalid";
    static final String MISSING_MAILBOX = "MISSING_MAILBOX";

    private final ValueScanner in;
    private final List<Address> out = new ArrayList<>();

    private AddressParser(String value) {
        this.in = new ValueScanner(value);
    }

    static List<Address> parse(String value) {
        if (value == null) {
            return List.of();
        }
        AddressParser parser = new AddressParser(value);
        parser.addressList();
        return List.copyOf(parser.out);
    }

    private void addressList() {
        if (!in.skipCfws()) {
            return;
        }
        while (true) {
            int start = in.mark();
            if (!group()) {
                in.reset(start);
                mailbox();
            }
            if (in.atEnd()) {
                return;
            }
            if (!in.peekIs(',')) {
                in.skipTo(',');
                if (in.atEnd()) {
                    return;
                }
            }
            in.skip();
            if (!in.skipCfws()) {
                return;
            }
        }
    }

    private boolean group() {
        String name = in.phrase();
        if (name == null || !in.peekIs(':')) {
            return false;
        }
        in.skip();
        out.add(Address.groupStart(name));
        if (in.skipCfws() && !in.peekIs(';')) {
            while (true) {
                mailbox();
                if (in.peekIs(',')) {
                    in.skip();
                    if (!in.skipCfws()) {
                        break;
                    }
                    continue;
                }
                if (in.atEnd() || in.peekIs(';')) {
                    break;
                }
                skipGarbageInGroup();
                if (!in.peekIs(',')) {
                    break;
                }
            }
        }
        if (in.peekIs(';')) {
            in.skip();
            in.skipCfws();
        }
        out.add(Address.GROUP_END);
        return true;
    }

    /** Skips to the next comma or semicolon, whichever comes first, without consuming it. */
    private void skipGarbageInGroup() {
        while (!in.atEnd() && !in.peekIs(',') && !in.peekIs(';')) {
            in.skip();
        }
    }

    private void mailbox() {
        int start = in.mark();
        if (!nameAddr()) {
            in.reset(start);
            addrSpec();
        }
    }

    private boolean nameAddr() {
        String phrase = in.phrase();
        if (phrase == null || !in.peekIs('<')) {
            return false;
        }
        String name = phrase.isEmpty() ? null : phrase;
        in.skip();
        in.skipCfws();
        String route = null;
        String routeAsHost = null;
        if (in.peekIs('@')) {
            route = route();
            if (in.peekIs(':')) {
                in.skip();
                in.skipCfws();
            } else if (route.indexOf(',') < 0) {
                // "<@example.com>": not a route but an address without its local part.
                routeAsHost = route.substring(1);
                route = null;
            }
        }
        String mailbox = in.localPart();
        String host = in.peekIs('@') ? in.domain() : routeAsHost;
        if (in.peekIs('>')) {
            in.skip();
        } else {
            skipBrokenAngleAddress();
        }
        in.skipCfws();
        add(name, route, mailbox, host);
        return true;
    }

    /** Skips the rest of a damaged {@code <...>}, stopping before a comma so the next address survives. */
    private void skipBrokenAngleAddress() {
        while (!in.atEnd() && !in.peekIs(',')) {
            boolean close = in.peekIs('>');
            in.skip();
            if (close) {
                return;
            }
        }
    }

    private String route() {
        StringBuilder route = new StringBuilder();
        while (in.peekIs('@')) {
            String domain = in.domain();
            if (!route.isEmpty()) {
                route.append(',');
            }
            route.append('@').append(domain == null ? "" : domain);
            while (in.peekIs(',')) {
                in.skip();
                in.skipCfws();
            }
        }
        return route.toString();
    }

    private void addrSpec() {
        in.clearLastComment();
        String mailbox = in.localPart();
        String host = in.peekIs('@') ? in.domain() : null;
        String comment = in.lastComment().strip();
        add(comment.isEmpty() ? null : comment, null, mailbox, host);
    }

    private void add(String name, String route, String mailbox, String host) {
        if (mailbox == null && host == null) {
            return;
        }
        out.add(new Address(name, route, mailbox == null ? MISSING_MAILBOX : quotedIfNeeded(mailbox),
                host == null ? MISSING_DOMAIN : host));
    }

    /** The local part as RFC 5322 writes it: a dot-atom as is, anything else as a quoted string. */
    private static String quotedIfNeeded(String localPart) {
        if (isDotAtom(localPart)) {
            return localPart;
        }
        StringBuilder quoted = new StringBuilder(localPart.length() + 2).append('"');
        for (int i = 0; i < localPart.length(); i++) {
            char c = localPart.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    private static boolean isDotAtom(String text) {
        if (text.isEmpty() || text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && !ValueScanner.isAtext(c)) {
                return false;
            }
        }
        return true;
    }
}
