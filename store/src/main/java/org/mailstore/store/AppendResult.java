package org.mailstore.store;

/** Where an appended message went: the UIDVALIDITY and UID an IMAP APPENDUID reports (RFC 4315). */
public record AppendResult(long mailboxId, String mailbox, long uidValidity, long uid, long modseq, String blobHash) {}
