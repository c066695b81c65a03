-- mailstore schema, version 9: SELECT learns whether a mailbox has any keyword without visiting its rows.
-- SELECT's pass over a mailbox reads every UID; with this partial index (only the rows that carry a keyword)
-- and messages_unseen_idx for the first unseen UID, that pass reads only the primary key (an index-only scan)
-- instead of every heap row, which is most of the cost of a QRESYNC resync of a large mailbox.
CREATE INDEX messages_keywords_idx ON messages (account_id, mailbox_id) WHERE keywords <> '{}';
