package org.mailstore.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.Account;
import org.mailstore.store.MailStore;
import org.mailstore.store.MessageView;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;
import org.mailstore.store.maintenance.Progress;

/** restore into an empty site, its refusal of a non-empty one, --force, and ids never handed out twice afterwards. */
class RestoreTest {
    @RegisterExtension
    final StoreFixture f = new StoreFixture();

    @TempDir
    Path tmp;

    @Test
    void restoreLoadsEverythingRefusesANonEmptyTargetAndForceReplacesItsDatabase() throws Exception {
        Account a = f.account("a@example.org");
        f.account("gone@example.org");
        f.store.accounts().delete("gone@example.org"); // its id was used: a restore must not give it out again
        for (int i = 0; i < 3; i++) f.deliver(StoreFixture.message("m" + i, "b" + i), new Recipient(a.address()));
        long inbox = f.mailbox(a, "INBOX").id();
        List<MessageView> live = f.store.messages().list(a, inbox);
        BackupDirectory dir = new BackupDirectory(tmp.resolve("backup"));
        Manifest m = new OnlineBackup(new LiveSite(f.dataSource, f.blobDir, 2, f.journalDir), dir, Clock.systemUTC()).create(Progress.NONE);

        NonEmptyTargetException refused = assertThrows(NonEmptyTargetException.class,
                () -> new Restorer(dir, new LiveSite(f.dataSource, f.blobDir, 2, f.journalDir)).restore(Optional.empty(), false, Progress.NONE));
        assertTrue(refused.getMessage().startsWith("the target is not empty (the database has rows in accounts; "), refused.getMessage());

        try (EmptySite target = new EmptySite(tmp.resolve("restored"))) {
            RestoreResult r = new Restorer(dir, target.site).restore(Optional.of(m.id()), false, Progress.NONE);
            assertEquals(3, r.blobsCopied());
            assertEquals(1, r.segments());
            assertEquals(m.tables().stream().mapToLong(Manifest.TableFile::rows).sum(), r.rows());
            assertEquals(3, headerCopies(target), "the backup leaves blob_header out; restore's COPY into blobs writes it");
            assertThrows(NonEmptyTargetException.class, () -> new Restorer(dir, target.site).restore(Optional.empty(), false, Progress.NONE));
            RestoreResult again = new Restorer(dir, target.site).restore(Optional.empty(), true, Progress.NONE);
            assertEquals(3, again.blobsPresent());
            assertEquals(0, again.segments());
            try (MailStore restored = MailStore.open(target.dataSource, target.site.blobs(), target.site.journalDir(), "after")) {
                Account ra = restored.accounts().get(a.address());
                assertEquals(a.id(), ra.id());
                assertEquals(live, restored.messages().list(ra, inbox));
                Account fresh = restored.accounts().create("new@example.org", "pw".toCharArray());
                assertEquals(a.id() + 2, fresh.id(), "the deleted account's id is not reused");
                restored.mailboxes().create(fresh, "Other");
                assertTrue(restored.mailboxes().find(fresh, "Other").orElseThrow().id() > inbox);
            }
        }
    }

    /** Rows of blob_header (schema V12) equal to their blobs row's header columns. */
    private static long headerCopies(EmptySite target) throws Exception {
        try (Connection c = target.dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT count(*) FROM blob_header h JOIN blobs b USING (blob_hash)
                      WHERE (h.header_size, h.body_lines, h.header) = (b.header_size, b.body_lines, b.header)""")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
