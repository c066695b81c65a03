package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobIdTest {

    /** SHA-256 of the empty string. */
    private static final String EMPTY_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void hexRoundTrips() {
        BlobId id = BlobId.fromHex(EMPTY_HEX);
        assertEquals(EMPTY_HEX, id.hex());
        assertArrayEquals(HexFormat.of().parseHex(EMPTY_HEX), id.bytes());
        assertEquals("BlobId[" + EMPTY_HEX + "]", id.toString());
    }

    @Test
    void isTheSha256OfTheBytes() {
        BlobId id = BlobId.of(BlobId.newDigest().digest("".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(EMPTY_HEX, id.hex());
    }

    @Test
    void equalityIsByContent() {
        BlobId a = BlobId.fromHex(EMPTY_HEX);
        BlobId b = BlobId.of(HexFormat.of().parseHex(EMPTY_HEX));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, BlobId.fromHex("0".repeat(64)));
    }

    @Test
    void copiesTheArrayInAndOut() {
        byte[] hash = new byte[32];
        BlobId id = BlobId.of(hash);
        hash[0] = 1;
        id.bytes()[1] = 1;
        id.hash()[2] = 1;
        assertEquals("0".repeat(64), id.hex());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 33, 64})
    void rejectsHashesThatAreNot32Bytes(int length) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlobId.of(new byte[length]));
        assertEquals("a blob id is a 32-byte SHA-256 hash, got " + length + " bytes", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g",
        " e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\n",
        "../../../../../../../../../../../../../../../../../../etc/passwd",
    })
    void fromHexRejectsAnythingButSixtyFourLowercaseHexCharacters(String hex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlobId.fromHex(hex));
        assertEquals("a blob id is 64 lowercase hex characters, got \"" + hex.replace('\n', '?') + "\"",
                e.getMessage());
    }

    @Test
    void fromHexRejectsNull() {
        assertThrows(NullPointerException.class, () -> BlobId.fromHex(null));
    }
}
