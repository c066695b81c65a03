package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MULTIAPPEND's store half: staged messages go into one mailbox all together or not at all. */
class AppendAllTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    private static final Instant DATE = Instant.parse("2026-11-25T10:00:00Z");

    private static StagedMessage staged(String subject, Flags flags) {
        return f.store.messages().stage(new ByteArrayInputStream(StoreFixture.message(subject, "body of " + subject)
                .getBytes(StandardCharsets.UTF_8)), flags, DATE);
    }

    @Test
    void appendsEveryMessageInOrderWithConsecutiveUidsAndTheirOwnFlags() {
        Account a = f.account("multi@example.org");
        f.append(a, "INBOX", StoreFixture.message("first", "x"));
        StagedMessage one = staged("one", Flags.of(List.of("\\Seen")));
        StagedMessage two = staged("two", Flags.NONE);
        StagedMessage three = staged("one", Flags.of(List.of("$Work"))); // the same bytes twice share one blob
        List<AppendResult> results = f.store.messages().appendAll(a, "inbox", List.of(one, two, three));
        assertEquals(List.of(2L, 3L, 4L), results.stream().map(AppendResult::uid).toList());
        long box = f.mailbox(a, "INBOX").id();
        List<MessageView> views = f.store.messages().list(a, box, 2, 4);
        assertEquals(List.of(List.of("\\Seen"), List.of(), List.of("$Work")), views.stream().map(v -> v.flags().names()).toList());
        assertEquals(views.get(0).blobHash(), views.get(2).blobHash());
        assertEquals(List.of(one.size(), two.size(), one.size()), views.stream().map(MessageView::size).toList());
        assertEquals(4, f.store.accounts().quota(a).messagesUsed());
    }

    @Test
    void aQuotaThatRefusesOneMessageAppendsNone() {
        Account a = f.account("multi-quota@example.org");
        f.store.accounts().setQuota(a, null, 2L);
        f.append(a, "INBOX", StoreFixture.message("first", "x"));
        StoreException e = assertThrows(StoreException.class, () -> f.store.messages().appendAll(a, "INBOX",
                List.of(staged("a", Flags.NONE), staged("b", Flags.NONE))));
        assertEquals(StoreException.Reason.OVER_QUOTA, e.reason());
        assertEquals(1, f.store.accounts().quota(a).messagesUsed());
        assertEquals(1, f.store.messages().list(a, f.mailbox(a, "INBOX").id()).size());
        assertEquals(List.of(2L), f.store.messages().appendAll(a, "INBOX", List.of(staged("c", Flags.NONE)))
                .stream().map(AppendResult::uid).toList(), "the refused batch used no UIDs");
    }

    @Test
    void aMissingMailboxIsNoSuchMailbox() {
        Account a = f.account("multi-missing@example.org");
        StoreException e = assertThrows(StoreException.class, () -> f.store.messages().appendAll(a, "Nowhere", List.of(staged("a", Flags.NONE))));
        assertEquals(StoreException.Reason.NO_SUCH_MAILBOX, e.reason());
    }
}
