package org.mailstore.store;

/**
 * A mailbox's counters for IMAP SELECT/EXAMINE and STATUS, read in one database round trip.
 *
 * @param messages       messages in the mailbox
 * @param recent         messages with {@code uid >= first_recent_uid}: not yet claimed by a session (RFC 3501 \Recent)
 * @param unseen         messages without \Seen
 * @param deleted        messages with \Deleted
 * @param size           sum of their RFC822.SIZE (RFC 8438 STATUS SIZE)
 * @param uidNext        the UID the next message will get
 * @param uidValidity    the mailbox's UIDVALIDITY
 * @param highestModseq  its HIGHESTMODSEQ
 * @param firstUnseenUid the lowest UID without \Seen, 0 if every message is seen
 */
public record MailboxStatus(long messages, long recent, long unseen, long deleted, long size, long uidNext,
                            long uidValidity, long highestModseq, long firstUnseenUid) {}
