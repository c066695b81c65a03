package org.mailstore.store;

/** Just enough of a mailbox to write to it and journal what was written. */
record MailboxRef(long accountId, String address, long mailboxId, String name, long uidValidity) {}
