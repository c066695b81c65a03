package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailstore.schema.jooq.Tables.EXPUNGED;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.store.journal.JournalEntry;
import org.mailstore.store.journal.JournalReader;
import org.mailstore.store.journal.JournalRecord;

/**
 * Settling journal records whose commit failed: a commit that in fact went through (PostgreSQL committed, then the
 * connection died before it said so) is recognised by its row or its expunged UID and changes nothing; the rolled-back
 * side is covered end to end by the reconciler's InterruptedCommitTest.
 */
class InDoubtCommitsTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void aCommitThatWentThroughIsLeftAsItIs() throws IOException {
        Account a = f.account("committed@example.org");
        f.append(a, "INBOX", StoreFixture.message("kept", "committed"));
        f.append(a, "INBOX", StoreFixture.message("expunged later", "committed, then expunged"));
        MailboxInfo inbox = f.mailbox(a, "INBOX");
        f.store.messages().remove(a, inbox.id(), List.of(2L));
        MailboxInfo before = f.mailbox(a, "INBOX");

        settle(journaled(a, inbox.id()));

        MailboxInfo after = f.mailbox(a, "INBOX");
        assertEquals(before.uidNext(), after.uidNext());
        assertEquals(before.highestModseq(), after.highestModseq());
        assertEquals(List.of(1L), f.store.messages().list(a, inbox.id()).stream().map(MessageView::uid).toList());
        assertEquals(List.of(2L), expunged(a, inbox.id()));
    }

    @Test
    void aRolledBackAppendIsRecordedAsExpungedAboveTheCounters() throws IOException {
        Account a = f.account("rolledback@example.org");
        f.append(a, "INBOX", StoreFixture.message("one", "committed"));
        MailboxInfo inbox = f.mailbox(a, "INBOX");
        JournalRecord.MessageAppended real = (JournalRecord.MessageAppended) journaled(a, inbox.id()).getFirst();
        JournalRecord.MessageAppended rolledBack = new JournalRecord.MessageAppended(real.at(), real.accountId(), real.address(),
                real.mailboxId(), real.mailboxName(), real.uidValidity(), 5, real.modseq() + 3, new byte[32], real.internalDate(),
                real.size(), List.of());

        settle(List.of(rolledBack));

        MailboxInfo after = f.mailbox(a, "INBOX");
        assertEquals(6, after.uidNext(), "UIDNEXT above the journaled UID");
        assertTrue(after.highestModseq() > rolledBack.modseq(), "the expunged record takes a MODSEQ above the journaled one");
        assertEquals(List.of(5L), expunged(a, inbox.id()));
        assertFalse(f.store.messages().list(a, inbox.id()).stream().anyMatch(m -> m.uid() == 5));
    }

    private static void settle(List<JournalRecord> records) {
        DSL.using(f.dataSource, SQLDialect.POSTGRES).transaction(c -> InDoubtCommits.resolve(c.dsl(), records));
    }

    private static List<JournalRecord> journaled(Account a, long mailboxId) throws IOException {
        try (Stream<JournalEntry> entries = JournalReader.readAll(f.journalDir)) {
            return entries.map(JournalEntry::record)
                    .filter(r -> r instanceof JournalRecord.MessageAppended m && m.accountId() == a.id() && m.mailboxId() == mailboxId
                            || r instanceof JournalRecord.MessagesExpunged e && e.accountId() == a.id() && e.mailboxId() == mailboxId)
                    .toList();
        }
    }

    private static List<Long> expunged(Account a, long mailboxId) {
        return DSL.using(f.dataSource, SQLDialect.POSTGRES).select(EXPUNGED.UID).from(EXPUNGED)
                .where(EXPUNGED.ACCOUNT_ID.eq(a.id()).and(EXPUNGED.MAILBOX_ID.eq(mailboxId))).orderBy(EXPUNGED.UID).fetch(EXPUNGED.UID);
    }
}
