package org.mailstore.blobstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The name of a blob: the SHA-256 of its bytes. Immutable: the array is copied in and out, and equality
 * is by content, so ids work as map keys.
 */
public record BlobId(byte[] hash) {

    /** The digest that names blobs. */
    public static final String ALGORITHM = "SHA-256";
    /** Bytes in a hash. */
    public static final int LENGTH = 32;
    /** Characters in the hex form of a hash. */
    public static final int HEX_LENGTH = 2 * LENGTH;

    private static final HexFormat HEX = HexFormat.of();

    public BlobId {
        Objects.requireNonNull(hash, "hash");
        if (hash.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a blob id is a " + LENGTH + "-byte " + ALGORITHM + " hash, got " + hash.length + " bytes");
        }
        hash = hash.clone();
    }

    /** Same as the constructor; reads better at call sites that hold a digest result. */
    public static BlobId of(byte[] hash) {
        return new BlobId(hash);
    }

    /**
     * Parses the form {@link #hex()} produces. Strict, because the hex string is also a file name: exactly
     * 64 characters from {@code 0-9a-f}; uppercase is rejected so that one hash has one name.
     */
    public static BlobId fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != HEX_LENGTH || !isLowerHex(hex)) {
            throw new IllegalArgumentException(
                    "a blob id is " + HEX_LENGTH + " lowercase hex characters, got \"" + printable(hex) + "\"");
        }
        return new BlobId(HEX.parseHex(hex));
    }

    /** 64 lowercase hex characters. */
    public String hex() {
        return HEX.formatHex(hash);
    }

    /** A copy of the hash. */
    public byte[] bytes() {
        return hash.clone();
    }

    /** A copy of the hash (the record accessor must not hand out the internal array). */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlobId that && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "BlobId[" + hex() + "]";
    }

    /** A fresh digest of the kind that names blobs. */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide " + ALGORITHM, e);
        }
    }

    static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Bad input goes into an exception message; keep it short and on one line. */
    private static String printable(String s) {
        String cut = s.length() > HEX_LENGTH + 8 ? s.substring(0, HEX_LENGTH + 8) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
