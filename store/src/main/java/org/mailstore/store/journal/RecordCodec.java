package org.mailstore.store.journal;

import java.nio.ByteBuffer;
import java.util.List;
import org.mailstore.store.journal.JournalRecord.MailboxCreated;
import org.mailstore.store.journal.JournalRecord.MailboxDeleted;
import org.mailstore.store.journal.JournalRecord.MailboxRenamed;
import org.mailstore.store.journal.JournalRecord.MessageAppended;
import org.mailstore.store.journal.JournalRecord.MessagesExpunged;

/**
 * Format version 1 payloads, field by field in declaration order of the records (see docs/journal-format.md). Encoding
 * and decoding sit side by side so that a change to one is seen next to the other.
 */
final class RecordCodec {

    private RecordCodec() {
    }

    /** @throws IllegalArgumentException if a field exceeds its bound or the record exceeds {@link RecordFrame#MAX_RECORD_BYTES} */
    static byte[] encode(JournalRecord record) {
        PayloadWriter w = new PayloadWriter().putInstant(record.at());
        switch (record) {
            case MailboxCreated r -> w.putLong(r.accountId()).putString(r.address(), "address")
                    .putLong(r.mailboxId()).putString(r.name(), "name").putLong(r.uidValidity());
            case MailboxRenamed r -> w.putLong(r.accountId()).putString(r.address(), "address")
                    .putLong(r.mailboxId()).putString(r.oldName(), "oldName").putString(r.newName(), "newName");
            case MailboxDeleted r -> w.putLong(r.accountId()).putString(r.address(), "address")
                    .putLong(r.mailboxId()).putString(r.name(), "name");
            case MessageAppended r -> w.putLong(r.accountId()).putString(r.address(), "address")
                    .putLong(r.mailboxId()).putString(r.mailboxName(), "mailboxName").putLong(r.uidValidity())
                    .putLong(r.uid()).putLong(r.modseq()).putHash(r.blobHash(), "blobHash")
                    .putInstant(r.internalDate()).putLong(r.size()).putStrings(r.flags(), "flags");
            case MessagesExpunged r -> w.putLong(r.accountId()).putString(r.address(), "address")
                    .putLong(r.mailboxId()).putLong(r.uidValidity()).putLong(r.modseq())
                    .putLongs(r.uids(), MessagesExpunged.MAX_UIDS, "uids");
        }
        return w.finish(RecordType.of(record));
    }

    /** Decodes a payload whose checksum already matched; the whole payload must be consumed. */
    static JournalRecord decode(RecordType type, ByteBuffer payload) throws CorruptJournalException {
        PayloadReader r = new PayloadReader(payload);
        JournalRecord record = switch (type) {
            case MAILBOX_CREATED -> new MailboxCreated(r.getInstant(), r.getLong(), r.getString(), r.getLong(),
                    r.getString(), r.getLong());
            case MAILBOX_RENAMED -> new MailboxRenamed(r.getInstant(), r.getLong(), r.getString(), r.getLong(),
                    r.getString(), r.getString());
            case MAILBOX_DELETED -> new MailboxDeleted(r.getInstant(), r.getLong(), r.getString(), r.getLong(),
                    r.getString());
            case MESSAGE_APPENDED -> decodeAppended(r);
            case MESSAGES_EXPUNGED -> new MessagesExpunged(r.getInstant(), r.getLong(), r.getString(), r.getLong(),
                    r.getLong(), r.getLong(), r.getLongs(MessagesExpunged.MAX_UIDS));
        };
        r.requireEnd();
        return record;
    }

    private static MessageAppended decodeAppended(PayloadReader r) throws CorruptJournalException {
        var at = r.getInstant();
        long accountId = r.getLong();
        String address = r.getString();
        long mailboxId = r.getLong();
        String mailboxName = r.getString();
        long uidValidity = r.getLong();
        long uid = r.getLong();
        long modseq = r.getLong();
        byte[] blobHash = r.getHash();
        var internalDate = r.getInstant();
        long size = r.getLong();
        List<String> flags = r.getStrings();
        return new MessageAppended(at, accountId, address, mailboxId, mailboxName, uidValidity, uid, modseq, blobHash,
                internalDate, size, flags);
    }
}
