package org.mailstore.imapd.parse;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** RFC 9051 {@code date} (SEARCH) and {@code date-time} (APPEND), parsed by hand: the grammar is fixed-width. */
final class ImapDates {
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    /** {@code "dd-Mon-yyyy hh:mm:ss +zzzz"} without its quotes. */
    private static final int DATE_TIME_CHARS = 26;

    private ImapDates() {}

    /** {@code date = date-text / DQUOTE date-text DQUOTE}, {@code date-text = 1*2DIGIT "-" month "-" 4DIGIT}. */
    static LocalDate date(CommandCursor in) throws SyntaxException {
        String text = in.peek() == '"' ? CommandCursor.utf8(in.quoted()) : in.atom();
        int dash = text.indexOf('-');
        if (dash < 1 || dash > 2 || text.length() != dash + 9 || text.charAt(dash + 4) != '-') {
            throw new SyntaxException("invalid date");
        }
        return of(digits(text, 0, dash), month(text, dash + 1), digits(text, dash + 5, 4));
    }

    /** {@code date-time}: a quoted {@code "dd-Mon-yyyy hh:mm:ss +zzzz"}, day padded with a space or zero. */
    static OffsetDateTime dateTime(CommandCursor in) throws SyntaxException {
        String text = new String(in.quoted(), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.length() != DATE_TIME_CHARS || text.charAt(2) != '-' || text.charAt(6) != '-'
                || text.charAt(11) != ' ' || text.charAt(14) != ':' || text.charAt(17) != ':'
                || text.charAt(20) != ' ' || (text.charAt(21) != '+' && text.charAt(21) != '-')) {
            throw new SyntaxException("invalid date-time");
        }
        int day = text.charAt(0) == ' ' ? digits(text, 1, 1) : digits(text, 0, 2);
        LocalDate date = of(day, month(text, 3), digits(text, 7, 4));
        int hour = digits(text, 12, 2);
        int minute = digits(text, 15, 2);
        int second = Math.min(digits(text, 18, 2), 59); // a leap second (60) is legal in the grammar
        int zoneHours = digits(text, 22, 2);
        int zoneMinutes = digits(text, 24, 2);
        int sign = text.charAt(21) == '-' ? -1 : 1;
        try {
            ZoneOffset zone = ZoneOffset.ofHoursMinutes(sign * zoneHours, sign * zoneMinutes);
            return OffsetDateTime.of(LocalDateTime.of(date.getYear(), date.getMonth(), date.getDayOfMonth(),
                    hour, minute, second), zone);
        } catch (DateTimeException e) {
            throw new SyntaxException("invalid date-time");
        }
    }

    private static LocalDate of(int day, int month, int year) throws SyntaxException {
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new SyntaxException("invalid date");
        }
    }

    private static int month(String text, int from) throws SyntaxException {
        int month = MONTHS.indexOf(text.substring(from, from + 3).toUpperCase(Locale.ROOT));
        if (month < 0) throw new SyntaxException("invalid month");
        return month + 1;
    }

    private static int digits(String text, int from, int count) throws SyntaxException {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') throw new SyntaxException("invalid date");
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
