package org.mailstore.store.mime;

import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * The text of one message that SEARCH TEXT and BODY can match (schema V7, {@code blob_text.text}): the top-level
 * header fields as the evaluator reads them ({@code name: value}, encoded-words decoded, one per line), then the
 * decoded text of each {@link TextParts text part}, each followed by a line feed, all {@link SearchFold folded}.
 * A needle the evaluator finds in a field or in one part is, folded, a substring of this text, so
 * {@code text LIKE '%needle%'} failing rules a message out; a match here may still span two fields or parts,
 * which is why the evaluator still decides every candidate. NUL becomes U+FFFD (PostgreSQL text cannot hold it;
 * a needle with NUL skips the index).
 *
 * <p>{@link #of} answers null, "not indexed, always a candidate", for text longer than {@link #MAX_CHARS} and for
 * text with an unpaired surrogate (which the evaluator's scan reads differently from a string search).
 */
public final class SearchText {
    /** Indexed characters per message at most: a longer text is not stored, and the message is always read. */
    public static final int MAX_CHARS = 1 << 20;
    private static final int CHUNK_CHARS = 8192;
    private static final char PART_END = '\n';

    private SearchText() {}

    /** The search text of a message parsed into {@code m} whose bytes {@code ranges} reads; null if not indexable. */
    public static String of(MessageMetadata m, ByteRanges ranges) throws IOException {
        return of(m.header(), m.parts(), ranges);
    }

    /**
     * The search text from a message's stored top-level header ({@link MessageMetadata#header}) and parts, whose
     * bytes {@code ranges} reads: what the indexer takes from the {@code blobs} row instead of parsing the message.
     */
    public static String of(byte[] header, List<MimePart> parts, ByteRanges ranges) throws IOException {
        StringBuilder raw = new StringBuilder();
        for (HeaderFields.Field f : HeaderFields.parse(header).fields()) {
            raw.append(f.name()).append(": ").append(HeaderFields.decode(f.value())).append('\n');
        }
        if (raw.length() > MAX_CHARS) return null;
        boolean[] overflow = new boolean[1];
        TextParts.forEach(parts, ranges, text -> {
            overflow[0] = !append(text, raw);
            return overflow[0];
        });
        if (overflow[0] || hasUnpairedSurrogate(raw)) return null;
        String folded = SearchFold.fold(raw).replace('\0', '\uFFFD');
        return folded.length() > MAX_CHARS ? null : folded;
    }

    /** Appends the part and its end mark; false once the text outgrows {@link #MAX_CHARS}. */
    private static boolean append(Reader text, StringBuilder out) throws IOException {
        char[] buffer = new char[CHUNK_CHARS];
        for (int n = text.read(buffer); n >= 0; n = text.read(buffer)) {
            if (out.length() + n > MAX_CHARS) return false;
            out.append(buffer, 0, n);
        }
        out.append(PART_END);
        return out.length() <= MAX_CHARS;
    }

    private static boolean hasUnpairedSurrogate(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
