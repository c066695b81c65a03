package org.mailstore.store;

/** A mailbox as listed: its IMAP identity and counters, all read from the database. */
public record MailboxInfo(long id, String name, long uidValidity, long uidNext, long highestModseq, String specialUse,
                          long messages, long unseen, long size) {}
