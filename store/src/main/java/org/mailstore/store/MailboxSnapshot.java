package org.mailstore.store;

import java.util.List;

/**
 * What IMAP SELECT and EXAMINE need of a mailbox, read in one transaction by {@link Mailboxes#select}.
 *
 * @param id             the mailbox id
 * @param name           its name
 * @param uidValidity    its UIDVALIDITY
 * @param uidNext        the UID the next message will get, never below the last UID of {@code uids} plus one
 * @param highestModseq  its HIGHESTMODSEQ, read before the UIDs: every change above it is still to be learnt
 * @param uids           every UID, ascending (the session's UID-to-sequence map; the array is the caller's)
 * @param firstUnseenUid the lowest UID without \Seen, 0 if every message is seen
 * @param keywords       the distinct keywords set on its messages, ascending, at most {@link Flags#MAX_KEYWORDS}
 * @param recentFrom     with {@code recentTo}, the UIDs {@code [recentFrom, recentTo)} that are \Recent (RFC 3501
 *                       §2.3.2): claimed for the caller by SELECT, or for EXAMINE those no session has claimed yet
 * @param recentTo       the end of that range, exclusive
 */
public record MailboxSnapshot(long id, String name, long uidValidity, long uidNext, long highestModseq, long[] uids,
                              long firstUnseenUid, List<String> keywords, long recentFrom, long recentTo) {}
