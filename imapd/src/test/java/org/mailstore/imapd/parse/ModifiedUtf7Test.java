package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModifiedUtf7Test {

    @Test
    void rfc3501Example() throws Exception {
        String name = "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e";
        assertEquals("~peter/mail/&U,BTFw-/&ZeVnLIqe-", ModifiedUtf7.encode(name));
        assertEquals(name, ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-"));
    }

    @Test
    void ampersandIsWrittenAsAmpersandDash() throws Exception {
        assertEquals("Tom &- Jerry", ModifiedUtf7.encode("Tom & Jerry"));
        assertEquals("Tom & Jerry", ModifiedUtf7.decode("Tom &- Jerry"));
        assertEquals("&-&-", ModifiedUtf7.encode("&&"));
    }

    @Test
    void printableAsciiStandsForItself() throws Exception {
        String ascii = " !\"#$%'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~";
        assertEquals(ascii, ModifiedUtf7.encode(ascii));
        assertEquals(ascii, ModifiedUtf7.decode(ascii));
    }

    @Test
    void knownEncodings() throws Exception {
        assertEquals("Entw&APw-rfe", ModifiedUtf7.encode("Entw\u00fcrfe"));
        assertEquals("&AOQA9gD8-", ModifiedUtf7.encode("\u00e4\u00f6\u00fc"));
        assertEquals("&2D3eAA-", ModifiedUtf7.encode("\ud83d\ude00"));
        assertEquals("&AAA-", ModifiedUtf7.encode("\u0000"));
        assertEquals("\ud83d\ude00", ModifiedUtf7.decode("&2D3eAA-"));
    }

    @Test
    void roundTripsRandomNames() throws Exception {
        Random random = new Random(20250105);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                int cp = switch (random.nextInt(4)) {
                    case 0 -> 0x20 + random.nextInt(0x5f);
                    case 1 -> '&';
                    case 2 -> 0x80 + random.nextInt(0xd800 - 0x80);
                    default -> 0x10000 + random.nextInt(0x10ffff - 0x10000);
                };
                name.appendCodePoint(cp);
            }
            String encoded = ModifiedUtf7.encode(name.toString());
            assertEquals(name.toString(), ModifiedUtf7.decode(encoded), encoded);
            assertEquals(encoded, ModifiedUtf7.encode(ModifiedUtf7.decode(encoded)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "&",               // unterminated
        "a&U,BTFw",        // unterminated run
        "&AGE-",           // "a" must be written directly
        "&ACY-",           // "&" must be written as &-
        "&U,BTFw-&ZeVnLIqe-", // two runs side by side: one run is canonical
        "&U,BTFx-",        // non-zero padding bits
        "&AOQA-",          // superfluous base64 character
        "&U/BTFw-",        // '/' is not in the modified alphabet
        "&U=BTFw-",        // nor is padding
        "&2D0-",           // unpaired high surrogate
        "&3gA-",           // unpaired low surrogate
        "caf\u00e9",       // raw non-ASCII
        "tab\there",       // control character
        "del\u007f",
    })
    void rejectsInvalidOrNonCanonical(String encoded) {
        ModifiedUtf7Exception e = assertThrows(ModifiedUtf7Exception.class, () -> ModifiedUtf7.decode(encoded));
        assertEquals(true, e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), e.getMessage());
    }

    @Test
    void encodeRefusesUnpairedSurrogates() {
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.encode("a\ud83d"));
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.encode("\ude00b"));
    }
}
