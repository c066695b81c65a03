package org.mailstore.store.journal;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One fact the delivery journal keeps outside the database: enough to rebuild mailboxes and messages, with their original
 * UIDVALIDITY and UIDs, from the blob tree and the journal alone (DESIGN.md invariant 5).
 *
 * <p>Records are values. The two that carry arrays copy them in and out and compare them by content, so a record read back
 * from a segment equals the record that was appended.
 */
public sealed interface JournalRecord {

    /** When the store made the change (the transaction's clock), not when the record reached the disk. */
    Instant at();

    record MailboxCreated(Instant at, long accountId, String address, long mailboxId, String name, long uidValidity)
            implements JournalRecord {
        public MailboxCreated {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(name, "name");
        }
    }

    record MailboxRenamed(Instant at, long accountId, String address, long mailboxId, String oldName, String newName)
            implements JournalRecord {
        public MailboxRenamed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(oldName, "oldName");
            Objects.requireNonNull(newName, "newName");
        }
    }

    record MailboxDeleted(Instant at, long accountId, String address, long mailboxId, String name)
            implements JournalRecord {
        public MailboxDeleted {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(name, "name");
        }
    }

    /** @param flags initial system flags ({@code "\\Seen"}) and keywords, as the store names them */
    record MessageAppended(Instant at, long accountId, String address, long mailboxId, String mailboxName, long uidValidity,
                           long uid, long modseq, byte[] blobHash, Instant internalDate, long size, List<String> flags)
            implements JournalRecord {
        public MessageAppended {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(mailboxName, "mailboxName");
            blobHash = Objects.requireNonNull(blobHash, "blobHash").clone();
            Objects.requireNonNull(internalDate, "internalDate");
            flags = List.copyOf(flags);
        }

        @Override
        public byte[] blobHash() {
            return blobHash.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MessageAppended m
                    && at.equals(m.at) && accountId == m.accountId && address.equals(m.address)
                    && mailboxId == m.mailboxId && mailboxName.equals(m.mailboxName) && uidValidity == m.uidValidity
                    && uid == m.uid && modseq == m.modseq && Arrays.equals(blobHash, m.blobHash)
                    && internalDate.equals(m.internalDate) && size == m.size && flags.equals(m.flags);
        }

        @Override
        public int hashCode() {
            return Objects.hash(at, accountId, address, mailboxId, mailboxName, uidValidity, uid, modseq,
                    Arrays.hashCode(blobHash), internalDate, size, flags);
        }

        @Override
        public String toString() {
            return "MessageAppended[at=" + at + ", accountId=" + accountId + ", address=" + address
                    + ", mailboxId=" + mailboxId + ", mailboxName=" + mailboxName + ", uidValidity=" + uidValidity
                    + ", uid=" + uid + ", modseq=" + modseq + ", blobHash=" + HexFormat.of().formatHex(blobHash)
                    + ", internalDate=" + internalDate + ", size=" + size + ", flags=" + flags + "]";
        }
    }

    /**
     * @param uids the expunged UIDs; at most {@link #MAX_UIDS} per record, so the store splits a larger expunge into
     *             several records of the same modseq
     */
    record MessagesExpunged(Instant at, long accountId, String address, long mailboxId, long uidValidity, long modseq,
                            long[] uids) implements JournalRecord {

        /** Keeps one record (8 bytes per UID) well under {@link Journal#MAX_RECORD_BYTES}. */
        public static final int MAX_UIDS = 1 << 20;

        public MessagesExpunged {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(address, "address");
            uids = Objects.requireNonNull(uids, "uids").clone();
        }

        @Override
        public long[] uids() {
            return uids.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MessagesExpunged m
                    && at.equals(m.at) && accountId == m.accountId && address.equals(m.address)
                    && mailboxId == m.mailboxId && uidValidity == m.uidValidity && modseq == m.modseq
                    && Arrays.equals(uids, m.uids);
        }

        @Override
        public int hashCode() {
            return Objects.hash(at, accountId, address, mailboxId, uidValidity, modseq, Arrays.hashCode(uids));
        }

        @Override
        public String toString() {
            return "MessagesExpunged[at=" + at + ", accountId=" + accountId + ", address=" + address
                    + ", mailboxId=" + mailboxId + ", uidValidity=" + uidValidity + ", modseq=" + modseq
                    + ", uids=" + uids.length + " " + summary(uids) + "]";
        }

        private static String summary(long[] uids) {
            int shown = Math.min(uids.length, 8);
            String head = Arrays.toString(Arrays.copyOf(uids, shown));
            return shown == uids.length ? head : head.substring(0, head.length() - 1) + ", …]";
        }
    }
}
