package org.mailstore.store.journal;

import java.util.Optional;

/** The type byte of a record. Codes are part of the on-disk format: never renumber or reuse one. */
enum RecordType {
    MAILBOX_CREATED(1),
    MAILBOX_RENAMED(2),
    MAILBOX_DELETED(3),
    MESSAGE_APPENDED(4),
    MESSAGES_EXPUNGED(5);

    final int code;

    RecordType(int code) {
        this.code = code;
    }

    static RecordType of(JournalRecord record) {
        return switch (record) {
            case JournalRecord.MailboxCreated r -> MAILBOX_CREATED;
            case JournalRecord.MailboxRenamed r -> MAILBOX_RENAMED;
            case JournalRecord.MailboxDeleted r -> MAILBOX_DELETED;
            case JournalRecord.MessageAppended r -> MESSAGE_APPENDED;
            case JournalRecord.MessagesExpunged r -> MESSAGES_EXPUNGED;
        };
    }

    static Optional<RecordType> ofCode(int code) {
        for (RecordType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
