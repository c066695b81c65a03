package org.mailstore.reconciler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.maintenance.JournalSink;

/**
 * The journal a repair writes its own changes to (a renumbered mailbox), under an instance id of
 * its own so it never shares segment files with a running server. Opened on first use: a check, or
 * a repair that renumbers nothing, leaves no empty segment behind.
 */
final class RepairJournal implements JournalSink, AutoCloseable {
    private final Path dir;
    private final String instanceId;
    private Journal journal;

    RepairJournal(Path dir, String instanceId) {
        this.dir = dir;
        this.instanceId = instanceId;
    }

    @Override
    public void append(List<JournalRecord> records) throws IOException {
        if (journal == null) journal = Journal.open(dir, instanceId);
        journal.append(records);
    }

    @Override
    public void close() {
        if (journal == null) return;
        try {
            journal.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the reconcile journal failed: " + e.getMessage(), e);
        }
    }
}
