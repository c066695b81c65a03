package org.mailstore.imapd.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mailstore.imapd.command.SequenceSet;

/**
 * Reads the RFC 9051 §9 primitives (atoms, strings, numbers, sequence sets) from a {@link CommandText}, one byte
 * at a time, throwing {@link SyntaxException} at the first byte that does not fit. Every string is strict UTF-8.
 */
final class CommandCursor {
    /** {@link #peek()} at a literal. */
    static final int LITERAL = -2;
    /** {@link #peek()} after the last byte. */
    static final int END = -1;
    /** Tags are echoed in every response; real clients use a few characters. */
    static final int MAX_TAG_CHARS = 64;
    private static final long MAX_NUMBER = 0xFFFF_FFFFL;

    private final CommandText text;
    private final int maxItems;
    private int line;
    private int pos;

    CommandCursor(CommandText text, int maxItems) {
        this.text = text;
        this.maxItems = maxItems;
    }

    int peek() {
        byte[] current = text.lines().get(line);
        if (pos < current.length) return current[pos] & 0xff;
        return line < text.literals().size() ? LITERAL : END;
    }

    boolean atEnd() {
        return peek() == END;
    }

    long mark() {
        return ((long) line << 32) | pos;
    }

    void reset(long mark) {
        line = (int) (mark >>> 32);
        pos = (int) mark;
    }

    void advance() {
        pos++;
    }

    void end() throws SyntaxException {
        if (!atEnd()) throw new SyntaxException("unexpected characters at end of command");
    }

    void sp() throws SyntaxException {
        expect(' ', "expected a space");
    }

    void expect(char c, String failure) throws SyntaxException {
        if (peek() != c) throw new SyntaxException(failure);
        pos++;
    }

    boolean take(char c) {
        if (peek() != c) return false;
        pos++;
        return true;
    }

    /** {@code tag = 1*<any ASTRING-CHAR except "+">}. */
    String tag() throws SyntaxException {
        int start = pos;
        while (isAstringChar(peek()) && peek() != '+') pos++;
        if (pos == start) throw new SyntaxException("missing or invalid tag");
        if (pos - start > MAX_TAG_CHARS) throw new SyntaxException("tag too long");
        return ascii(start);
    }

    String atom() throws SyntaxException {
        int start = pos;
        while (isAtomChar(peek())) pos++;
        if (pos == start) throw new SyntaxException("expected an atom");
        return ascii(start);
    }

    String upperAtom() throws SyntaxException {
        return atom().toUpperCase(Locale.ROOT);
    }

    /** A run of letters, digits and dots (fetch item names, section keywords), upper-cased; may be empty. */
    String word() {
        int start = pos;
        while (isWordChar(peek())) pos++;
        return ascii(start).toUpperCase(Locale.ROOT);
    }

    String astring() throws SyntaxException {
        int c = peek();
        if (c == '"' || c == LITERAL) return string();
        int start = pos;
        while (isAstringChar(peek())) pos++;
        if (pos == start) throw new SyntaxException("expected a string");
        return ascii(start);
    }

    /** {@code list-mailbox = 1*list-char / string}: an atom that may also hold % * and ]. */
    String listMailbox() throws SyntaxException {
        int c = peek();
        if (c == '"' || c == LITERAL) return string();
        int start = pos;
        while (isAstringChar(peek()) || peek() == '%' || peek() == '*') pos++;
        if (pos == start) throw new SyntaxException("expected a mailbox pattern");
        return ascii(start);
    }

    String string() throws SyntaxException {
        return utf8(stringBytes());
    }

    /** NIL as null, else a string. */
    String nstring() throws SyntaxException {
        if (peek() == '"' || peek() == LITERAL) return string();
        long mark = mark();
        if (isAtomChar(peek()) && upperAtom().equals("NIL")) return null;
        reset(mark);
        throw new SyntaxException("expected a string or NIL");
    }

