package org.mailstore.store.maintenance;

import java.io.IOException;
import java.util.List;
import org.mailstore.store.journal.JournalRecord;

/** Where a repair writes the journal records of what it changed, durably, before its transaction commits. */
@FunctionalInterface
public interface JournalSink {
    void append(List<JournalRecord> records) throws IOException;
}
