-- mailstore schema, version 2: find a mailbox's \\Deleted messages without visiting all its rows.
-- IMAP EXPUNGE, CLOSE and UID EXPUNGE delete "the messages with \\Deleted" of a mailbox; like
-- messages_unseen_idx, this partial index holds only the few rows it describes, so an EXPUNGE in a
-- mailbox of a million messages reads a handful of index entries instead of the mailbox's heap.
CREATE INDEX messages_deleted_idx ON messages (account_id, mailbox_id, uid) WHERE deleted;
