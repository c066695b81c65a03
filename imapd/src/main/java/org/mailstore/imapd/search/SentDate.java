package org.mailstore.imapd.search;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date of a Date: header as written, for SENTBEFORE/SENTON/SENTSINCE, which compare dates "disregarding time
 * and timezone" (RFC 9051 §6.4.4): the day, month and year of RFC 5322 {@code date-time}, with the obsolete
 * two- and three-digit years of §4.3 ({@code 49} is 2049, {@code 50} is 1950, {@code 101} is 2001). The day of
 * week, time and zone are not needed and not checked.
 */
final class SentDate {
    private static final Pattern DATE = Pattern.compile("(?:^|[\\s,(])(\\d{1,2})\\s+([A-Za-z]{3})[a-z]*\\.?\\s+(\\d{2,4})(?=\\s|$)");
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private SentDate() {
    }

    static Optional<LocalDate> parse(String value) {
        Matcher m = DATE.matcher(value);
        if (!m.find()) return Optional.empty();
        int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        if (month == 0) return Optional.empty();
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) year += year < 50 ? 2000 : 1900;
        else if (m.group(3).length() == 3) year += 1900;
        try {
            return Optional.of(LocalDate.of(year, month, Integer.parseInt(m.group(1))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
