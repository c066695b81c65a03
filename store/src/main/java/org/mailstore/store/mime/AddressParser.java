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
 *   <li>an address without a domain ({@code root}) gets the empty host {@code ""}, never NIL: a NIL host
 *       would make it a group-start marker and swallow the following addresses into a phantom group. A
 *       missing local-part is NIL; an address with neither is dropped;</li>
 *   <li>garbage between addresses is skipped up to the next comma; an unterminated group is closed.</li>
 * </ul>
 * Jakarta Mail's {@code InternetAddress} is not used: it decodes and re-quotes names and throws on the
 * damaged headers this must survive.
 */
final class AddressParser {

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
        if (in.peekIs('@')) {
            route = route();
            if (in.peekIs(':')) {
                in.skip();
                in.skipCfws();
            }
        }
        String mailbox = in.localPart();
        String host = in.peekIs('@') ? in.domain() : null;
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
        out.add(new Address(name, route, mailbox, host == null ? "" : host));
    }
}
