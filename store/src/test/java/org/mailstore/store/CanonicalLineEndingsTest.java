package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalLineEndingsTest {
    static String canon(String in, int chunk) throws IOException {
        InputStream src = new ByteArrayInputStream(in.getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        return new String(new CanonicalLineEndings(src).readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void bareLfBecomesCrlfAndEverythingElseStaysWhateverTheChunking() throws IOException {
        String in = "a\nb\r\nc\rd\n\n\r\r\ne";
        for (int chunk = 1; chunk < 20; chunk++) {
            assertEquals("a\r\nb\r\nc\rd\r\n\r\n\r\r\ne", canon(in, chunk));
        }
        assertEquals("", canon("", 1));
        assertEquals("\r\n", canon("\n", 1));
    }

    @Test
    void aBareLfMessageIsStoredWithCrlf() throws Exception {
        try (StoreFixture f = new StoreFixture()) {
            Account a = f.account("lf@example.org");
            String lf = "Subject: lf\n\nline one\nline two\n";
            DeliveryOutcome o = f.deliver(lf, new Recipient(a.address())).getFirst();
            try (var in = java.nio.channels.Channels.newInputStream(f.store.messages().open(o.blobHash()))) {
                assertEquals(lf.replace("\n", "\r\n"), new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            }
            assertEquals(lf.length() + 4, f.store.messages().list(a, f.mailbox(a, "INBOX").id()).getFirst().size());
        }
    }
}
