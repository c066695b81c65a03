package org.mailstore.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.blobstore.BlobId;

/** The merge yields exactly the current list's hashes that the previous list lacks, whatever the overlap. */
class NewHashesTest {
    @Test
    void yieldsWhatThePreviousListLacks() throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        List<BlobId> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) all.add(BlobId.of(d.digest(("h" + i).getBytes())));
        all.sort((a, b) -> a.hex().compareTo(b.hex()));
        List<BlobId> current = new ArrayList<>();
        List<BlobId> previous = new ArrayList<>();
        List<BlobId> expected = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (i % 3 != 0) current.add(all.get(i));
            if (i % 2 == 0) previous.add(all.get(i)); // some only before (expunged since), some in both, some new
            if (i % 3 != 0 && i % 2 != 0) expected.add(all.get(i));
        }
        assertEquals(expected, drain(new NewHashes(hex(current), hex(previous))));
        assertEquals(current, drain(new NewHashes(hex(current), hex(List.of()))));
        assertEquals(List.of(), drain(new NewHashes(hex(current), hex(all))));
        assertEquals(List.of(), drain(new NewHashes(hex(List.of()), hex(all))));
    }

    private static java.util.Iterator<String> hex(List<BlobId> ids) {
        return ids.stream().map(BlobId::hex).iterator();
    }

    private static List<BlobId> drain(NewHashes it) {
        List<BlobId> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
