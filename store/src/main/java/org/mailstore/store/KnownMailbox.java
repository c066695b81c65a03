package org.mailstore.store;

/**
 * What a session already knows of the mailbox it has selected, offered to {@link Mailboxes#select} when the client
 * selects it again: the UIDs it holds, exactly the mailbox's messages at {@code modseq} (every change above it is
 * still to be learnt, as for {@link Messages#changes}; UIDs expunged at or below it removed).
 *
 * @param mailboxId   the mailbox id
 * @param uidValidity its UIDVALIDITY when the session selected it
 * @param modseq      the MODSEQ the session knows the mailbox up to
 * @param uids        the UIDs, ascending (read, never changed)
 */
public record KnownMailbox(long mailboxId, long uidValidity, long modseq, long[] uids) {}
