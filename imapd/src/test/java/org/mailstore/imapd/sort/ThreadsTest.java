package org.mailstore.imapd.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.store.mime.BaseSubject;
import org.mailstore.store.mime.SortKeys;

/** RFC 5256 §3 ORDEREDSUBJECT and REFERENCES on hand-made keys; message n is index n-1, sent at minute n unless said. */
class ThreadsTest {

    private final List<SortKeys> messages = new ArrayList<>();

    private void add(String subject, String id, long minute, String... references) {
        messages.add(new SortKeys(BaseSubject.of(subject), "", "", "", "", "", minute * 60_000, id, List.of(references)));
    }

    private MessageKeys keys() {
        MessageKeys keys = new MessageKeys(messages.size(), EnumSet.of(MessageKeys.Column.THREADING));
        for (int i = 0; i < messages.size(); i++) keys.set(i, 0, 0, messages.get(i));
        return keys;
    }

    private String references() {
        return Threads.references(keys(), i -> i + 1);
    }

    private String orderedSubject() {
        return Threads.orderedSubject(keys(), i -> i + 1);
    }

    @Test
    void orderedSubjectGroupsByBaseSubjectUnderTheFirstMessage() {
        add("Re: Hello", null, 3);
        add("hello", null, 1);
        add("Other", null, 2);
        add("Hello (fwd)", null, 4);
        add("[list] other", null, 9);
        add("Single", null, 0);
        assertEquals("(6)(2 (1)(4))(3 5)", orderedSubject());
    }

    @Test
    void orderedSubjectBreaksDateTiesBySequence() {
        add("b", null, 5);
        add("a", null, 5);
        add("a", null, 5);
        assertEquals("(1)(2 3)", orderedSubject());
    }

    @Test
    void referencesLinksParentsAndKeepsMissingOnesAsDummies() {
        add("A", "<1@x>", 1);
        add("Re: A", "<2@x>", 2, "<1@x>");
        add("Re: A", "<3@x>", 3, "<1@x>", "<2@x>");
        add("Re: A", "<4@x>", 4, "<1@x>");
        add("B", "<5@x>", 5, "<missing@x>");
        add("Re: B", "<6@x>", 6, "<missing@x>");
        add("C", "<7@x>", 7, "<gone@x>");
        add("Re: C", null, 8);
        add("D", "<9@x>", 9, "<10@x>");
        add("E", "<10@x>", 10, "<9@x>");
        add("F", "<1@x>", 11);
        add("F", "<12@x>", 12);
        add("B", "<13@x>", 13);
        // 1: a tree; 5, 6 and 13: siblings under a dummy kept at the top; 7's dummy parent is pruned and the reply 8
        // joins it by subject; 9 and 10 would loop, so 10 keeps 9 and 9 does not take 10; 11 repeats 1's Message-ID
        // and stands alone, then shares a dummy with 12 (same subject, neither a reply).
        assertEquals("(1 (2 3)(4))((5)(6)(13))(7 8)(10 9)((11)(12))", references());
    }

    @Test
    void aTruncatedReferencesListGivesWayToTheMessagesOwn() {
        add("x", "<a@x>", 1);
        add("y", "<c@x>", 3, "<b@x>"); // makes c a child of the unknown b
        add("z", "<d@x>", 4, "<a@x>", "<c@x>"); // a then c: c already has a parent, so the link a->c is not made
        add("w", "<b@x>", 2, "<a@x>"); // b arrives: its own References make it a's child
        assertEquals("(1 4 2 3)", references());
    }

    @Test
    void selfReferenceAndEmptySetAreHarmless() {
        assertEquals("", references());
        add("loop", "<s@x>", 1, "<s@x>");
        assertEquals("(1)", references());
    }

    @Test
    void aDeepReplyChainNeedsNoStack() {
        int depth = 50_000;
        for (int i = 0; i < depth; i++) {
            if (i == 0) add("deep", "<0@x>", 0);
            else add("Re: deep", "<" + i + "@x>", i, "<" + (i - 1) + "@x>");
        }
        String threads = references();
        assertEquals("(1 2 3 ", threads.substring(0, 7));
        assertEquals(" " + depth + ")", threads.substring(threads.length() - String.valueOf(depth).length() - 2));
    }
}
