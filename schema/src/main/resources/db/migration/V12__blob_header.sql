-- mailstore schema, version 12: a client's header sync reads narrow rows instead of the wide blobs rows.
--
-- A client's first sync of a mailbox (UID FETCH 1:* (UID FLAGS ... BODY.PEEK[HEADER.FIELDS (...)])) needs of a blob
-- only its top-level header. A blobs row is about 1.3 KB (ENVELOPE, BODY, BODYSTRUCTURE, the parts, the header's
-- search text and the SORT keys beside the header), so after a restart such a sync of 100,000 messages read 148 MB of
-- blobs pages from disk for about 40 MB of headers: 349 of the 414 ms the sync spent reading (docs/benchmarks.md,
-- "The first sync after a restart, continued"). blob_header holds a copy of just what that sync reads.
--
-- Like list_search (V11) it is filled by a trigger, so every writer of blobs rows (delivery, APPEND, the reconciler's
-- cache refill, restores, bulk loads) fills it without knowing of it; a blob's header never changes after insert, so
-- the copy cannot go stale, and it goes with its blob (ON DELETE CASCADE). It is derived data: backups leave it out and
-- a restore's COPY into blobs fills it again. Readers still fall back to blobs for a blob without its row (a load with
-- triggers disabled), so a missing row costs a probe, never a message.
--
-- A statement trigger with a transition table: one INSERT ... SELECT per statement, so a multi-row insert or a
-- restore's COPY costs one extra statement, not one per row; rows an ON CONFLICT DO NOTHING skipped are not in it.
CREATE TABLE blob_header (
    blob_hash   bytea  PRIMARY KEY REFERENCES blobs (blob_hash) ON DELETE CASCADE,
    header_size bigint NOT NULL,
    body_lines  bigint NOT NULL,
    header      bytea  NOT NULL
);

CREATE FUNCTION mailstore_blob_header_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO blob_header (blob_hash, header_size, body_lines, header)
    SELECT n.blob_hash, n.header_size, n.body_lines, n.header FROM inserted_blobs n;
    RETURN NULL;
END
$$;

CREATE TRIGGER blobs_blob_header AFTER INSERT ON blobs REFERENCING NEW TABLE AS inserted_blobs
    FOR EACH STATEMENT EXECUTE FUNCTION mailstore_blob_header_insert();

-- One pass over the existing rows, in the table's physical order, which is the order they were delivered in: a
-- mailbox's UID order, so a sync reads the copy as sequentially as it read blobs (on a large site this migration
-- takes a while: docs/store.md).
INSERT INTO blob_header (blob_hash, header_size, body_lines, header)
SELECT blob_hash, header_size, body_lines, header FROM blobs;
