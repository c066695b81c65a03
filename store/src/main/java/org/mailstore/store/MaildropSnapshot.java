package org.mailstore.store;

/**
 * A mailbox as POP3 lists it, read in one transaction: its UIDVALIDITY and, in UID order, each
 * message's UID, size and blob hash (32 raw SHA-256 bytes; {@link java.util.HexFormat} gives the
 * hex that {@link Messages#open(String)} takes). Parallel arrays, so 100,000 messages cost a few
 * MB and no per-message objects beyond the hashes.
 */
public record MaildropSnapshot(long mailboxId, long uidValidity, long[] uids, long[] sizes, byte[][] blobHashes) {
    public int count() {
        return uids.length;
    }
}
