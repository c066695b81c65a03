package org.mailstore.imapd.parse;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mailstore.imapd.command.ImapCommand;

/** The RFC 9208 commands that name a quota root: GETQUOTA and SETQUOTA (GETQUOTAROOT takes a mailbox). */
final class QuotaParser {
    /** RFC 9208 §5.1: STORAGE is counted in units of 1024 octets. */
    static final long STORAGE_UNIT = 1024;
    /** The largest STORAGE limit whose byte count fits a signed 64-bit number. */
    static final long MAX_STORAGE_KIB = Long.MAX_VALUE / STORAGE_UNIT;

    private QuotaParser() {}

    /** {@code getquota = "GETQUOTA" SP quota-root-name}. */
    static ImapCommand getQuota(CommandCursor in) throws SyntaxException {
        in.sp();
        return new ImapCommand.GetQuota(in.astring());
    }

    /**
     * {@code setquota = "SETQUOTA" SP quota-root-name SP setquota-list}, {@code setquota-list = "(" [setquota-resource
     * *(SP setquota-resource)] ")"}, {@code setquota-resource = resource-name SP resource-limit} (a number64).
     * A resource named twice is BAD: which of the two limits the client meant cannot be told.
     */
    static ImapCommand setQuota(CommandCursor in) throws SyntaxException {
        in.sp();
        String root = in.astring();
        in.sp();
        in.expect('(', "expected ( before quota limits");
        Map<String, Long> limits = new LinkedHashMap<>();
        if (!in.take(')')) {
            do {
                in.items(limits.size() + 1);
                String resource = in.upperAtom();
                in.sp();
                long limit = in.number64();
                if (resource.equals("STORAGE") && limit > MAX_STORAGE_KIB) throw new SyntaxException("STORAGE limit too large");
                if (limits.put(resource, limit) != null) throw new SyntaxException("resource given twice");
            } while (in.take(' '));
            in.expect(')', "expected ) after quota limits");
        }
        return new ImapCommand.SetQuota(root, limits);
    }
}
