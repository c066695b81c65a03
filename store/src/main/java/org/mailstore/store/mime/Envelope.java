package org.mailstore.store.mime;

import java.util.List;
import java.util.Locale;

/**
 * The ENVELOPE of one message (RFC 3501 §7.4.2), from its unfolded header values.
 *
 * <p>Where a field occurs more than once the last one wins, as in Dovecot. Date, Subject, In-Reply-To and
 * Message-ID are sent raw (encoded-words stay encoded); a present but empty field is {@code ""}, an absent
 * one NIL. Sender and Reply-To fall back to From when absent or without any address, as RFC 3501 requires.
 */
final class Envelope {

    private String date;
    private String subject;
    private String inReplyTo;
    private String messageId;
    private String from;
    private String sender;
    private String replyTo;
    private String to;
    private String cc;
    private String bcc;

    private Envelope() {
    }

    static Envelope from(List<HeaderField> fields) {
        Envelope envelope = new Envelope();
        for (HeaderField field : fields) {
            envelope.take(field);
        }
        return envelope;
    }

    private void take(HeaderField field) {
        String value = field.value();
        switch (field.name().toLowerCase(Locale.ROOT)) {
            case "date" -> date = value;
            case "subject" -> subject = value;
            case "in-reply-to" -> inReplyTo = value;
            case "message-id" -> messageId = value;
            case "from" -> from = value;
            case "sender" -> sender = value;
            case "reply-to" -> replyTo = value;
            case "to" -> to = value;
            case "cc" -> cc = value;
            case "bcc" -> bcc = value;
            default -> { }
        }
    }

    /** Appends the parenthesised ENVELOPE. */
    void write(StringBuilder out) {
        List<Address> fromList = AddressParser.parse(from);
        List<Address> senderList = AddressParser.parse(sender);
        List<Address> replyToList = AddressParser.parse(replyTo);
        out.append('(');
        ImapText.nstring(out, date);
        out.append(' ');
        ImapText.nstring(out, subject);
        out.append(' ');
        addresses(out, fromList);
        out.append(' ');
        addresses(out, senderList.isEmpty() ? fromList : senderList);
        out.append(' ');
        addresses(out, replyToList.isEmpty() ? fromList : replyToList);
        out.append(' ');
        addresses(out, AddressParser.parse(to));
        out.append(' ');
        addresses(out, AddressParser.parse(cc));
        out.append(' ');
        addresses(out, AddressParser.parse(bcc));
        out.append(' ');
        ImapText.nstring(out, inReplyTo);
        out.append(' ');
        ImapText.nstring(out, messageId);
        out.append(')');
    }

    private static void addresses(StringBuilder out, List<Address> list) {
        if (list.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (Address address : list) {
            address.write(out);
        }
        out.append(')');
    }
}
