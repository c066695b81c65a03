-- mailstore schema, version 4: what SCRAM-SHA-256 (RFC 5802, RFC 7677) needs to check a client's proof without
-- the password: salt, iteration count, StoredKey = H(HMAC(SaltedPassword, "Client Key")) and
-- ServerKey = HMAC(SaltedPassword, "Server Key"). Written by `account add` and `account passwd` beside the
-- Argon2id hash (which PLAIN and LOGIN keep using). Accounts created before this version have NULLs here until
-- their next password change; SCRAM then fails for them exactly like a wrong password.
ALTER TABLE accounts
    ADD COLUMN scram_salt       bytea,
    ADD COLUMN scram_iterations integer,
    ADD COLUMN scram_stored_key bytea,
    ADD COLUMN scram_server_key bytea,
    ADD CONSTRAINT accounts_scram_complete CHECK (
        (scram_salt IS NULL AND scram_iterations IS NULL AND scram_stored_key IS NULL AND scram_server_key IS NULL)
        OR (scram_salt IS NOT NULL AND scram_iterations >= 4096 AND octet_length(scram_stored_key) = 32
            AND octet_length(scram_server_key) = 32));
