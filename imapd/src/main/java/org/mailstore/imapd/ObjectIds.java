package org.mailstore.imapd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * OBJECTID (RFC 8474) identifiers, derived from what the database already keeps, so nothing new is stored:
 * <ul>
 *   <li>MAILBOXID from the mailbox's id (never reused) and UIDVALIDITY: RENAME keeps both, so it keeps the
 *       MAILBOXID; a mailbox whose UIDVALIDITY changed is, to a client's cache, a new mailbox, and gets a new one.</li>
 *   <li>EMAILID from the account and the message's blob hash: COPY and MOVE keep the blob, so they keep the EMAILID,
 *       and the same bytes stored twice in one account share it (RFC 8474 §5.1 allows this; Cyrus does the same,
 *       while Dovecot gives each save its own GUID). The account is hashed in so that identical mail in two accounts
 *       gets unrelated EMAILIDs: an EMAILID says nothing about other users' mail (RFC 8474 §7).</li>
 * </ul>
 * Both are a letter and 24 hex digits of a SHA-256 (96 bits), within RFC 8474's {@code objectid} grammar. No THREADID:
 * the server does not thread, so it answers NIL.
 */
final class ObjectIds {
    /** Hex digits kept of the SHA-256: 96 bits, as Cyrus's EMAILIDs. */
    static final int HEX_DIGITS = 24;
    private static final byte[] MAILBOX_DOMAIN = "mailstore mailbox".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMAIL_DOMAIN = "mailstore email".getBytes(StandardCharsets.US_ASCII);

    private ObjectIds() {}

    static String mailboxId(long mailboxId, long uidValidity) {
        return "F" + digest(MAILBOX_DOMAIN, ByteBuffer.allocate(16).putLong(mailboxId).putLong(uidValidity).array());
    }

    /** @param blobHash lowercase hex SHA-256 of the message's bytes, as {@code MessageView.blobHash} */
    static String emailId(long accountId, String blobHash) {
        byte[] hash = HexFormat.of().parseHex(blobHash);
        return "M" + digest(EMAIL_DOMAIN, ByteBuffer.allocate(8 + hash.length).putLong(accountId).put(hash).array());
    }

    private static String digest(byte[] domain, byte[] value) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha.update(domain);
        return HexFormat.of().formatHex(sha.digest(value), 0, HEX_DIGITS / 2);
    }
}
