-- mailstore schema, version 11: SEARCH on From, To, Cc, Bcc and Subject, and SEARCH on \Flagged, without a
-- probe per message.
--
-- Since V6, SEARCH SUBJECT (and FROM, TO, ...) ruled messages out with strpos() on blobs.header_search, which
-- cost one blobs primary-key probe per message of the mailbox: 3.3 ms for 1,000 messages on an idle machine and
-- the dearest statement of an IMAP session by far (docs/benchmarks.md, IMAP). messages.list_search keeps, in the
-- message's own row, the lines of header_search that hold those five fields (header_search's unfolded,
-- ASCII-lower-cased text, one line per field, in header order, joined by LF; '' when the header has none of
-- them). NULL means "not known": the blob has no search text (encoded-words, 8-bit bytes), and SEARCH then
-- asks blobs as before. Like header_search it is a necessary condition only, never the answer.
--
-- The row is filled by a trigger, so that every writer of messages rows (delivery, APPEND, COPY, MOVE, the
-- reconciler's repairs and renumbering, restores, bulk loads) fills it without knowing of it; blob_hash never
-- changes after insert, nor does a blob's header_search, so the copy cannot go stale.
--
-- PL/pgSQL, not SQL: PostgreSQL 17 plans a SQL function's body on every call that does not inline it, while
-- PL/pgSQL keeps the plan for the session.
CREATE FUNCTION mailstore_list_search(header_search text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN (SELECT coalesce(string_agg(l.line, E'\n' ORDER BY l.n), '')
            FROM regexp_split_to_table(header_search, E'\n') WITH ORDINALITY AS l (line, n)
            WHERE l.line ~ '^(from|to|cc|bcc|subject)[ \t]*:');
END
$$;

ALTER TABLE messages ADD COLUMN list_search text;

CREATE FUNCTION mailstore_messages_list_search() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.list_search := (SELECT mailstore_list_search(b.header_search) FROM blobs b WHERE b.blob_hash = NEW.blob_hash);
    RETURN NEW;
END
$$;

CREATE TRIGGER messages_list_search BEFORE INSERT OR UPDATE OF blob_hash ON messages
    FOR EACH ROW EXECUTE FUNCTION mailstore_messages_list_search();

-- One pass over the existing rows (a rewrite of each; on a large site this migration takes a while: see
-- docs/store.md). The trigger does not fire here: blob_hash is not in the SET list.
UPDATE messages m SET list_search = mailstore_list_search(b.header_search)
FROM blobs b WHERE b.blob_hash = m.blob_hash;

-- SEARCH FLAGGED read every row of the mailbox (its rows lie on as many heap pages as it has messages when
-- deliveries to many accounts interleave). Flag changes are never HOT updates anyway (modseq is indexed), so
-- this index costs one entry per flagged message and nothing on other updates.
CREATE INDEX messages_flagged_idx ON messages (account_id, mailbox_id, uid) WHERE flagged;
