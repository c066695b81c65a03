package org.mailstore.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The queries {@code bench imap --query} times, by their command-line names. */
enum ImapQuery {
    /** SEARCH TEXT of a word in about 20 messages: the case a full-text index is for. */
    SEARCH_TEXT("search-text"),
    /** SEARCH TEXT of a word in a third of the messages. */
    SEARCH_COMMON("search-common"),
    SORT("sort"),
    THREAD("thread"),
    /** SELECT (QRESYNC ...) after 100 changes another connection made. */
    QRESYNC("qresync");

    private final String label;

    ImapQuery(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The command timed for a searching, sorting or threading query. */
    String command() {
        return switch (this) {
            case SEARCH_TEXT -> "UID SEARCH TEXT " + QueryCorpus.NEEDLE;
            case SEARCH_COMMON -> "UID SEARCH TEXT " + QueryCorpus.COMMON;
            case SORT -> "UID SORT (SUBJECT REVERSE DATE) UTF-8 ALL";
            case THREAD -> "UID THREAD REFERENCES UTF-8 ALL";
            case QRESYNC -> "SELECT INBOX (QRESYNC (<uidvalidity> <highestmodseq>))";
        };
    }

    static ImapQuery of(String label) {
        for (ImapQuery q : values()) if (q.label.equals(label.toLowerCase(Locale.ROOT))) return q;
        throw new IllegalArgumentException("unknown query '" + label + "'; known: " + labels());
    }

    static String labels() {
        return Arrays.stream(values()).map(ImapQuery::label).collect(Collectors.joining(", "));
    }
}
