-- mailstore schema, version 8: the keys IMAP SORT and THREAD order by (RFC 5256, RFC 5957 SORT=DISPLAY), one set
-- per blob, so that sorting or threading a mailbox reads a few short columns per message instead of shipping every
-- cached header to the server to be parsed again.
--
-- The store computes them in Java from the parsed header when it writes the row (org.mailstore.store.mime.SortKeys,
-- through BlobRows.insert, the one writer): base subject extraction with RFC 2047 decoding is not something to
-- write twice. Rows written before this version keep NULL in sort_subject, and the store then computes the keys
-- from the cached header column on every read, with the same Java: the columns are a cache, never the only truth.
-- String keys are stored in i;ascii-casemap form (ASCII letters upper-cased), ready to compare by code point.
ALTER TABLE blobs
    ADD COLUMN sort_subject      text,     -- base subject (RFC 5256 §2.1); NULL: keys not computed for this row
    ADD COLUMN sort_reply        boolean,  -- base subject extraction removed a reply/forward marker
    ADD COLUMN sort_from         text,     -- addr-mailbox of the first From address ('' when none)
    ADD COLUMN sort_display_from text,     -- RFC 5957 display name of the first From address, else its addr-spec
    ADD COLUMN sort_to           text,
    ADD COLUMN sort_display_to   text,
    ADD COLUMN sort_cc           text,
    ADD COLUMN sent_date         bigint,   -- Date: as epoch milliseconds; NULL when absent or unparsable
    ADD COLUMN message_id        text,     -- the Message-ID's msg-id; NULL when absent or invalid
    ADD COLUMN thread_refs       text[];   -- References' msg-ids, or the first of In-Reply-To ('{}' when none)
