package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.Account;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;
import org.mailstore.store.maintenance.Progress;

/** The benchmark population is a consistent site: reconcile finds only its deliberate orphans. */
class PopulatorTest {
    @TempDir
    Path base;

    @Test
    void aPopulatedSiteReconcilesCleanly() throws Exception {
        try (Site site = Site.fresh(base)) {
            Populator.Result r = new Populator(site.setup()).run(new Populator.Options(1_000, 40, 7), Progress.NONE);

            assertEquals(1_000, r.blobs());
            assertEquals(1, r.orphans());
            assertTrue(r.rows() > 1_000 * 1.2 && r.rows() < 1_000 * 3, "fan-out: " + r.rows() + " rows");
            assertEquals(r.rows() + 40, r.journalRecords());
            Account first = site.get("user0000000@bench.example");
            MailboxInfo inbox = site.mailbox(first.address(), "INBOX");
            List<MessageView> rows = site.store().messages().list(first, inbox.id());
            assertEquals(rows.size() + 1, inbox.uidNext());
            assertEquals(rows.size(), site.store().accounts().quota(first).messagesUsed());
            assertTrue(site.store().messages().metadata(rows.getFirst().blobHash()).envelope().startsWith("("));

            ReconcileResult check = site.reconcile(ReconcileOptions.checking().withVerifyContent());
            assertEquals(0, check.exitCode(), check.counts().toString());
            assertEquals(1_000, check.blobsScanned());
            assertEquals(java.util.Map.of(FindingKind.ORPHAN_BLOB, 1L), check.counts());

            GcResult dry = new GarbageCollector(site.setup()).collect(new GcOptions(Duration.ZERO, true), Progress.NONE);
            assertEquals(1, dry.deleted(), "the orphan, which no journal record names");
            assertEquals(999, dry.referenced());
        }
    }
}
