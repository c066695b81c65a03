package org.mailstore.store;

import java.util.List;

/**
 * What changed in a mailbox above a MODSEQ a session knew, read by {@link Messages#changes} in one transaction.
 *
 * @param highestModseq the mailbox's HIGHESTMODSEQ, read before the changes: the session knows the mailbox up to it
 *                      once it has these changes
 * @param changed       messages whose MODSEQ is above the known one (flag changes and arrivals), ascending by UID;
 *                      empty when {@code highestModseq} is not above it
 * @param expunged      UIDs expunged above the known MODSEQ, ascending; empty unless asked for
 */
public record MailboxChanges(long highestModseq, List<MessageView> changed, long[] expunged) {}
