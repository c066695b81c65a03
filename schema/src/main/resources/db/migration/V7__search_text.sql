-- mailstore schema, version 7: let SEARCH TEXT and BODY skip messages in SQL instead of reading every blob.
--
-- blob_text.text is what the store extracts from a message at delivery and APPEND
-- (org.mailstore.store.mime.SearchText): the top-level header fields, encoded-words decoded, and the decoded
-- text/* parts (quoted-printable and base64 undone, charsets read), case-folded the way SEARCH folds its strings.
-- It belongs to the blob, so every message with that hash shares it. A blob with no row here (stored before
-- this version, restored, not yet backfilled) or with a NULL text (too long, or text the store does not index)
-- is always a candidate: the text narrows a search, the evaluator still decides every message it lets through.
--
-- pg_trgm's GIN index answers text LIKE '%needle%' from the needle's trigrams. pg_trgm is a trusted extension
-- (PostgreSQL 13+), so a database owner may create it; on a server where it is missing, an administrator runs
-- CREATE EXTENSION pg_trgm once in the mailstore database before the migration.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE blob_text (
    blob_hash bytea PRIMARY KEY REFERENCES blobs (blob_hash) ON DELETE CASCADE,
    text      text
);

CREATE INDEX blob_text_trgm ON blob_text USING gin (text gin_trgm_ops);
