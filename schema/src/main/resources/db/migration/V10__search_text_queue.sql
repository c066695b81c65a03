-- mailstore schema, version 10: a blob's search text (V7, blob_text) is written after delivery, not during it.
--
-- Writing the blob_text row in the delivery transaction put a pg_trgm GIN entry (hundreds of trigram keys per
-- message) on every delivery's critical path. Measured on a quiet 2-core machine (bench lmtp, 16 connections,
-- 3,000 messages of 4 KiB, one recipient): 123 msg/s, p99 373 ms, 458 MB of WAL with the index; 181 msg/s,
-- p99 145 ms, 25 MB of WAL without it. A larger gin_pending_list_limit did not help (112 msg/s) and
-- fastupdate = off was far worse (22 msg/s). Dovecot indexes asynchronously too (fts_autoindex, indexer-worker).
--
-- So delivery and APPEND only queue the blob's hash here, in their own transaction; the store's
-- SearchTextIndexer (run by serve) takes batches with FOR UPDATE SKIP LOCKED, so several instances share the work
-- and a crash mid-batch leaves the rows queued, writes their blob_text rows and deletes them from the queue.
-- Until then the blob has no blob_text row and is a SEARCH candidate that the evaluator reads: results are the
-- same, only slower. Like blob_text, the queue is derived state and not backed up (restore leaves blobs without
-- search text; mailstore index rebuild fills it).
CREATE TABLE search_text_queue (
    blob_hash bytea PRIMARY KEY REFERENCES blobs (blob_hash) ON DELETE CASCADE,
    queued_at timestamptz NOT NULL DEFAULT now()
);

-- The indexer takes the oldest first.
CREATE INDEX search_text_queue_queued_at_idx ON search_text_queue (queued_at);
