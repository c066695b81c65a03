package org.mailstore.imapd.sort;

import java.util.ArrayList;
import java.util.List;

/**
 * A container of RFC 5256's threading: a message (by index into {@link MessageKeys}) or a dummy standing for a
 * message that was referenced but is not in the set being threaded.
 */
final class ThreadNode {
    static final int DUMMY = -1;

    int message;
    ThreadNode parent;
    final List<ThreadNode> children = new ArrayList<>(1);

    ThreadNode(int message) {
        this.message = message;
    }

    boolean dummy() {
        return message == DUMMY;
    }

    /**
     * Whether making {@code child} a child of this node would close a loop: it is this node or one of its ancestors.
     * A node without children is nobody's ancestor, which spares the walk up for almost every message.
     */
    boolean wouldLoopWith(ThreadNode child) {
        if (child == this) return true;
        if (child.children.isEmpty()) return false;
        for (ThreadNode n = parent; n != null; n = n.parent) {
            if (n == child) return true;
        }
        return false;
    }

    void addChild(ThreadNode child) {
        child.parent = this;
        children.add(child);
    }

    void unlink() {
        if (parent != null) {
            parent.children.remove(this);
            parent = null;
        }
    }

    /** The message whose date and subject stand for this node: its own, or a dummy's first child's (§3 steps 5-7). */
    int representative() {
        ThreadNode n = this;
        while (n.dummy() && !n.children.isEmpty()) n = n.children.getFirst();
        return n.message;
    }
}
