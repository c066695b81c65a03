package org.mailstore.store;

import java.util.List;

/**
 * What an expunge removed.
 *
 * @param uids   the UIDs removed, ascending; empty when nothing was
 * @param modseq the MODSEQ the expunge took, 0 when it removed nothing (and so took none)
 */
public record ExpungeResult(List<Long> uids, long modseq) {}
