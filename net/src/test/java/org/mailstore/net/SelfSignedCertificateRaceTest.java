package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code serve} instances sharing one data directory start together and all find no certificate: exactly one
 * pair is made, and the key on disk belongs to the certificate on disk (it once could be one maker's key beside
 * another's certificate, or a maker failed on the other's temporary file).
 */
class SelfSignedCertificateRaceTest {
    static final int MAKERS = 8;

    @TempDir
    Path dir;

    @Test
    void concurrentFirstStartsShareOneMatchingPair() throws Exception {
        Path tls = dir.resolve("tls");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> made = new ArrayList<>();
        try (ExecutorService makers = Executors.newFixedThreadPool(MAKERS)) {
            for (int i = 0; i < MAKERS; i++) {
                made.add(makers.submit(() -> {
                    go.await();
                    SelfSignedCertificate.PemFiles f = SelfSignedCertificate.ensure(tls, "localhost");
                    return Files.readString(f.certificate(), StandardCharsets.US_ASCII);
                }));
            }
            go.countDown();
            Set<String> certificates = new HashSet<>();
            for (Future<String> f : made) certificates.add(f.get());
            assertEquals(1, certificates.size(), "every caller got the same certificate");
        }
        PemKeyMaterial pair = PemKeyMaterial.read(tls.resolve(SelfSignedCertificate.CERTIFICATE_FILE),
                tls.resolve(SelfSignedCertificate.KEY_FILE));
        byte[] probe = "the key belongs to the certificate".getBytes(StandardCharsets.US_ASCII);
        Signature sign = Signature.getInstance("SHA256withECDSA");
        sign.initSign(pair.key());
        sign.update(probe);
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance("SHA256withECDSA");
        verify.initVerify(pair.chain().getFirst().getPublicKey());
        verify.update(probe);
        assertTrue(verify.verify(signature));
    }
}
