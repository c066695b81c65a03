package org.mailstore.store;

/**
 * The canonical form of an account's address: trimmed, lower-cased {@code local@domain}. Account
 * lookups from LMTP, POP3, IMAP and the CLI all go through here, so the same person is never two
 * accounts.
 */
final class AccountAddress {
    /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so an address at most 254. */
    static final int MAX_LENGTH = 254;
    static final int MAX_LOCAL_LENGTH = 64;

    private AccountAddress() {}

    static String normalize(String raw) {
        if (raw == null) throw invalid("", "address is missing");
        String a = raw.strip().toLowerCase(java.util.Locale.ROOT);
        if (a.isEmpty() || a.length() > MAX_LENGTH) throw invalid(a, "address must be 1 to " + MAX_LENGTH + " characters");
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1) throw invalid(a, "address must be local@domain");
        if (at > MAX_LOCAL_LENGTH) throw invalid(a, "local part longer than " + MAX_LOCAL_LENGTH);
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '\\' || c == ',' || c == ';'
                    || (c == '@' && i != at)) {
                throw invalid(a, "address contains a character not allowed here");
            }
        }
        String domain = a.substring(at + 1);
        if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) throw invalid(a, "bad domain");
        return a;
    }

    private static StoreException invalid(String address, String why) {
        return new StoreException(StoreException.Reason.INVALID_NAME, "invalid address '" + address + "': " + why);
    }
}