    byte[] stringBytes() throws SyntaxException {
        int c = peek();
        if (c == LITERAL) return literal();
        if (c == '"') return quoted();
        throw new SyntaxException("expected a quoted string or literal");
    }

    /** The content of a quoted string: TEXT-CHAR or UTF-8, with only \" and \\ escaped. */
    byte[] quoted() throws SyntaxException {
        expect('"', "expected a quoted string");
        byte[] current = text.lines().get(line);
        byte[] out = new byte[16];
        int n = 0;
        while (true) {
            if (pos >= current.length) throw new SyntaxException("unterminated quoted string");
            int b = current[pos++] & 0xff;
            if (b == '"') break;
            if (b == '\\') {
                if (pos >= current.length || (current[pos] != '"' && current[pos] != '\\')) {
                    throw new SyntaxException("invalid escape in quoted string");
                }
                b = current[pos++];
            } else if (b == 0 || b == '\r' || b == '\n') {
                throw new SyntaxException("control character in quoted string");
            }
            if (n == out.length) out = java.util.Arrays.copyOf(out, n * 2);
            out[n++] = (byte) b;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    byte[] literal() throws SyntaxException {
        if (peek() != LITERAL) throw new SyntaxException("expected a literal");
        byte[] literal = text.literals().get(line);
        line++;
        pos = 0;
        for (byte b : literal) {
            if (b == 0) throw new SyntaxException("NUL in literal");
        }
        return literal;
    }

    /** {@code number}: 0..4294967295. */
    long number() throws SyntaxException {
        return digits(MAX_NUMBER);
    }

    long nzNumber() throws SyntaxException {
        long n = number();
        if (n == 0) throw new SyntaxException("zero is not allowed here");
        return n;
    }

    /** {@code number64} (RFC 9051): 0..2^63-1. */
    long number64() throws SyntaxException {
        return digits(Long.MAX_VALUE);
    }

    /** {@code sequence-set}, or {@code $} alone (RFC 5182). */
    SequenceSet sequenceSet() throws SyntaxException {
        if (take('$')) return SequenceSet.savedResult();
        List<SequenceSet.Range> ranges = new ArrayList<>();
        do {
            long first = seqNumber();
            long last = take(':') ? seqNumber() : first;
            items(ranges.size() + 1);
            ranges.add(new SequenceSet.Range(first, last));
        } while (take(','));
        return SequenceSet.of(ranges);
    }

    boolean atSequenceSet() {
        int c = peek();
        return (c >= '0' && c <= '9') || c == '*' || c == '$';
    }

    /** Fails when a list grows beyond the item limit. */
    void items(int count) throws SyntaxException {
        if (count > maxItems) throw new SyntaxException("too many items in a list");
    }

    int maxItems() {
        return maxItems;
    }

    static String utf8(byte[] bytes) throws SyntaxException {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) return new String(bytes, StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SyntaxException("invalid UTF-8");
        }
    }

    /** ATOM-CHAR: CHAR except atom-specials ( ) { SP CTL % * " \ ]. */
    static boolean isAtomChar(int c) {
        return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' && c != '"'
                && c != '\\' && c != ']';
    }

    static boolean isAstringChar(int c) {
        return isAtomChar(c) || c == ']';
    }

    private static boolean isWordChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.';
    }

    private long seqNumber() throws SyntaxException {
        if (take('*')) return SequenceSet.STAR;
        return nzNumber();
    }

    private long digits(long max) throws SyntaxException {
        int start = pos;
        long n = 0;
        while (peek() >= '0' && peek() <= '9') {
            int digit = peek() - '0';
            if (n > (max - digit) / 10) throw new SyntaxException("number too large");
            n = n * 10 + digit;
            pos++;
        }
        if (pos == start) throw new SyntaxException("expected a number");
        return n;
    }

    private String ascii(int start) {
        return new String(text.lines().get(line), start, pos - start, StandardCharsets.ISO_8859_1);
    }
}
