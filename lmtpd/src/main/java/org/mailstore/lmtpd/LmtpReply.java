package org.mailstore.lmtpd;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One reply: a code, an RFC 3463 enhanced status code (null only where RFC 2034 has none: the
 * greeting, the LHLO capability list and 354) and one or more text lines. Texts are ours or
 * validated client input, never raw bytes, so a reply cannot carry CR or LF.
 */
public record LmtpReply(int code, String enhanced, List<String> lines) {
    public LmtpReply {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) throw new IllegalArgumentException("a reply has at least one line");
        for (String l : lines) {
            if (l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0) throw new IllegalArgumentException("CR or LF in a reply line");
        }
    }

    public static LmtpReply of(int code, String enhanced, String text) {
        return new LmtpReply(code, enhanced, List.of(text));
    }

    /** This reply with text added after the enhanced code, e.g. the recipient it is about. */
    public LmtpReply about(String subject) {
        return new LmtpReply(code, enhanced, List.of(subject + " " + lines.getFirst()));
    }

    public boolean positive() {
        return code < 400;
    }

    /** Wire form: {@code 250-first}, ..., {@code 250 last}, each line with the enhanced code, CRLF ends. */
    public byte[] encode() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhanced != null) sb.append(enhanced).append(' ');
            sb.append(lines.get(i)).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.US_ASCII).strip();
    }
}
