package org.mailstore.store.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.Account;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;

class BlobScanTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void rowsComeInUnsignedHashOrderWithTheirReferenceCounts() {
        Account a = f.account("scan-a@example.org");
        Account b = f.account("scan-b@example.org");
        String shared = f.deliver(StoreFixture.message("shared", "to both"), new Recipient(a.address()), new Recipient(b.address()))
                .getFirst().blobHash();
        List<String> single = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            single.add(f.deliver(StoreFixture.message("single " + i, "body " + i), new Recipient(a.address())).getFirst().blobHash());
        }
        long inbox = f.mailbox(a, "INBOX").id();
        long uidOfFirstSingle = f.store.messages().list(a, inbox).stream().filter(m -> m.blobHash().equals(single.getFirst()))
                .findFirst().orElseThrow().uid();
        f.store.messages().remove(a, inbox, List.of(uidOfFirstSingle));

        List<BlobScan.Row> rows;
        try (var s = new BlobScan(f.dataSource).inHashOrder()) {
            rows = s.toList();
        }
        List<byte[]> hashes = rows.stream().map(r -> r.id().bytes()).toList();
        List<byte[]> sorted = new ArrayList<>(hashes);
        sorted.sort(Arrays::compareUnsigned);
        assertEquals(sorted.stream().map(BlobId::of).toList(), hashes.stream().map(BlobId::of).toList());
        Map<String, Long> refs = rows.stream().collect(Collectors.toMap(r -> r.id().hex(), BlobScan.Row::references));
        assertEquals(2L, refs.get(shared));
        assertEquals(0L, refs.get(single.getFirst()), "an expunged message's blob row stays, unreferenced");
        assertEquals(1L, refs.get(single.get(1)));
        assertEquals(21, rows.size());
        assertEquals(21, new BlobScan(f.dataSource).count());
    }
}
