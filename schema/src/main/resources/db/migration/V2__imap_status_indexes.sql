-- mailstore schema, version 2: what IMAP STATUS, SELECT and EXPUNGE count without visiting every row.
-- Like messages_unseen_idx, a partial index holds only the few rows it describes, so counting the
-- \Deleted messages of a mailbox (STATUS DELETED, EXPUNGE) reads an index of a handful of entries
-- instead of the mailbox's heap.
CREATE INDEX messages_deleted_idx ON messages (account_id, mailbox_id, uid) WHERE deleted;
