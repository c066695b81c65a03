package org.mailstore.imapd.parse;

/**
 * Bounds on one client command, checked where the bytes arrive, so no command can make the parser hold more than
 * {@code maxCommandBytes} (plus a constant factor for the parsed values) or recurse deeper than {@code maxDepth}.
 *
 * @param maxLineBytes    one line, without its CRLF; a longer line is skipped to its end and answered BAD
 * @param maxLiteralBytes one literal string inside a command (not APPEND's message, whose size the session judges)
 * @param maxCommandBytes all lines and literals of one command together
 * @param maxDepth        nesting of parentheses and of NOT/OR in SEARCH
 * @param maxItems        entries of any one list (flags, fetch items, sequence-set ranges, header names, ...)
 *                        and search keys in one command
 */
public record ParserLimits(int maxLineBytes, int maxLiteralBytes, int maxCommandBytes, int maxDepth, int maxItems) {
    /** Dovecot's imap_max_line_length; long UID sets from Thunderbird fit well inside. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_LITERAL_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_COMMAND_BYTES = 256 * 1024;
    /** Real clients nest SEARCH a handful of levels; 10,000-deep input must not reach the stack limit. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    public static final int DEFAULT_MAX_ITEMS = 10_000;

    public ParserLimits {
        if (maxLineBytes < 1024 || maxLiteralBytes < 0 || maxCommandBytes < maxLineBytes || maxDepth < 1
                || maxItems < 1) {
            throw new IllegalArgumentException("parser limits out of range: " + maxLineBytes + "/" + maxLiteralBytes
                    + "/" + maxCommandBytes + "/" + maxDepth + "/" + maxItems);
        }
    }

    public static ParserLimits defaults() {
        return new ParserLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_LITERAL_BYTES, DEFAULT_MAX_COMMAND_BYTES,
                DEFAULT_MAX_DEPTH, DEFAULT_MAX_ITEMS);
    }
}
