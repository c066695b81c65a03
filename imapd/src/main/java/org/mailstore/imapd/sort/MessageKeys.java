package org.mailstore.imapd.sort;

import java.util.Arrays;
import java.util.List;
import org.mailstore.store.mime.SortKeys;

/**
 * The keys of the messages one SORT or THREAD orders, by index (the messages ascend by UID, so index order is
 * sequence-number order, RFC 5256's final tie-breaker). Column-wise and only the columns asked for: a sort by DATE
 * over 100,000 messages holds a few {@code long[]}, not 100,000 objects. A message whose row vanished meanwhile
 * (expunged by another session) keeps empty keys and its place.
 */
public final class MessageKeys {
    /** Which string columns to keep; dates and sizes are always kept. */
    public enum Column { SUBJECT, FROM, TO, CC, DISPLAYFROM, DISPLAYTO, THREADING }

    private static final String[] NO_REFERENCES = new String[0];

    private final long[] arrival;
    private final long[] sent;
    private final long[] size;
    private final String[] subject, from, to, cc, displayFrom, displayTo, messageId;
    private final boolean[] replyOrForward;
    private final String[][] references;

    public MessageKeys(int count, java.util.Set<Column> columns) {
        arrival = new long[count];
        sent = new long[count];
        size = new long[count];
        boolean threading = columns.contains(Column.THREADING);
        subject = strings(count, threading || columns.contains(Column.SUBJECT));
        from = strings(count, columns.contains(Column.FROM));
        to = strings(count, columns.contains(Column.TO));
        cc = strings(count, columns.contains(Column.CC));
        displayFrom = strings(count, columns.contains(Column.DISPLAYFROM));
        displayTo = strings(count, columns.contains(Column.DISPLAYTO));
        messageId = threading ? new String[count] : null;
        replyOrForward = threading ? new boolean[count] : null;
        references = threading ? new String[count][] : null;
        if (threading) Arrays.fill(references, NO_REFERENCES);
    }

    private static String[] strings(int count, boolean wanted) {
        if (!wanted) return null;
        String[] a = new String[count];
        Arrays.fill(a, "");
        return a;
    }

    /** Records message {@code i}; a missing Date: (or one that does not parse) means its INTERNALDATE (§2.2). */
    public void set(int i, long internalDateMillis, long messageSize, SortKeys k) {
        arrival[i] = internalDateMillis;
        sent[i] = k.sentDate() == SortKeys.NO_DATE ? internalDateMillis : k.sentDate();
        size[i] = messageSize;
        if (subject != null) subject[i] = k.subject().text();
        if (from != null) from[i] = k.from();
        if (to != null) to[i] = k.to();
        if (cc != null) cc[i] = k.cc();
        if (displayFrom != null) displayFrom[i] = k.displayFrom();
        if (displayTo != null) displayTo[i] = k.displayTo();
        if (messageId != null) {
            messageId[i] = k.messageId();
            replyOrForward[i] = k.subject().replyOrForward();
            List<String> refs = k.references();
            references[i] = refs.isEmpty() ? NO_REFERENCES : refs.toArray(NO_REFERENCES);
        }
    }

    public int count() {
        return arrival.length;
    }

    long arrival(int i) {
        return arrival[i];
    }

    long sent(int i) {
        return sent[i];
    }

    long size(int i) {
        return size[i];
    }

    String subject(int i) {
        return subject[i];
    }

    String from(int i) {
        return from[i];
    }

    String to(int i) {
        return to[i];
    }

    String cc(int i) {
        return cc[i];
    }

    String displayFrom(int i) {
        return displayFrom[i];
    }

    String displayTo(int i) {
        return displayTo[i];
    }

    String messageId(int i) {
        return messageId[i];
    }

    boolean replyOrForward(int i) {
        return replyOrForward[i];
    }

    String[] references(int i) {
        return references[i];
    }

    /**
     * i;ascii-casemap on strings already case-mapped: code point order, which is UTF-8 octet order. UTF-16 order
     * agrees except where a surrogate meets a char from U+E000 up, so the first difference is compared char by char
     * and a surrogate (a code point above U+FFFF) wins against any other char.
     */
    static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i), cb = b.charAt(i);
            if (ca == cb) continue;
            boolean sa = Character.isSurrogate(ca), sb = Character.isSurrogate(cb);
            if (sa != sb) return sa ? 1 : -1;
            return Character.compare(ca, cb);
        }
        return Integer.compare(a.length(), b.length());
    }

    /** §2.2: by sent date, then by sequence number (index). */
    int compareSent(int a, int b) {
        int c = Long.compare(sent[a], sent[b]);
        return c != 0 ? c : Integer.compare(a, b);
    }
}
