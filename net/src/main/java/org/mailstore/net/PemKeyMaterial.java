package org.mailstore.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A certificate chain and its private key read from PEM files, as certbot, acme.sh and openssl write them: the
 * chain file holds the server certificate first and then its intermediates ({@code fullchain.pem}); the key file
 * holds one unencrypted key as PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or
 * SEC1 EC ({@code BEGIN EC PRIVATE KEY}). The key must belong to the first certificate.
 */
public record PemKeyMaterial(List<X509Certificate> chain, PrivateKey key) {
    /** The alias of the one entry in the in-memory key store handed to the TLS engine. */
    static final String ALIAS = "server";

    public PemKeyMaterial {
        if (chain.isEmpty()) throw new IllegalArgumentException("empty certificate chain");
        chain = List.copyOf(chain);
    }

    /** Reads both files; the exception says which file is wrong and why, for the operator. */
    public static PemKeyMaterial read(Path certificateChain, Path privateKey) throws TlsSetupException {
        List<X509Certificate> chain = readChain(certificateChain);
        PrivateKey key = readKey(privateKey);
        if (!key.getAlgorithm().equals(chain.getFirst().getPublicKey().getAlgorithm())) {
            throw new TlsSetupException(privateKey + " holds a " + key.getAlgorithm() + " key but the certificate in "
                    + certificateChain + " is for a " + chain.getFirst().getPublicKey().getAlgorithm() + " key");
        }
        return new PemKeyMaterial(chain, key);
    }

    /** An in-memory key store with the one entry, for a {@code KeyManagerFactory}. */
    KeyStore keyStore(char[] password) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        ks.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
        return ks;
    }

    private static List<X509Certificate> readChain(Path file) throws TlsSetupException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) throw new TlsSetupException(file + " holds no PEM certificate");
            return chain;
        } catch (IOException e) {
            throw new TlsSetupException("cannot read the certificate chain " + file + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new TlsSetupException(file + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path file) throws TlsSetupException {
        Object parsed;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            parsed = pem.readObject();
        } catch (IOException e) {
            throw new TlsSetupException("cannot read the private key " + file + ": " + e.getMessage(), e);
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return switch (parsed) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                // SEC1 keys may omit the public key, so take the private half alone.
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
                case null -> throw new TlsSetupException(file + " holds no PEM private key");
                default -> throw new TlsSetupException(file + " holds a " + parsed.getClass().getSimpleName()
                        + ", not an unencrypted private key (PKCS#8, PKCS#1 RSA or SEC1 EC); decrypt it first with openssl pkey");
            };
        } catch (IOException e) {
            throw new TlsSetupException(file + " holds a private key this JDK cannot use: " + e.getMessage(), e);
        }
    }
}
