package org.mailstore.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;

/** The sparse-index lookup agrees with a plain set for every member, and for non-members around every block edge. */
class SortedHashFileTest {
    @TempDir
    Path tmp;

    @Test
    void findsExactlyTheListedHashes() throws Exception {
        for (int size : new int[] {0, 1, 63, 64, 65, 200}) {
            List<BlobId> all = new ArrayList<>();
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < 2 * size + 2; i++) all.add(BlobId.of(d.digest(("h" + i).getBytes())));
            List<BlobId> listed = all.subList(0, size).stream().sorted((a, b) -> a.hex().compareTo(b.hex())).toList();
            Path file = tmp.resolve("list" + size);
            Files.writeString(file, listed.stream().map(id -> id.hex() + "\n").reduce("", String::concat));
            try (SortedHashFile f = new SortedHashFile(file)) {
                for (BlobId id : all) assertEquals(listed.contains(id), f.contains(id), size + " " + id.hex());
                assertEquals(false, f.contains(BlobId.fromHex("0".repeat(64))));
                assertEquals(false, f.contains(BlobId.fromHex("f".repeat(64))));
            }
        }
    }
}
