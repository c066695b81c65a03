package org.mailstore.store.mime;

import java.io.ByteArrayOutputStream;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * What SORT (RFC 5256, RFC 5957 SORT=DISPLAY) and THREAD need of one message, taken from its cached top-level
 * header: string keys are already in the i;ascii-casemap form (ASCII letters upper-cased), so they compare by code
 * point; addresses are the first of their field's list, group markers skipped.
 *
 * @param subject     the base subject (RFC 5256 §2.1)
 * @param from        addr-mailbox (the local part) of the first From address; empty when there is none
 * @param displayFrom RFC 5957: the decoded display name of the first From address, or its addr-spec when it has none
 * @param to          like {@code from}, of To
 * @param displayTo   like {@code displayFrom}, of To
 * @param cc          like {@code from}, of Cc
 * @param sentDate    the Date: field as epoch milliseconds, or {@link #NO_DATE} when absent or unparsable (the
 *                    caller falls back to INTERNALDATE)
 * @param messageId   the Message-ID's msg-id, brackets included; null when absent or invalid
 * @param references  the msg-ids of References, or else the first of In-Reply-To (RFC 5256 §3 REFERENCES step 1)
 */
public record SortKeys(BaseSubject subject, String from, String displayFrom, String to, String displayTo, String cc,
                       long sentDate, String messageId, List<String> references) {

    public static final long NO_DATE = Long.MIN_VALUE;
    /** Bounds what one message contributes to a thread computation; real References fields hold a few dozen. */
    public static final int MAX_REFERENCES = 100;

    private static final Pattern MSG_ID = Pattern.compile("<([^<>\\s@]+@[^<>\\s]+)>");
    private static final Pattern DATE = Pattern.compile(
            "(\\d{1,2})\\s+([A-Za-z]{3})[A-Za-z]*\\.?\\s+(\\d{2,4})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\s+([+-]\\d{4}|[A-Za-z]+))?");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    /** RFC 5322 §4.3's obsolete zones; any other alphabetic zone means +0000 (§4.3: "SHOULD be considered"). */
    private static final Map<String, Integer> NAMED_ZONES = Map.of("EDT", -4, "EST", -5, "CDT", -5, "CST", -6,
            "MDT", -6, "MST", -7, "PDT", -7, "PST", -8);

    public static SortKeys of(byte[] header) {
        String subject = null, date = null, messageId = null, references = null, inReplyTo = null;
        List<Address> from = null, to = null, cc = null;
        for (HeaderField f : fields(header)) {
            switch (f.name().toLowerCase(Locale.ROOT)) {
                case "subject" -> subject = subject == null ? f.value() : subject;
                case "date" -> date = date == null ? f.value() : date;
                case "message-id" -> messageId = messageId == null ? f.value() : messageId;
                case "references" -> references = references == null ? f.value() : references;
                case "in-reply-to" -> inReplyTo = inReplyTo == null ? f.value() : inReplyTo;
                case "from" -> from = from == null ? AddressParser.parse(f.value()) : from;
                case "to" -> to = to == null ? AddressParser.parse(f.value()) : to;
                case "cc" -> cc = cc == null ? AddressParser.parse(f.value()) : cc;
                default -> { }
            }
        }
        Address firstFrom = first(from), firstTo = first(to);
        return new SortKeys(BaseSubject.of(subject), mailbox(firstFrom), display(firstFrom), mailbox(firstTo),
                display(firstTo), mailbox(first(cc)), sentDate(date), firstMessageId(messageId),
                references(references, inReplyTo));
    }

    private static Address first(List<Address> list) {
        if (list == null) return null;
        for (Address a : list) {
            if (a.host() != null) return a; // group markers have no host
        }
        return null;
    }

    private static String mailbox(Address a) {
        return a == null ? "" : BaseSubject.asciiUpper(unquoted(a.mailbox()));
    }

    /** RFC 5957 §3: the display name if there is a non-empty one, else the addr-spec ({@code mailbox@host}). */
    private static String display(Address a) {
        if (a == null) return "";
        String name = a.name() == null ? "" : decode(a.name()).strip();
        return BaseSubject.asciiUpper(name.isEmpty() ? unquoted(a.mailbox()) + "@" + a.host() : name);
    }

    private static String decode(String text) {
        String decoded = text.contains("=?") ? DecoderUtil.decodeEncodedWords(text, DecodeMonitor.SILENT) : text;
        return decoded.replace('\0', HeaderField.NUL_REPLACEMENT);
    }

    /** The parser keeps a quoted local part quoted; addr-mailbox is its content. */
    private static String unquoted(String mailbox) {
        if (mailbox.length() >= 2 && mailbox.startsWith("\"") && mailbox.endsWith("\"")) {
            return mailbox.substring(1, mailbox.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return mailbox;
    }

    private static String firstMessageId(String value) {
        if (value == null) return null;
        Matcher m = MSG_ID.matcher(value);
        return m.find() ? m.group() : null;
    }

    private static List<String> references(String references, String inReplyTo) {
        List<String> ids = new ArrayList<>();
        if (references != null) {
            Matcher m = MSG_ID.matcher(references);
            while (m.find()) ids.add(m.group());
            // keep the last ones: the parent is the last reference, the oldest ancestors matter least
            if (ids.size() > MAX_REFERENCES) ids = new ArrayList<>(ids.subList(ids.size() - MAX_REFERENCES, ids.size()));
        }
        if (ids.isEmpty()) {
            String first = firstMessageId(inReplyTo);
            if (first != null) ids.add(first);
        }
        return List.copyOf(ids);
    }

    /** RFC 5322 date-time (with §4.3's obsolete forms) as epoch milliseconds, or {@link #NO_DATE}. */
    static long sentDate(String value) {
        if (value == null) return NO_DATE;
        Matcher m = DATE.matcher(value);
        if (!m.find()) return NO_DATE;
        int month = MONTHS.indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
        if (month == 0) return NO_DATE;
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) year += year < 50 ? 2000 : 1900;
        else if (m.group(3).length() == 3) year += 1900;
        try {
            LocalDateTime local = LocalDateTime.of(year, month, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            return local.toInstant(zone(m.group(7))).toEpochMilli();
        } catch (DateTimeException e) {
            return NO_DATE;
        }
    }

    private static ZoneOffset zone(String zone) {
        if (zone == null) return ZoneOffset.UTC;
        if (zone.charAt(0) == '+' || zone.charAt(0) == '-') {
            int sign = zone.charAt(0) == '-' ? -1 : 1;
            int hours = Integer.parseInt(zone.substring(1, 3)), minutes = Integer.parseInt(zone.substring(3, 5));
            if (hours > 18 || minutes > 59) return ZoneOffset.UTC;
            return ZoneOffset.ofTotalSeconds(sign * (hours * 3600 + minutes * 60));
        }
        Integer hours = NAMED_ZONES.get(zone.toUpperCase(Locale.ROOT));
        return hours == null ? ZoneOffset.UTC : ZoneOffset.ofHours(hours);
    }

    /** The header's fields, unfolded, up to its blank line. */
    private static List<HeaderField> fields(byte[] header) {
        List<HeaderField> fields = new ArrayList<>();
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        int i = 0;
        while (i < header.length) {
            int eol = i;
            while (eol < header.length && header[eol] != '\n') eol++;
            int end = eol > i && header[eol - 1] == '\r' ? eol - 1 : eol;
            if (end == i) break; // the blank line
            boolean continuation = header[i] == ' ' || header[i] == '\t';
            if (!continuation) flush(field, fields);
            field.write(header, i, end - i);
            i = eol + 1;
        }
        flush(field, fields);
        return fields;
    }

    private static void flush(ByteArrayOutputStream field, List<HeaderField> fields) {
        if (field.size() == 0) return;
        byte[] bytes = field.toByteArray();
        HeaderField f = HeaderField.parse(bytes, bytes.length);
        if (f != null) fields.add(f);
        field.reset();
    }
}
