package org.mailstore.imapd.fetch;

import java.util.List;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.store.Messages;

/**
 * How much cached metadata a FETCH needs per message, so the session asks {@code Messages.fetch} for no more:
 * FLAGS, UID, INTERNALDATE, RFC822.SIZE, SAVEDATE, EMAILID and THREADID need none; top-level sections (the header sync's
 * {@code BODY.PEEK[HEADER.FIELDS (...)]}, {@code BODY[]}, {@code RFC822*}) need the header and sizes;
 * ENVELOPE, BODY, BODYSTRUCTURE and part sections need everything.
 */
public final class FetchDetail {

    private FetchDetail() {
    }

    public static Messages.Detail of(List<FetchAttribute> attributes) {
        Messages.Detail detail = Messages.Detail.NONE;
        for (FetchAttribute a : attributes) {
            Messages.Detail needed = switch (a) {
                case FetchAttribute.Simple s -> switch (s) {
                    case FLAGS, UID, INTERNALDATE, RFC822_SIZE, SAVEDATE, EMAILID, THREADID, MODSEQ -> Messages.Detail.NONE;
                    case RFC822, RFC822_HEADER, RFC822_TEXT -> Messages.Detail.HEADER;
                    case ENVELOPE, BODY, BODYSTRUCTURE -> Messages.Detail.FULL;
                };
                case FetchAttribute.BodySection b -> b.section().part().isEmpty() ? Messages.Detail.HEADER : Messages.Detail.FULL;
                case FetchAttribute.Binary b -> b.part().isEmpty() ? Messages.Detail.NONE : Messages.Detail.FULL;
                case FetchAttribute.BinarySize b -> b.part().isEmpty() ? Messages.Detail.NONE : Messages.Detail.FULL;
            };
            if (needed.compareTo(detail) > 0) detail = needed;
        }
        return detail;
    }
}
