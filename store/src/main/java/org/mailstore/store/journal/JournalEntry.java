package org.mailstore.store.journal;

import java.util.Objects;

/** A record as read back from the journal, with the place it was found. */
public record JournalEntry(JournalPosition position, JournalRecord record) {
    public JournalEntry {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(record, "record");
    }
}
