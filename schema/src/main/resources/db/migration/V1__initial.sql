-- mailstore schema, version 1.
-- Every per-user table carries account_id and keys on it first, so metadata can later be
-- distributed by account. The two blob-keyed tables (blobs) describe user-agnostic content,
-- exactly like the blob tree itself; under Citus they would be reference tables.

CREATE TABLE accounts (
    account_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    address        text        NOT NULL,          -- lower-cased local@domain
    password_hash  text        NOT NULL,          -- PHC string (argon2id), never plaintext
    disabled       boolean     NOT NULL DEFAULT false,
    -- Highest UIDVALIDITY ever given to one of this account's mailboxes, so a mailbox deleted and
    -- re-created under the same name never gets its old UIDVALIDITY back (invariant 4).
    last_uidvalidity bigint    NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_address_key UNIQUE (address),
    CONSTRAINT accounts_address_lower CHECK (address = lower(address))
);

-- Storage limits and usage, one row per account, updated in the same transaction as the
-- messages it counts. NULL limit = unlimited.
CREATE TABLE quotas (
    account_id      bigint NOT NULL PRIMARY KEY REFERENCES accounts ON DELETE CASCADE,
    storage_limit   bigint,
    message_limit   bigint,
    storage_used    bigint NOT NULL DEFAULT 0 CHECK (storage_used >= 0),
    messages_used   bigint NOT NULL DEFAULT 0 CHECK (messages_used >= 0)
);

CREATE TABLE mailboxes (
    account_id       bigint  NOT NULL REFERENCES accounts ON DELETE CASCADE,
    mailbox_id       bigint  GENERATED ALWAYS AS IDENTITY,
    name             text    NOT NULL,            -- full hierarchical name, '/' separated, UTF-8
    uidvalidity      bigint  NOT NULL CHECK (uidvalidity BETWEEN 1 AND 4294967295),
    uidnext          bigint  NOT NULL DEFAULT 1 CHECK (uidnext BETWEEN 1 AND 4294967296),
    highestmodseq    bigint  NOT NULL DEFAULT 1 CHECK (highestmodseq >= 1),
    -- Messages with uid >= first_recent_uid are \Recent for the next session that claims them.
    first_recent_uid bigint  NOT NULL DEFAULT 1,
    special_use      text    CHECK (special_use IN ('\All','\Archive','\Drafts','\Flagged','\Junk','\Sent','\Trash')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, mailbox_id),
    CONSTRAINT mailboxes_name_key UNIQUE (account_id, name),
    CONSTRAINT mailboxes_mailbox_id_key UNIQUE (mailbox_id)
);

-- IMAP subscriptions are names, not mailboxes: RFC 3501 lets a client subscribe to a name
-- that does not (yet, or any longer) exist.
CREATE TABLE subscriptions (
    account_id bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    name       text   NOT NULL,
    PRIMARY KEY (account_id, name)
);

-- One row per stored blob: its size and the MIME metadata parsed once when it was first stored,
-- so listing, ENVELOPE, BODYSTRUCTURE and header fetches never open the blob.
CREATE TABLE blobs (
    blob_hash      bytea   NOT NULL PRIMARY KEY CHECK (length(blob_hash) = 32),  -- SHA-256
    size           bigint  NOT NULL CHECK (size >= 0),
    header_size    bigint  NOT NULL,             -- bytes of the top-level header incl. blank line
    body_lines     bigint  NOT NULL,
    header         bytea   NOT NULL,             -- the top-level header block, verbatim
    envelope       text    NOT NULL,             -- IMAP ENVELOPE, ready to send
    body           text    NOT NULL,             -- IMAP BODY (non-extensible form)
    bodystructure  text    NOT NULL,             -- IMAP BODYSTRUCTURE (extensible form)
    parts          jsonb   NOT NULL,             -- per part: section, header/body offsets and sizes
    stored_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE messages (
    account_id     bigint      NOT NULL,
    mailbox_id     bigint      NOT NULL,
    uid            bigint      NOT NULL CHECK (uid BETWEEN 1 AND 4294967295),
    modseq         bigint      NOT NULL CHECK (modseq >= 1),
    seen           boolean     NOT NULL DEFAULT false,
    answered       boolean     NOT NULL DEFAULT false,
    flagged        boolean     NOT NULL DEFAULT false,
    deleted        boolean     NOT NULL DEFAULT false,
    draft          boolean     NOT NULL DEFAULT false,
    keywords       text[]      NOT NULL DEFAULT '{}',
    internal_date  timestamptz NOT NULL,
    size           bigint      NOT NULL CHECK (size >= 0),
    blob_hash      bytea       NOT NULL REFERENCES blobs,
    saved_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, mailbox_id, uid),
    FOREIGN KEY (account_id, mailbox_id) REFERENCES mailboxes ON DELETE CASCADE
);
CREATE INDEX messages_modseq_idx ON messages (account_id, mailbox_id, modseq);
CREATE INDEX messages_blob_idx ON messages (blob_hash);
CREATE INDEX messages_unseen_idx ON messages (account_id, mailbox_id, uid) WHERE NOT seen;

-- Expunged UIDs with the MODSEQ of their expunge, kept for QRESYNC (RFC 7162) VANISHED replies.
CREATE TABLE expunged (
    account_id   bigint      NOT NULL,
    mailbox_id   bigint      NOT NULL,
    uid          bigint      NOT NULL,
    modseq       bigint      NOT NULL,
    expunged_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, mailbox_id, uid),
    FOREIGN KEY (account_id, mailbox_id) REFERENCES mailboxes ON DELETE CASCADE
);
CREATE INDEX expunged_modseq_idx ON expunged (account_id, mailbox_id, modseq);
