package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.store.MessageView;

/**
 * Scenario (d): one blob's bytes rot on disk. Only {@code --verify-content} reads the bytes; it
 * moves the blob to quarantine and reports every message that referenced it.
 */
class CorruptBlobTest {
    @TempDir
    Path base;

    @Test
    void aRottenBlobIsQuarantinedWithTheMessagesItTakes() throws Exception {
        try (Site site = Site.fresh(base)) {
            site.account("alice@example.org");
            site.account("bob@example.org");
            String bad = site.deliver(Site.message("m1", "will rot"), "alice@example.org", "bob@example.org").getFirst().blobHash();
            site.deliver(Site.message("m2", "stays fine"), "alice@example.org");
            Path file = new FileBlobStore(site.blobDir, 2).pathOf(BlobId.fromHex(bad));
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 3] ^= 0x20;
            file.toFile().setWritable(true);
            Files.write(file, bytes);

            assertEquals(0, site.reconcile(ReconcileOptions.checking()).exitCode(), "without --verify-content nothing reads the bytes");
            Path report = base.resolve("d.json");
            ReconcileResult check = site.reconcile(ReconcileOptions.checking().withVerifyContent().withReport(report));
            assertEquals(1, check.exitCode());
            assertEquals(1, check.count(FindingKind.CORRUPT_BLOB));
            assertTrue(Files.exists(file), "a check moves nothing");
            long inbox = site.mailbox("alice@example.org", "INBOX").uidValidity();
            long bobInbox = site.mailbox("bob@example.org", "INBOX").uidValidity();
            assertTrue(Files.readString(report).contains("{\"kind\":\"corrupt-blob\",\"status\":\"to repair\",\"blob\":\"" + bad + "\","
                    + "\"messages\":[{\"account\":\"alice@example.org\",\"mailbox\":\"INBOX\",\"uidValidity\":" + inbox + ",\"uid\":1}"
                    + ",{\"account\":\"bob@example.org\",\"mailbox\":\"INBOX\",\"uidValidity\":" + bobInbox + ",\"uid\":1}\n]"),
                    Files.readString(report));

            ReconcileResult repair = site.reconcile(ReconcileOptions.repairing().withVerifyContent().withMissing(MissingPolicy.EXPUNGE));

            assertEquals(0, repair.exitCode(), repair.counts().toString());
            assertEquals(1, repair.count(FindingKind.CORRUPT_BLOB));
            assertEquals(2, repair.count(FindingKind.MISSING_BLOB), "its two messages, expunged");
            assertFalse(Files.exists(file));
            assertArrayEquals(bytes, Files.readAllBytes(site.blobDir.resolve("quarantine").resolve(bad)));
            assertEquals(List.of(2L), site.messages("alice@example.org", "INBOX").stream().map(MessageView::uid).toList());
            assertEquals(List.of(), site.messages("bob@example.org", "INBOX"));

            ReconcileResult again = site.reconcile(ReconcileOptions.repairing().withVerifyContent().withMissing(MissingPolicy.EXPUNGE));
            assertEquals(0, again.needingAction(), again.counts().toString());
            assertEquals(0, again.count(FindingKind.CORRUPT_BLOB));
        }
    }
}
