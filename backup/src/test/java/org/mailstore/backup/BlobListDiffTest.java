package org.mailstore.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;

/** One pass over two sorted lists yields exactly what the current one gained and what it lost, whatever the overlap. */
class BlobListDiffTest {
    @TempDir
    Path tmp;

    private static List<String> sortedHashes(int n) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < n; i++) all.add(BlobId.of(d.digest(("h" + i).getBytes(StandardCharsets.US_ASCII))).hex());
        all.sort(null);
        return all;
    }

    private Path list(String name, List<String> hashes) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, hashes.stream().map(h -> h + "\n").reduce("", String::concat), StandardCharsets.US_ASCII);
        return p;
    }

    private List<List<String>> diff(List<String> current, List<String> previous) throws IOException {
        BlobListDiff.Result r = BlobListDiff.compute(list("current", current), list("previous", previous), tmp.resolve("gained"), tmp.resolve("lost"));
        List<String> gained = Files.readAllLines(r.gained());
        List<String> lost = Files.readAllLines(r.lost());
        assertEquals(gained.size(), r.gainedCount());
        assertEquals(lost.size(), r.lostCount());
        return List.of(gained, lost);
    }

    @Test
    void yieldsWhatTheCurrentListGainedAndLost() throws Exception {
        List<String> all = sortedHashes(50);
        List<String> current = new ArrayList<>();
        List<String> previous = new ArrayList<>();
        List<String> gained = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            boolean now = i % 3 != 0;
            boolean then = i % 2 == 0; // some only before (expunged since), some in both, some new
            if (now) current.add(all.get(i));
            if (then) previous.add(all.get(i));
            if (now && !then) gained.add(all.get(i));
            if (then && !now) lost.add(all.get(i));
        }
        assertEquals(List.of(gained, lost), diff(current, previous));
        assertEquals(List.of(current, List.of()), diff(current, List.of()));
        assertEquals(List.of(List.of(), all.stream().filter(h -> !current.contains(h)).toList()), diff(current, all));
        assertEquals(List.of(List.of(), all), diff(List.of(), all));
        assertEquals(List.of(List.of(), List.of()), diff(all, all));
    }

    @Test
    void aListThatIsNotFixedWidthHexLinesIsRefused() throws Exception {
        Path good = list("good", sortedHashes(3));
        Path torn = tmp.resolve("torn");
        Files.writeString(torn, sortedHashes(2).getFirst() + "\n" + "abc", StandardCharsets.US_ASCII);
        IOException e = assertThrows(IOException.class, () -> BlobListDiff.compute(good, torn, tmp.resolve("g"), tmp.resolve("l")));
        assertEquals(torn + " is not a blob list: a line is not 64 hex characters and a newline", e.getMessage());
    }
}
