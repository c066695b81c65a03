-- mailstore schema, version 6: let SEARCH on header fields (SUBJECT, FROM, HEADER ...) skip messages in SQL.
-- Without it every such SEARCH shipped each cached header of the mailbox to the server and parsed it there.
--
-- blobs.header_search is the top-level header made comparable with a plain strpos(): CRs removed, each LF
-- that starts a continuation line removed (RFC 5322 unfolding), ASCII A-Z lower-cased. It is only written
-- for a header of 7-bit bytes (no NUL) without RFC 2047 encoded-words ("=?") and without backslashes:
-- then the decoded text IMAP compares with is exactly those bytes. Any other header gets NULL, which
-- SEARCH treats as "may match" and evaluates in full, as it does for rows written before this column
-- existed (restored backups, bulk loads). The column is a necessary condition, never the answer.
--
-- The store computes the same text in Java at delivery and APPEND (org.mailstore.store.mime.HeaderSearchText);
-- this function fills the existing rows and is the reference the store's tests compare the Java against.
CREATE FUNCTION mailstore_header_search(header bytea) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN position('\x3d3f'::bytea IN header) > 0 THEN NULL          -- "=?": encoded-words decode to other text
        WHEN position('\x5c'::bytea IN header) > 0 THEN NULL            -- a backslash, so the check below can use escape
        WHEN position('\' IN encode(header, 'escape')) > 0 THEN NULL   -- a NUL or 8-bit byte (escaped as \nnn)
        ELSE regexp_replace(
                 replace(translate(convert_from(header, 'UTF8'),
                                   'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
                         E'\r', ''),
                 E'\n([ \t])', '\1', 'g')
    END
$$;

ALTER TABLE blobs ADD COLUMN header_search text;
UPDATE blobs SET header_search = mailstore_header_search(header);
