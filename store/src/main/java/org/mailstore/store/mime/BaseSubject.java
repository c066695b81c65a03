package org.mailstore.store.mime;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * RFC 5256 §2.1 base subject extraction, for SORT SUBJECT and both THREAD algorithms: the subject with RFC 2047
 * encoded-words decoded, white space collapsed, and the reply/forward decorations ({@code Re:}, {@code Fw:},
 * {@code Fwd:}, {@code [blob]} prefixes, {@code (fwd)} trailers, {@code [fwd: ...]} wrappers) removed. The text is
 * returned upper-cased in ASCII only, so that comparing it by code point is the i;ascii-casemap collation RFC 5256
 * requires. {@code replyOrForward} says whether extraction removed a reply or forward marker (§2.1's note), which
 * REFERENCES threading uses when it merges threads by subject.
 */
public record BaseSubject(String text, boolean replyOrForward) {

    public static final BaseSubject EMPTY = new BaseSubject("", false);

    /** From the raw (undecoded, possibly folded) Subject: field value; null means no Subject: field. */
    public static BaseSubject of(String rawSubject) {
        if (rawSubject == null) return EMPTY;
        String decoded = rawSubject.contains("=?")
                ? DecoderUtil.decodeEncodedWords(rawSubject, DecodeMonitor.SILENT) : rawSubject;
        // a NUL decoded from "=00" could not be stored in a text column; HeaderField maps raw ones the same way
        return extract(collapseWhiteSpace(decoded.replace('\0', HeaderField.NUL_REPLACEMENT)));
    }

    /** Steps 2 to 6 of §2.1 on a subject already decoded with its white space collapsed (step 1). */
    static BaseSubject extract(String subject) {
        String s = subject;
        boolean reply = false;
        while (true) {
            // (2) trailing "(fwd)" and white space
            String trimmed = removeTrailers(s);
            if (!trimmed.equals(stripTrailingSpace(s))) reply = true;
            s = trimmed;
            // (3) and (4), repeated until neither changes anything
            while (true) {
                int leader = leaderLength(s);
                if (leader > 0) {
                    if (hasRefwd(s, leader)) reply = true;
                    s = s.substring(leader);
                    continue;
                }
                int blob = blobLength(s, 0);
                if (blob > 0 && blob < s.length()) {
                    s = s.substring(blob);
                    continue;
                }
                break;
            }
            // (6) "[fwd:" subject "]"
            if (s.length() >= 6 && s.regionMatches(true, 0, "[fwd:", 0, 5) && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1);
                reply = true;
                continue;
            }
            return new BaseSubject(asciiUpper(s), reply);
        }
    }

    /** Step 1's white space rule: tabs and line breaks become spaces, runs of them one space. */
    static String collapseWhiteSpace(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                space = true;
                continue;
            }
            if (space && !out.isEmpty()) out.append(' ');
            // a leading space is dropped here; a trailing one never reaches the output
            space = false;
            out.append(c);
        }
        return out.toString();
    }

    private static String removeTrailers(String s) {
        String out = s;
        while (true) {
            String next = stripTrailingSpace(out);
            if (next.length() >= 5 && next.regionMatches(true, next.length() - 5, "(fwd)", 0, 5)) {
                next = next.substring(0, next.length() - 5);
            }
            if (next.equals(out)) return out;
            out = next;
        }
    }

    private static String stripTrailingSpace(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') end--;
        return s.substring(0, end);
    }

    /**
     * The length of a {@code subj-leader} at the start: {@code (*subj-blob subj-refwd) / WSP}, the longest match;
     * 0 when there is none.
     */
    private static int leaderLength(String s) {
        if (!s.isEmpty() && s.charAt(0) == ' ') return 1;
        int i = 0;
        while (true) {
            int refwd = refwdLength(s, i);
            if (refwd > 0) return i + refwd;
            int blob = blobLength(s, i);
            if (blob == 0) return 0;
            i += blob;
        }
    }

    /** A leader is either one space or ends in a subj-refwd, which is what marks a reply or forward. */
    private static boolean hasRefwd(String s, int leader) {
        return s.charAt(0) != ' ';
    }

    /** {@code subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"} at {@code from}, or 0. */
    private static int refwdLength(String s, int from) {
        int i = from;
        if (s.regionMatches(true, i, "re", 0, 2)) i += 2;
        else if (s.regionMatches(true, i, "fwd", 0, 3)) i += 3;
        else if (s.regionMatches(true, i, "fw", 0, 2)) i += 2;
        else return 0;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        i += blobLength(s, i);
        return i < s.length() && s.charAt(i) == ':' ? i + 1 - from : 0;
    }

    /** {@code subj-blob = "[" *BLOBCHAR "]" *WSP} at {@code from}, or 0; BLOBCHAR is any char but "[" and "]". */
    private static int blobLength(String s, int from) {
        if (from >= s.length() || s.charAt(from) != '[') return 0;
        int i = from + 1;
        while (i < s.length() && s.charAt(i) != ']') {
            if (s.charAt(i) == '[') return 0;
            i++;
        }
        if (i >= s.length()) return 0;
        i++;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return i - from;
    }

    /** i;ascii-casemap folds a-z only. */
    static String asciiUpper(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                if (out == null) out = new StringBuilder(s.substring(0, i));
                out.append((char) (c - 'a' + 'A'));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
