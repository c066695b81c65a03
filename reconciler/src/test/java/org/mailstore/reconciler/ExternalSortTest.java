package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSortTest {
    @TempDir
    Path work;

    @Test
    void manyRunsMergeIntoUnsignedOrderAgainAndAgain() throws Exception {
        Random random = new Random(6);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] r = new byte[1 + random.nextInt(40)];
            random.nextBytes(r);
            records.add(r);
        }
        records.add(records.get(7).clone());
        try (ExternalSort sort = new ExternalSort(work, 1 << 16)) {
            records.forEach(sort::add);
            List<byte[]> expected = new ArrayList<>(records);
            expected.sort(Arrays::compareUnsigned);
            for (int pass = 0; pass < 2; pass++) {
                List<byte[]> got = new ArrayList<>();
                try (CloseableIterator<byte[]> it = sort.sorted(false)) {
                    it.forEachRemaining(got::add);
                }
                assertEquals(expected.size(), got.size());
                for (int i = 0; i < got.size(); i++) assertArrayEquals(expected.get(i), got.get(i), "record " + i);
            }
            assertTrue(sort.runs() > 10, "spilled to " + sort.runs() + " runs");
            try (CloseableIterator<byte[]> it = sort.sorted(true)) {
                long distinct = 0;
                byte[] previous = null;
                while (it.hasNext()) {
                    byte[] r = it.next();
                    assertFalse(previous != null && Arrays.equals(previous, r));
                    previous = r;
                    distinct++;
                }
                assertEquals(expected.stream().map(Arrays::toString).distinct().count(), distinct);
            }
            assertThrows(IllegalStateException.class, () -> sort.add(new byte[1]));
        }
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "run files are removed");
        }
    }

    @Test
    void aSmallInputNeverTouchesTheDisk() {
        try (ExternalSort sort = new ExternalSort(work, ExternalSort.DEFAULT_RUN_BYTES)) {
            sort.add(new byte[] {(byte) 0xff});
            sort.add(new byte[] {0x01, 0x02});
            sort.add(new byte[] {0x01});
            List<String> got = new ArrayList<>();
            try (CloseableIterator<byte[]> it = sort.sorted(false)) {
                it.forEachRemaining(r -> got.add(Arrays.toString(r)));
            }
            assertEquals(List.of("[1]", "[1, 2]", "[-1]"), got, "unsigned: 0xff sorts last");
            assertEquals(0, sort.runs());
        }
    }
}
