package org.mailstore.store;

import java.util.Locale;
import java.util.Set;

/**
 * A string every match of a SEARCH must have in the named header field: {@code text} already case-folded the way
 * SEARCH folds its strings (ASCII letters lower-case). {@link Messages#candidateUids} rules out messages with it.
 */
public record HeaderSubstring(String field, String text) {
    /**
     * The fields whose lines each message row carries in {@code messages.list_search} (schema V11, the
     * {@code mailstore_list_search} function): a string wanted in one of these is looked for there, without a
     * probe of the message's blob row.
     */
    static final Set<String> LISTED_FIELDS = Set.of("from", "to", "cc", "bcc", "subject");

    boolean inListedField() {
        return LISTED_FIELDS.contains(field.toLowerCase(Locale.ROOT));
    }
}
