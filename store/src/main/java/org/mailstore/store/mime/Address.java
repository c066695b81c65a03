package org.mailstore.store.mime;

/**
 * One element of an IMAP address list (RFC 3501 §7.4.2): a mailbox, or a group marker. A group opens with
 * {@code (NIL NIL "name" NIL)} and closes with {@code (NIL NIL NIL NIL)}; a real address therefore never has
 * a NIL host or mailbox (see {@link AddressParser} for what replaces a missing one).
 */
record Address(String name, String route, String mailbox, String host) {

    static final Address GROUP_END = new Address(null, null, null, null);

    static Address groupStart(String groupName) {
        return new Address(null, null, groupName, null);
    }

    void write(StringBuilder out) {
        out.append('(');
        ImapText.nstring(out, name);
        out.append(' ');
        ImapText.nstring(out, route);
        out.append(' ');
        ImapText.nstring(out, mailbox);
        out.append(' ');
        ImapText.nstring(out, host);
        out.append(')');
    }
}
