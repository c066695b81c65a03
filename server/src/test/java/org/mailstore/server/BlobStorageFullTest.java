package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, "blob storage full", on a real full filesystem: the blob tree lives on a small tmpfs that a filler file
 * then fills. LMTP answers {@code 452 4.3.1} and APPEND {@code NO [UNAVAILABLE]} (the server's storage is full; the
 * user's quota is not the problem, so not [OVERQUOTA], which RFC 5530 reserves for the user's quota), no file appears
 * under a final blob name, no row is written, and once the filler is gone the same serve stores mail again.
 * Skipped, with the reason logged, where this process may not mount a tmpfs (not root, or a container without
 * CAP_SYS_ADMIN).
 */
@Timeout(600)
class BlobStorageFullTest {
    private static final Logger log = LoggerFactory.getLogger(BlobStorageFullTest.class);
    private static final String TMPFS_SIZE = "2m";
    private static final int MESSAGE_BODY_BYTES = 64 * 1024;
    private static final int FILLER_CHUNK = 64 * 1024;
    private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(30);
    private static final String USER = "full@serve.test";
    private static final String PASSWORD = "pw";

    @TempDir
    Path dir;

    @Test
    void aFullBlobFilesystemFailsTemporarilyStoresNothingAndRecoversWhenSpaceReturns() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small-fs"));
        String refused = run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs", mount.toString());
        if (refused != null) log.warn("skipping the full-filesystem test: cannot mount a tmpfs here: {}", refused);
        assumeTrue(refused == null, "cannot mount a tmpfs here: " + refused);
        try {
            Path blobs = mount.resolve("blobs");
            TestDatabase.Coordinates db = TestDatabase.fresh();
            Map<String, String> env = ImapServe.env(db, dir.resolve("data"), "full");
            env.put("MAILSTORE_BLOB_DIR", blobs.toString());
            try (ImapServe serve = ImapServe.start(dir, env)) {
                serve.addAccount(USER, PASSWORD);
                LmtpWire.deliver(serve.lmtp, USER, message("before"));
                List<Path> before = blobFiles(blobs);
                assertEquals(1, before.size(), before.toString());

                Path filler = mount.resolve("filler");
                fill(filler);
                List<String> lmtp = LmtpWire.replies(serve.lmtp, USER, message("while full"), Duration.ofSeconds(60));
                assertTrue(lmtp.stream().anyMatch(l -> l.startsWith("452 4.3.1 ")), lmtp.toString());
                String append;
                try (ImapWire imap = ImapWire.login(serve.imap, USER, PASSWORD)) {
                    append = append(imap, "x1", message("append while full"));
                }
                assertTrue(append.startsWith("x1 NO [UNAVAILABLE]"), append);
                assertEquals(before, blobFiles(blobs), "no blob, partial or whole, under a final name");
                assertEquals(List.of(), files(blobs.resolve("tmp")), "the partial temp files removed");
                assertEquals(1, messageRows(db), "no row without its blob");

                Files.delete(filler);
                LmtpWire.deliver(serve.lmtp, USER, message("after"));
                try (ImapWire imap = ImapWire.login(serve.imap, USER, PASSWORD)) {
                    String after = append(imap, "x2", message("append after"));
                    assertTrue(after.startsWith("x2 OK"), after);
                }
                assertEquals(3, blobFiles(blobs).size());
                assertEquals(3, messageRows(db));
            }
        } finally {
            String stuck = run("umount", mount.toString());
            if (stuck != null) log.warn("could not unmount {}: {}", mount, stuck);
        }
    }

    /** Writes until the filesystem refuses: what a full disk is. */
    private static void fill(Path filler) {
        byte[] chunk = new byte[FILLER_CHUNK];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            log.info("filesystem full after {} filler bytes: {}", written, full.getMessage());
        }
    }

    private static String message(String subject) {
        String line = "x".repeat(76) + "\r\n";
        return "Subject: " + subject + "\r\n\r\n" + line.repeat(MESSAGE_BODY_BYTES / line.length());
    }

    private static List<Path> blobFiles(Path blobs) throws IOException {
        try (Stream<Path> all = Files.walk(blobs)) {
            return all.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("tmp"))
                    .sorted().toList();
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> all = Files.list(directory)) {
            return all.toList();
        }
    }

    private static long messageRows(TestDatabase.Coordinates db) throws Exception {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("select count(*) from messages")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String append(ImapWire imap, String tag, String message) throws IOException {
        imap.send(tag + " APPEND INBOX {" + message.length() + "+}\r\n" + message);
        String line = imap.readLine();
        while (!line.startsWith(tag + " ")) line = imap.readLine();
        return line;
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(MOUNT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + p.exitValue() + " " + output;
    }
}
