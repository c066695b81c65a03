package org.mailstore.store.maintenance;

import org.mailstore.blobstore.BlobId;

/** Where one message lives, for reports: account, mailbox, UIDVALIDITY and UID, and the blob it references. */
public record MessageRef(long accountId, String address, long mailboxId, String mailbox, long uidValidity, long uid, BlobId blob) {}
