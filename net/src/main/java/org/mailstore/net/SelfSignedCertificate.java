package org.mailstore.net;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate {@code serve} uses when the operator has configured none, so TLS clients work out of the box
 * (they must be told to trust it, or to skip verification). Made once, on first start, into
 * {@code <data dir>/tls/}; later starts reuse it, so a client that pinned it keeps working. An ECDSA P-256 key,
 * valid for {@link #VALIDITY}, for {@code localhost}, the loopback addresses and this host's name.
 */
public final class SelfSignedCertificate {
    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);
    public static final String CERTIFICATE_FILE = "self-signed-cert.pem";
    public static final String KEY_FILE = "self-signed-key.pem";
    /** Held (fcntl lock) while a pair is made; left in place, empty. */
    public static final String LOCK_FILE = "self-signed.lock";
    /** The file lock excludes other processes; this excludes other threads of this one (which the lock does not). */
    private static final Object MAKING = new Object();
    /** Long, because nothing renews it; an operator who cares installs a real certificate. */
    public static final Duration VALIDITY = Duration.ofDays(3650);
    /** Clocks of clients a little behind ours must not see a certificate from the future. */
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    /** Where the chain and key are. */
    public record PemFiles(Path certificate, Path key) {}

    private SelfSignedCertificate() {}

    /** The certificate and key in {@code dir}, made there first when absent. */
    public static PemFiles ensure(Path dir, String hostName) throws IOException {
        PemFiles f = new PemFiles(dir.resolve(CERTIFICATE_FILE), dir.resolve(KEY_FILE));
        if (complete(f)) return f;
        Files.createDirectories(dir);
        // Instances sharing a data directory may start together: one makes the pair while the others wait, then
        // they all use it. Unlocked, two makers could leave one's key beside the other's certificate.
        synchronized (MAKING) {
            try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = lockFile.lock()) {
                if (complete(f)) return f;
                make(f, hostName);
            }
        }
        return f;
    }

    private static boolean complete(PemFiles f) {
        return Files.isRegularFile(f.certificate()) && Files.isRegularFile(f.key());
    }

    private static void make(PemFiles f, String hostName) throws IOException {
        KeyPair pair;
        X509Certificate cert;
        try {
            pair = keyPair();
            cert = certificate(pair, hostName, Instant.now());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
        // Key first, private from birth; the certificate last, so a half-made pair is never taken as complete.
        writeAtomically(f.key(), pem(new JcaPKCS8Generator(pair.getPrivate(), null)), true);
        writeAtomically(f.certificate(), pem(cert), false);
        log.warn("no TLS certificate configured: made a self-signed one for {} in {}; clients must be told to trust it. "
                + "Set tls.certificate and tls.key to use a real one (docs/operations.md)", hostName, f.certificate());
    }

    static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return g.generateKeyPair();
    }

    /** A self-signed server certificate for {@code hostName}, localhost and the loopback addresses. */
    public static X509Certificate certificate(KeyPair pair, String hostName, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=" + safeName(hostName));
        BigInteger serial = new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial, Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames(hostName)));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(pair.getPrivate())));
    }

    private static GeneralName[] altNames(String hostName) {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        if (hostName != null && !hostName.isBlank()) dns.add(safeName(hostName));
        List<GeneralName> names = new ArrayList<>();
        for (String d : dns) names.add(new GeneralName(GeneralName.dNSName, d));
        names.add(new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        return names.toArray(new GeneralName[0]);
    }

    /** A host name fit for a certificate: letters, digits, '-' and '.', else "localhost". */
    private static String safeName(String hostName) {
        return hostName != null && hostName.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})") ? hostName : "localhost";
    }

    private static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }

    private static void writeAtomically(Path target, String text, boolean secret) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret && supportsPosix(target)) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            w.write(text);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean supportsPosix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
