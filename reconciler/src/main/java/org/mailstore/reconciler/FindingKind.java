package org.mailstore.reconciler;

/** What a reconcile can find, with the name the JSON report and the summary use. */
public enum FindingKind {
    /** The journal knows an account the database lacks; rebuilt, unable to log in until a password is set. */
    ACCOUNT_RECREATED("account-recreated"),
    /** The journal shows the account deleted (its INBOX deleted) after the database's copy. */
    ACCOUNT_DELETED("account-deleted"),
    MAILBOX_RECREATED("mailbox-recreated"),
    MAILBOX_RENAMED("mailbox-renamed"),
    MAILBOX_DELETED("mailbox-deleted"),
    /** A rename or re-creation could not take its name: another mailbox has it. */
    MAILBOX_NAME_TAKEN("mailbox-name-taken"),
    /** A journal mailbox the database has seen and dropped (its UIDVALIDITY is below the account's floor); not re-created. */
    MAILBOX_SUPERSEDED("mailbox-superseded"),
    /** A journal deletion contradicted by later use of the mailbox (its transaction rolled back); not honoured. */
    MAILBOX_DELETION_IGNORED("mailbox-deletion-ignored"),
    /** The account's UIDVALIDITY floor was below a UIDVALIDITY the journal shows handed out. */
    UIDVALIDITY_FLOOR_RAISED("uidvalidity-floor-raised"),
    /** A message the journal holds and the database lacks, put back with its original UID. */
    MESSAGE_REPLAYED("message-replayed"),
    /** An expunge the journal holds and the database lacks: the row removed, or the UID recorded as expunged. */
    EXPUNGE_REPLAYED("expunge-replayed"),
    /** A journal expunge the database has seen past and still holds the message: its transaction rolled back. */
    EXPUNGE_NOT_HONOURED("expunge-not-honoured"),
    /** A journal message whose blob is in no blob tree: cannot be put back until the blob is restored. */
    JOURNAL_BLOB_MISSING("journal-blob-missing"),
    /** One UID named different blobs in the database and the journal (or twice in the journal). */
    UID_CONFLICT("uid-conflict"),
    /** The mailbox got a new UIDVALIDITY and its messages new UIDs, because of a UID conflict. */
    UIDVALIDITY_BUMPED("uidvalidity-bumped"),
    UIDNEXT_RAISED("uidnext-raised"),
    HIGHESTMODSEQ_RAISED("highestmodseq-raised"),
    /** Messages put back carry the flags they had at delivery; later flag changes are lost. */
    FLAGS_FROM_DELIVERY("flags-from-delivery"),
    /** A message row whose blob is not in the tree. */
    MISSING_BLOB("missing-blob"),
    /** A blob whose bytes no longer hash to its name; moved to quarantine. */
    CORRUPT_BLOB("corrupt-blob"),
    /** A blob referenced by no message and no journal record; left for gc. */
    ORPHAN_BLOB("orphan-blob");

    private final String json;

    FindingKind(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
