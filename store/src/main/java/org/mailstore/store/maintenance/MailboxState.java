package org.mailstore.store.maintenance;

/** A mailbox row: identity, IMAP counters and special use (null when none). */
public record MailboxState(long accountId, long mailboxId, String name, long uidValidity, long uidNext, long highestModseq,
                           String specialUse) {}
