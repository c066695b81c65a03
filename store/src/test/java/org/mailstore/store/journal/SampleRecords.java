package org.mailstore.store.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import org.mailstore.store.journal.JournalRecord.MessageAppended;

/** Realistic records for tests: a delivery whose UID and account make it easy to recognise when read back. */
final class SampleRecords {

    static final Instant AT = Instant.parse("2026-03-01T12:34:56.123456789Z");

    private SampleRecords() {
    }

    static MessageAppended delivery(long accountId, long uid) {
        return new MessageAppended(AT.plusSeconds(uid), accountId, "user" + accountId + "@example.org", 10 + accountId,
                "INBOX", 1_700_000_000L, uid, uid + 1, sha256("message " + accountId + "/" + uid),
                AT.minusSeconds(60), 1000 + uid, uid % 2 == 0 ? List.of("\\Seen") : List.of());
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
