package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobLocation;
import org.mailstore.blobstore.FileBlobLocation;
import org.mailstore.blobstore.S3BlobStore;
import org.mailstore.blobstore.testing.S3ProxyFixture;
import org.mailstore.blobstore.testing.S3ProxyServer;
import org.mailstore.schema.testing.TestDatabase;
import org.mailstore.store.Account;
import org.mailstore.store.MailStore;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;

/**
 * Backup of a site whose bodies are in a bucket (s3proxy), then restore into a fresh database with blob.url naming an
 * empty prefix of the bucket, and into a fresh database with the default file tree: "restore can target either store".
 * The restored sites reconcile clean and give every message back byte for byte through the store, under the same
 * mailbox, UID and flags as the live site; {@code index rebuild} then reads the search text back from the bucket.
 */
class RestoreS3Test {
    private static final String USER = "restore@s3.test";
    private static final String LIVE_PREFIX = "live/blobs";
    private static final String RESTORED_PREFIX = "restored/blobs";
    /** Bigger than one HTTP buffer, so a truncated copy would show. */
    private static final int LARGE_BODY_LINES = 20_000;
    private static final List<String> MESSAGES = List.of(
            "From: a@example.net\r\nSubject: one\r\n\r\nfirst body\r\n",
            "From: b@example.net\r\nSubject: two\r\n\r\nsecond body\r\n",
            "From: c@example.net\r\nSubject: large\r\n\r\n" + "a line of the large body\r\n".repeat(LARGE_BODY_LINES));

    /** Cli runs in this JVM, where the SDK reads credentials from system properties, not from Cli's environment. */
    @RegisterExtension
    static final S3ProxyFixture s3 = new S3ProxyFixture();

    @TempDir
    Path dir;

    @Test
    void aBackupOfAnS3SiteRestoresIntoAnEmptyPrefixAndIntoAFileTree() throws Exception {
        TestDatabase.Coordinates liveDb = TestDatabase.fresh();
        Cli live = new Cli(s3Env(liveDb, dir.resolve("live"), LIVE_PREFIX), dir);
        assertEquals(0, run(live, "pw\n", "account", "add", USER, "--password-stdin").code());
        for (String m : MESSAGES) {
            Cli.Result d = run(live, m, "deliver", "--to", USER);
            assertEquals(0, d.code(), d.err());
        }
        Cli.Result created = run(live, "", "mailbox", "create", USER, "Projects");
        assertEquals(0, created.code(), created.err());
        Cli.Result filed = run(live, MESSAGES.getFirst(), "deliver", "--to", USER, "--mailbox", "Projects");
        assertEquals(0, filed.code(), filed.err());

        Cli.Result backup = run(live, "", "backup", "create", "b");
        assertEquals(0, backup.code(), backup.err());
        assertTrue(backup.out().matches("backup \\S+ \\(full\\): 4 messages, 3 blobs \\(3 copied, [^)]+\\), .*\n"), backup.out());
        Cli.Result verified = run(live, "", "backup", "verify", "b", "--deep");
        assertEquals(0, verified.code(), verified.out() + verified.err());
        Map<String, String> expected = messages(liveDb, s3.server().location(LIVE_PREFIX, dir.resolve("reader-spool")));
        assertEquals(4, expected.size(), expected.toString());
        for (String m : MESSAGES) {
            assertTrue(expected.values().stream().anyMatch(stored -> stored.endsWith(m)), "a stored message ends with " + m.substring(0, 40));
        }

        TestDatabase.Coordinates intoBucketDb = TestDatabase.freshEmpty();
        Cli intoBucket = new Cli(s3Env(intoBucketDb, dir.resolve("into-bucket"), RESTORED_PREFIX), dir);
        assertEquals(List.of(), objects(RESTORED_PREFIX));
        restoreAndCheck(intoBucket);
        assertEquals(objects(LIVE_PREFIX), objects(RESTORED_PREFIX));
        assertEquals(expected, messages(intoBucketDb, s3.server().location(RESTORED_PREFIX, dir.resolve("reader-spool"))));
        // Backups do not carry the search text; the rebuild reads it back from the bucket.
        Cli.Result indexed = run(intoBucket, "", "index", "rebuild");
        assertEquals(0, indexed.code(), indexed.out() + indexed.err());
        assertEquals("indexed 3 blobs; 0 missing from the blob store", indexed.out().strip());

        TestDatabase.Coordinates intoTreeDb = TestDatabase.freshEmpty();
        Path treeData = dir.resolve("into-tree");
        restoreAndCheck(new Cli(ServeExternalDatabaseTest.env(intoTreeDb, treeData), dir));
        assertEquals(expected, messages(intoTreeDb, new FileBlobLocation(treeData.resolve("blobs"), MailstoreConfig.DEFAULT_BLOB_FANOUT)));
    }

    private static void restoreAndCheck(Cli target) {
        Cli.Result restored = run(target, "", "restore", "b");
        assertEquals(0, restored.code(), restored.out() + restored.err());
        assertTrue(restored.out().contains(" rows, 3 blobs copied, "), restored.out());
        assertTrue(restored.out().strip().endsWith(" 0 findings needing attention"), restored.out());
        Cli.Result check = run(target, "", "reconcile", "--check", "--verify-content");
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("checked: 3 blobs,"), check.out());
    }

    private Map<String, String> s3Env(TestDatabase.Coordinates db, Path dataDir, String prefix) {
        Map<String, String> env = ServeExternalDatabaseTest.env(db, dataDir);
        env.put("MAILSTORE_BLOB_URL", "s3://" + S3ProxyServer.BUCKET + "/" + prefix);
        env.put("MAILSTORE_BLOB_S3_ENDPOINT", s3.server().endpoint().toString());
        env.put("MAILSTORE_BLOB_S3_REGION", "us-east-1");
        return env;
    }

    private static Cli.Result run(Cli cli, String stdin, String... args) {
        return cli.runWithInput(stdin.getBytes(StandardCharsets.UTF_8), Optional.empty(), args);
    }

    private List<BlobId> objects(String prefix) throws IOException {
        try (S3BlobStore store = s3.server().store(prefix, dir.resolve("reader-spool")); Stream<BlobId> ids = store.walk()) {
            return ids.sorted(java.util.Comparator.comparing(BlobId::hex)).toList();
        }
    }

    /** "mailbox uid flags" → the message's bytes, read through the store as IMAP and POP3 read them. */
    private Map<String, String> messages(TestDatabase.Coordinates db, BlobLocation blobs) throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (MailStore store = MailStore.open(SchemaMigratorTest.dataSource(db), blobs, dir.resolve("reader-journal"), "reader")) {
            Account account = store.accounts().get(USER);
            for (MailboxInfo box : store.mailboxes().list(account)) {
                for (MessageView m : store.messages().list(account, box.id())) {
                    try (SeekableByteChannel ch = store.messages().open(m.blobHash()); InputStream in = Channels.newInputStream(ch)) {
                        found.put(box.name() + " " + m.uid() + " " + m.flags(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return found;
    }
}
