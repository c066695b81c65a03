package org.mailstore.imapd.command;

import java.util.List;

/**
 * A section specifier (RFC 9051 §6.4.5): a part path ({@code 1.2.3}, empty for the whole message) followed by an
 * optional text part. {@code fields} lists the header field names for HEADER.FIELDS and HEADER.FIELDS.NOT, as sent
 * (case is kept for the response; matching is case-insensitive). MIME requires a non-empty part path.
 */
public record Section(List<Integer> part, Text text, List<String> fields) {
    public enum Text { NONE, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    public Section {
        part = List.copyOf(part);
        fields = List.copyOf(fields);
    }

    public static final Section WHOLE = new Section(List.of(), Text.NONE, List.of());
}
