package org.mailstore.store;

import java.nio.charset.StandardCharsets;

/**
 * Rules for mailbox names, in the store's form: Unicode (protocol modules decode modified UTF-7),
 * hierarchy separated by {@link #DELIMITER}, and INBOX case-insensitive as RFC 3501 §5.1 requires,
 * including as the first level of a hierarchy ("inbox/x" is "INBOX/x").
 */
public final class MailboxName {
    public static final char DELIMITER = '/';
    public static final String INBOX = "INBOX";
    /** UTF-8 bytes; Dovecot's limit is of the same order. */
    public static final int MAX_BYTES = 1024;
    public static final int MAX_LEVELS = 32;

    private MailboxName() {}

    /** The canonical form of {@code raw}, or INVALID_NAME with the rule it breaks. */
    public static String normalize(String raw) {
        if (raw == null || raw.isEmpty()) throw invalid(raw, "name is empty");
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) throw invalid(raw, "name longer than " + MAX_BYTES + " bytes");
        String[] levels = raw.split(String.valueOf(DELIMITER), -1);
        if (levels.length > MAX_LEVELS) throw invalid(raw, "more than " + MAX_LEVELS + " hierarchy levels");
        for (String level : levels) {
            if (level.isEmpty()) throw invalid(raw, "empty hierarchy level");
            for (int i = 0; i < level.length(); i++) {
                char c = level.charAt(i);
                if (Character.isISOControl(c)) throw invalid(raw, "control character in name");
                if (c == '*' || c == '%') throw invalid(raw, "'*' and '%' are LIST wildcards");
                if (Character.isSurrogate(c) && !validSurrogatePair(level, i)) throw invalid(raw, "malformed Unicode");
                if (Character.isHighSurrogate(c)) i++;
            }
        }
        if (levels[0].equalsIgnoreCase(INBOX)) levels[0] = INBOX;
        return String.join(String.valueOf(DELIMITER), levels);
    }

    /** The names of every ancestor, outermost first ("a/b/c" gives "a", "a/b"). */
    static java.util.List<String> ancestors(String name) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = name.indexOf(DELIMITER); i >= 0; i = name.indexOf(DELIMITER, i + 1)) out.add(name.substring(0, i));
        return out;
    }

    private static boolean validSurrogatePair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static StoreException invalid(String name, String why) {
        return new StoreException(StoreException.Reason.INVALID_NAME, "invalid mailbox name '" + name + "': " + why);
    }
}
