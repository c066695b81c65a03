package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.blobstore.BlobId;

class MessageFactTest {
    static final BlobId BLOB = BlobId.fromHex("ab".repeat(32));
    static final Instant AT = Instant.parse("2026-11-25T10:00:00.123456789Z");

    @Test
    void roundTripsBothKinds() {
        MessageFact a = MessageFact.appended(3, 4_294_967_295L, 77, AT, BLOB, Instant.parse("2001-02-03T04:05:06Z"), 12345,
                List.of("\\Seen", "$Label1", "ünïcode"));
        MessageFact x = MessageFact.expunged(3, 9, 80, AT);
        assertEquals(a, MessageFact.decode(a.encode()));
        assertEquals(x, MessageFact.decode(x.encode()));
    }

    @Test
    void bytesSortByMailboxThenUidThenKindThenModseq() {
        List<MessageFact> facts = List.of(
                MessageFact.expunged(2, 1, 5, AT),
                MessageFact.appended(1, 300, 9, AT, BLOB, AT, 1, List.of()),
                MessageFact.expunged(1, 2, 7, AT),
                MessageFact.appended(1, 2, 3, AT, BLOB, AT, 1, List.of()),
                MessageFact.appended(1, 2, 2, AT, BLOB, AT, 1, List.of()),
                MessageFact.appended(256, 1, 1, AT, BLOB, AT, 1, List.of()));
        List<byte[]> encoded = new ArrayList<>(facts.stream().map(MessageFact::encode).toList());
        encoded.sort(Arrays::compareUnsigned);
        List<String> order = encoded.stream().map(MessageFact::decode).map(f -> f.mailbox() + "/" + f.uid() + "/" + f.kind() + "/" + f.modseq()).toList();
        assertEquals(List.of("1/2/APPENDED/2", "1/2/APPENDED/3", "1/2/EXPUNGED/7", "1/300/APPENDED/9", "2/1/EXPUNGED/5", "256/1/APPENDED/1"), order);
        assertTrue(facts.getFirst().encode().length < facts.get(1).encode().length, "expunges carry no blob");
    }
}
