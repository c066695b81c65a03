package org.mailstore.reconciler;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One mailbox as the journal knows it: an (address, UIDVALIDITY) pair, which is what IMAP clients
 * know a mailbox by and what survives the loss of the database (mailbox ids do not: a rebuilt or
 * restored database hands them out again). Holds a summary, never the messages.
 */
final class JournalMailbox {
    final int index;
    final String address;
    final long uidValidity;
    /** Mailbox ids the journal used for it (one, unless the database was rebuilt meanwhile). */
    final Set<Long> journalIds = new HashSet<>(2);
    /** Its name as of the latest record that names it. */
    String name;
    Instant nameAt = Instant.MIN;
    /** Every name it had, with when the journal last used it: tells a stale database name from a newer one. */
    final Map<String, Instant> names = new HashMap<>(2);
    Instant firstAt;
    Instant lastAt;
    /** The latest deletion the journal records for it, or null. */
    Instant deletedAt;
    long minUid = Long.MAX_VALUE;
    long maxUid;
    long maxModseq;
    long appended;
    long expunged;

    JournalMailbox(int index, String address, long uidValidity) {
        this.index = index;
        this.address = address;
        this.uidValidity = uidValidity;
    }

    /** A record of this mailbox at {@code at}; {@code name} null when the record does not carry one. */
    void saw(Instant at, long journalId, String name) {
        journalIds.add(journalId);
        if (firstAt == null || at.isBefore(firstAt)) firstAt = at;
        if (lastAt == null || at.isAfter(lastAt)) lastAt = at;
        named(at, name);
    }

    void named(Instant at, String newName) {
        if (newName == null) return;
        names.merge(newName, at, (a, b) -> a.isAfter(b) ? a : b);
        if (!at.isBefore(nameAt)) {
            name = newName;
            nameAt = at;
        }
    }

    /**
     * Whether a database holding this mailbox under {@code dbName} is behind the journal's rename:
     * the journal used {@code dbName} and later renamed it. A name the journal never used is newer
     * than the journal (the database was renamed after the journal was copied) and wins.
     */
    boolean renamedSince(String dbName) {
        Instant used = names.get(dbName);
        return used != null && !dbName.equals(name) && used.isBefore(nameAt);
    }

    void deleted(Instant at) {
        if (deletedAt == null || at.isAfter(deletedAt)) deletedAt = at;
    }

    /** Deleted, and nothing in the journal used it after the deletion. */
    boolean deleted() {
        return deletedAt != null && (lastAt == null || !lastAt.isAfter(deletedAt));
    }

    /** A deletion the journal itself contradicts: records after it (its transaction rolled back). */
    boolean deletionContradicted() {
        return deletedAt != null && lastAt != null && lastAt.isAfter(deletedAt);
    }

    boolean hasMessages() {
        return appended + expunged > 0;
    }

    @Override
    public String toString() {
        return address + " " + name + " (UIDVALIDITY " + uidValidity + ")";
    }
}
