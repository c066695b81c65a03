package org.mailstore.store;

import java.util.List;

/**
 * What a STORE with UNCHANGEDSINCE did (RFC 7162 §3.1.3).
 *
 * @param changed  the messages whose flags changed, ascending by UID, each with the one new MODSEQ the command used
 * @param modified the UIDs left alone because their MODSEQ was above the limit, ascending
 */
public record ConditionalStore(List<MessageView> changed, long[] modified) {
    public ConditionalStore {
        changed = List.copyOf(changed);
        modified = modified.clone();
    }
}
