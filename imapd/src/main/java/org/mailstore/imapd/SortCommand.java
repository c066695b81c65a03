package org.mailstore.imapd;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.SortCriterion;
import org.mailstore.imapd.sort.MessageKeys;
import org.mailstore.imapd.sort.MessageKeys.Column;
import org.mailstore.imapd.sort.SortOrder;
import org.mailstore.imapd.sort.Threads;

/**
 * SORT and UID SORT (RFC 5256 §3, RFC 5957), THREAD and UID THREAD (RFC 5256 §3): the search runs as SEARCH's does
 * ({@link SearchCommand#matches}), then the keys of what it found are read from PostgreSQL in one streamed store call
 * ({@code Messages.sortKeys}), never from the blobs, and ordered here ({@link SortOrder}, {@link Threads}).
 */
final class SortCommand {
    private SortCommand() {}

    static String sort(ImapSession s, ImapCommand.Sort c) throws IOException {
        if (!c.search().charsetSupported()) return ImapErrors.BAD_CHARSET;
        long[] uids = SearchCommand.matches(s, c.search()).uids();
        MessageKeys keys = keys(s, uids, columns(c));
        int[] order = SortOrder.of(keys, c.criteria());
        s.out.atom("* SORT");
        for (int i : order) s.out.sp().number(number(s, c.uid(), uids[i]));
        s.out.crlf();
        return "OK " + (c.uid() ? "UID SORT" : "SORT") + " completed.";
    }

    static String thread(ImapSession s, ImapCommand.Thread c) throws IOException {
        if (!c.search().charsetSupported()) return ImapErrors.BAD_CHARSET;
        long[] uids = SearchCommand.matches(s, c.search()).uids();
        MessageKeys keys = keys(s, uids, EnumSet.of(Column.THREADING));
        String threads = switch (c.algorithm()) {
            case ORDEREDSUBJECT -> Threads.orderedSubject(keys, i -> number(s, c.uid(), uids[i]));
            case REFERENCES -> Threads.references(keys, i -> number(s, c.uid(), uids[i]));
        };
        s.out.atom("* THREAD");
        if (!threads.isEmpty()) s.out.sp().atom(threads);
        s.out.crlf();
        return "OK " + (c.uid() ? "UID THREAD" : "THREAD") + " completed.";
    }

    private static long number(ImapSession s, boolean uid, long messageUid) {
        return uid ? messageUid : s.selected.uids.seq(messageUid);
    }

    private static Set<Column> columns(ImapCommand.Sort c) {
        Set<Column> columns = EnumSet.noneOf(Column.class);
        for (SortCriterion criterion : c.criteria()) {
            switch (criterion.key()) {
                case SUBJECT -> columns.add(Column.SUBJECT);
                case FROM -> columns.add(Column.FROM);
                case TO -> columns.add(Column.TO);
                case CC -> columns.add(Column.CC);
                case DISPLAYFROM -> columns.add(Column.DISPLAYFROM);
                case DISPLAYTO -> columns.add(Column.DISPLAYTO);
                case ARRIVAL, DATE, SIZE -> { }
            }
        }
        return columns;
    }

    /** The keys of the found messages by their index in {@code uids}; a message expunged meanwhile keeps empty ones. */
    private static MessageKeys keys(ImapSession s, long[] uids, Set<Column> columns) {
        MessageKeys keys = new MessageKeys(uids.length, columns);
        s.store.messages().sortKeys(s.account, s.selected.id, uids, row ->
                keys.set(Arrays.binarySearch(uids, row.uid()), row.internalDate().toEpochMilli(), row.size(), row.keys()));
        return keys;
    }
}
