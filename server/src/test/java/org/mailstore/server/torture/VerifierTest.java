package org.mailstore.server.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The torture's own judgement: what counts as the same bytes, and which client-visible regressions it reports. */
class VerifierTest {
    static final String TRACE = "Return-Path: <torture@example.org>\r\nReceived: from torture.test\r\n\tby mailstore; today\r\n";

    private final TortureMessage message = TortureMessage.of(new Random(1), "<m@torture.test>", "u@torture.test", 500);

    @Test
    void anLmtpDeliveryMayCarryTraceFieldsAboveTheSentBytes() {
        assertTrue(Verifier.sameBytes(entry(true), concat(TRACE.getBytes(StandardCharsets.US_ASCII), message.bytes())));
        assertTrue(Verifier.sameBytes(entry(true), message.bytes()));
    }

    @Test
    void oneChangedByteIsCorruption() {
        byte[] stored = concat(TRACE.getBytes(StandardCharsets.US_ASCII), message.bytes());
        stored[stored.length - 10] ^= 1;
        assertFalse(Verifier.sameBytes(entry(true), stored));
    }

    @Test
    void aPrefixThatIsNotHeaderLinesIsCorruption() {
        assertFalse(Verifier.sameBytes(entry(true), concat("garbage\r\n".getBytes(StandardCharsets.US_ASCII), message.bytes())));
    }

    @Test
    void anAppendMustBeStoredExactly() {
        assertFalse(Verifier.sameBytes(entry(false), concat(TRACE.getBytes(StandardCharsets.US_ASCII), message.bytes())));
        assertTrue(Verifier.sameBytes(entry(false), message.bytes()));
    }

    @Test
    void uidnextOrHighestModseqGoingBackIsReported() {
        Ledger ledger = new Ledger();
        ledger.sawMailbox("u", "INBOX", 7, 10, 20);
        ledger.sawMailbox("u", "INBOX", 7, 9, 21);
        ledger.sawMailbox("u", "INBOX", 7, 11, 19);
        ledger.sawMailbox("u", "INBOX", 8, 11, 21);
        assertEquals(List.of("u/INBOX: UIDNEXT went back from 10 to 9", "u/INBOX: HIGHESTMODSEQ went back from 21 to 19",
                "u/INBOX: UIDVALIDITY changed from 7 to 8"), ledger.failures());
    }

    @Test
    void anAnnouncedUidThatChangesIsReported() {
        Ledger ledger = new Ledger();
        Ledger.Entry e = ledger.sending("u", "INBOX", message, 1, true);
        ledger.acknowledged(e, 0);
        ledger.observed("u", "INBOX", 5, message.messageId());
        ledger.observed("u", "INBOX", 6, message.messageId());
        ledger.observed("u", "INBOX", 7, "<never-sent@torture.test>");
        assertEquals(2, ledger.failures().size(), ledger.failures().toString());
        assertTrue(ledger.failures().getFirst().startsWith("UID changed: <m@torture.test> in u/INBOX uid 5"), ledger.failures().toString());
    }

    private Ledger.Entry entry(boolean traced) {
        return new Ledger.Entry("u", "INBOX", message, 1, traced);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
