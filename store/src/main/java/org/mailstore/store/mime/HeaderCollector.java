package org.mailstore.store.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Gathers the header lines of one entity into the fields the metadata needs.
 *
 * <p>Only the first {@link MessageParser#MAX_HEADER_BYTES} bytes of a header are considered: a field that
 * does not fit whole is dropped with everything after it, because a truncated Content-Type (say, a cut
 * boundary) would be worse than none. Fields nobody reads are not kept.
 */
final class HeaderCollector {

    private static final Set<String> RELEVANT = Set.of(
            "date", "subject", "from", "sender", "reply-to", "to", "cc", "bcc", "in-reply-to", "message-id",
            "mime-version", "content-type", "content-transfer-encoding", "content-id", "content-description",
            "content-md5", "content-disposition", "content-language", "content-location");

    private final int capacity;
    private final List<HeaderField> fields = new ArrayList<>();
    private byte[] field = new byte[256];
    private int fieldLength;
    private boolean inField;
    private long consumed;
    private boolean full;

    HeaderCollector(int capacity) {
        this.capacity = capacity;
    }

    /** Bytes of the current line worth keeping: what still fits under the cap. */
    int wanted() {
        return full ? 0 : (int) Math.max(0, capacity - consumed);
    }

    /**
     * Adds one header line.
     *
     * @param contentLength the line length without its terminator
     * @param lineLength    the line length with its terminator
     * @param complete      whether {@code line} holds the whole content
     */
    void addLine(byte[] line, int contentLength, long lineLength, boolean complete) {
        if (full) {
            return;
        }
        consumed += lineLength;
        if (!complete || consumed > capacity) {
            full = true;
            inField = false;
            return;
        }
        boolean continuation = contentLength > 0 && (line[0] == ' ' || line[0] == '\t');
        if (!continuation) {
            finishField();
            inField = true;
            fieldLength = 0;
        } else if (!inField) {
            return;
        }
        append(line, contentLength);
    }

    /** The relevant fields in header order; the collector is then ready for the next entity. */
    List<HeaderField> finish() {
        finishField();
        List<HeaderField> result = List.copyOf(fields);
        fields.clear();
        consumed = 0;
        full = false;
        return result;
    }

    private void append(byte[] line, int length) {
        if (fieldLength + length > field.length) {
            byte[] bigger = new byte[Math.max(fieldLength + length, field.length * 2)];
            System.arraycopy(field, 0, bigger, 0, fieldLength);
            field = bigger;
        }
        System.arraycopy(line, 0, field, fieldLength, length);
        fieldLength += length;
    }

    private void finishField() {
        if (!inField) {
            return;
        }
        inField = false;
        HeaderField parsed = HeaderField.parse(field, fieldLength);
        if (parsed != null && RELEVANT.contains(parsed.name().toLowerCase(Locale.ROOT))) {
            fields.add(parsed);
        }
    }
}
