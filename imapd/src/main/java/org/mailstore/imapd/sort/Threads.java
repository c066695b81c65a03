package org.mailstore.imapd.sort;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * RFC 5256 §3's two threading algorithms over the messages of {@link MessageKeys}, answered as the THREAD response's
 * text ({@link ThreadWriter}).
 */
public final class Threads {
    private Threads() {}

    /** ORDEREDSUBJECT, written with {@code number} turning an index into its sequence number or UID. */
    public static String orderedSubject(MessageKeys keys, IntToLongFunction number) {
        return ThreadWriter.write(orderedSubjectRoots(keys), number);
    }

    /** REFERENCES, written likewise. */
    public static String references(MessageKeys keys, IntToLongFunction number) {
        return ThreadWriter.write(referencesRoots(keys), number);
    }

    /**
     * Sorted by base subject, then sent date; each run of one base subject is a thread whose first message is the
     * parent of all the others; threads ordered by their first message's sent date.
     */
    static List<ThreadNode> orderedSubjectRoots(MessageKeys keys) {
        Integer[] order = new Integer[keys.count()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.<Integer, String>comparing(keys::subject, MessageKeys::compareStrings)
                .thenComparing(keys::compareSent));
        List<ThreadNode> roots = new ArrayList<>();
        ThreadNode current = null;
        for (int i : order) {
            if (current != null && keys.subject(current.message).equals(keys.subject(i))) {
                current.addChild(new ThreadNode(i));
            } else {
                current = new ThreadNode(i);
                roots.add(current);
            }
        }
        roots.sort((a, b) -> keys.compareSent(a.message, b.message));
        return roots;
    }

    static List<ThreadNode> referencesRoots(MessageKeys keys) {
        List<ThreadNode> roots = link(keys);
        prune(roots);
        Comparator<ThreadNode> bySent = (a, b) -> keys.compareSent(a.representative(), b.representative());
        // (5) top level by sent date, a dummy by its earliest child
        for (ThreadNode r : roots) if (r.dummy()) r.children.sort(bySent);
        roots.sort(bySent);
        List<ThreadNode> merged = mergeBySubject(keys, roots);
        sortAll(merged, bySent);
        return merged;
    }

    /** Steps (1) to (3): containers by Message-ID, parents from References, and the root set. */
    private static List<ThreadNode> link(MessageKeys keys) {
        Map<String, ThreadNode> byId = new HashMap<>();
        List<ThreadNode> nodes = new ArrayList<>(keys.count() * 2);
        for (int i = 0; i < keys.count(); i++) {
            // (1A) each reference the parent of the next, unless that one has a parent already or it would loop
            ThreadNode previous = null;
            for (String ref : keys.references(i)) {
                ThreadNode node = byId.get(ref);
                if (node == null) {
                    node = new ThreadNode(ThreadNode.DUMMY);
                    byId.put(ref, node);
                    nodes.add(node);
                }
                if (previous != null && node.parent == null && !previous.wouldLoopWith(node)) {
                    previous.addChild(node);
                }
                previous = node;
            }
            // (1B) the message's own container: a missing or duplicate Message-ID gets a container of its own
            String id = keys.messageId(i);
            ThreadNode own = id == null ? null : byId.get(id);
            if (own == null || !own.dummy()) {
                own = new ThreadNode(i);
                if (id != null && !byId.containsKey(id)) byId.put(id, own);
                nodes.add(own);
            } else {
                own.message = i;
            }
            // a parent from someone else's References may be from a truncated list: the message's own wins
            own.unlink();
            if (previous != null && !previous.wouldLoopWith(own)) previous.addChild(own);
        }
        List<ThreadNode> roots = new ArrayList<>();
        for (ThreadNode n : nodes) if (n.parent == null) roots.add(n);
        return roots;
    }

    /**
     * (4) Dummies without children go; dummies with children give them to their parent, except at the top where a
     * dummy with several children stays (it holds their thread together). Bottom-up, without recursion.
     */
    private static void prune(List<ThreadNode> roots) {
        List<ThreadNode> postOrder = postOrder(roots);
        for (ThreadNode n : postOrder) {
            if (!n.dummy() || n.parent == null) continue;
            ThreadNode parent = n.parent;
            int at = parent.children.indexOf(n);
            parent.children.remove(at);
            for (ThreadNode c : n.children) c.parent = parent;
            parent.children.addAll(at, n.children);
            n.children.clear();
            n.parent = null;
        }
        List<ThreadNode> kept = new ArrayList<>(roots.size());
        for (ThreadNode r : roots) {
            if (!r.dummy()) {
                kept.add(r);
            } else if (r.children.size() == 1) {
                ThreadNode only = r.children.getFirst();
                only.parent = null;
                kept.add(only);
            } else if (r.children.size() > 1) {
                kept.add(r);
            }
        }
        roots.clear();
        roots.addAll(kept);
    }

    /** Every node below the roots, children before parents. */
    private static List<ThreadNode> postOrder(List<ThreadNode> roots) {
        List<ThreadNode> preOrder = new ArrayList<>();
        java.util.ArrayDeque<ThreadNode> stack = new java.util.ArrayDeque<>();
        for (ThreadNode r : roots) {
            for (ThreadNode c : r.children) stack.push(c);
        }
        while (!stack.isEmpty()) {
            ThreadNode n = stack.pop();
            preOrder.add(n);
            for (ThreadNode c : n.children) stack.push(c);
        }
        return preOrder.reversed();
    }

    /** (6) Threads whose subjects have the same base subject become one. */
    private static List<ThreadNode> mergeBySubject(MessageKeys keys, List<ThreadNode> roots) {
        Map<String, ThreadNode> table = new HashMap<>();
        for (ThreadNode r : roots) {
            String subject = keys.subject(r.representative());
            if (subject.isEmpty()) continue;
            ThreadNode there = table.get(subject);
            if (there == null || (!there.dummy() && (r.dummy()
                    || (keys.replyOrForward(there.message) && !keys.replyOrForward(r.message))))) {
                table.put(subject, r);
            }
        }
        List<ThreadNode> out = new ArrayList<>(roots.size());
        java.util.Set<ThreadNode> gone = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Map<ThreadNode, ThreadNode> replaced = new java.util.IdentityHashMap<>();
        for (ThreadNode r : roots) {
            String subject = keys.subject(r.representative());
            ThreadNode there = subject.isEmpty() ? null : table.get(subject);
            if (there == null || there == r) continue;
            gone.add(r);
            if (r.dummy() && there.dummy()) {
                for (ThreadNode c : r.children) c.parent = there;
                there.children.addAll(r.children);
                r.children.clear();
            } else if (there.dummy()) {
                there.addChild(r);
            } else if (keys.replyOrForward(r.message) && !keys.replyOrForward(there.message)) {
                there.addChild(r);
            } else {
                ThreadNode dummy = new ThreadNode(ThreadNode.DUMMY);
                replaced.put(there, dummy);
                dummy.addChild(there);
                dummy.addChild(r);
                table.put(subject, dummy);
            }
        }
        for (ThreadNode r : roots) {
            if (gone.contains(r)) continue;
            ThreadNode top = r;
            while (replaced.containsKey(top)) top = replaced.get(top);
            out.add(top);
        }
        return out;
    }

    /** (7) Every set of siblings by sent date, deepest first, so a dummy's first child is known when it is placed. */
    private static void sortAll(List<ThreadNode> roots, Comparator<ThreadNode> bySent) {
        for (ThreadNode n : postOrder(roots)) n.children.sort(bySent);
        for (ThreadNode r : roots) r.children.sort(bySent);
        roots.sort(bySent);
    }
}
