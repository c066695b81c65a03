package org.mailstore.imapd;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mailstore.store.MessageView;

/** Pieces of responses more than one command writes: flag lists, internal dates, UID sets. */
final class Responses {
    static final String RECENT = "\\Recent";
    /** RFC 9051 date-time: {@code "dd-Mon-yyyy hh:mm:ss +zzzz"}, day padded with a space. */
    private static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("ppd-MMM-yyyy HH:mm:ss xx", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Responses() {}

    /** {@code (\Seen ...)}, with \Recent for IMAP4rev1 sessions that hold the message as recent. */
    static ResponseWriter flags(ImapSession s, SelectedMailbox box, MessageView v, ResponseWriter out) throws IOException {
        List<String> names = v.flags().names();
        if (!s.imap4rev2 && box.isRecent(v.uid())) {
            names = new ArrayList<>(names);
            names.add(RECENT);
        }
        return out.atomList(names);
    }

    static String internalDate(Instant t) {
        return "\"" + INTERNAL_DATE.format(t) + "\"";
    }

    /** {@code 1:3,7,9:10}: ascending numbers as an RFC 9051 sequence set. */
    static String set(long[] ascending) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < ascending.length) {
            int j = i;
            while (j + 1 < ascending.length && ascending[j + 1] == ascending[j] + 1) j++;
            if (!b.isEmpty()) b.append(',');
            b.append(ascending[i]);
            if (j > i) b.append(':').append(ascending[j]);
            i = j + 1;
        }
        return b.toString();
    }

    /** COPYUID's two sets: pairs in source order, so ranges only where both sides are consecutive. */
    static String[] pairedSets(List<Long> source, List<Long> destination) {
        StringBuilder a = new StringBuilder(), b = new StringBuilder();
        int i = 0;
        while (i < source.size()) {
            int j = i;
            while (j + 1 < source.size() && source.get(j + 1) == source.get(j) + 1 && destination.get(j + 1) == destination.get(j) + 1) j++;
            if (!a.isEmpty()) {
                a.append(',');
                b.append(',');
            }
            a.append(source.get(i));
            b.append(destination.get(i));
            if (j > i) {
                a.append(':').append(source.get(j));
                b.append(':').append(destination.get(j));
            }
            i = j + 1;
        }
        return new String[] {a.toString(), b.toString()};
    }
}
