package io.capstan.common.pki;

import io.capstan.common.client.Pem;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * PEM encoding of certificates and keys, and the files that hold them. Files are created, never
 * replaced: {@link #create} fails on an existing file. Secret files (private keys, kubeconfigs with
 * keys) get mode 0600 from the moment they exist; others 0644.
 */
public final class PemFile {
    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private PemFile() {
    }

    /** {@code CERTIFICATE} blocks for {@code certificates}, in order. */
    public static String encode(List<X509Certificate> certificates) {
        return write(certificates.toArray());
    }

    /** One {@code CERTIFICATE} block. */
    public static String encode(X509Certificate certificate) {
        return write(certificate);
    }

    /**
     * The key as kubeadm writes it: {@code EC PRIVATE KEY} (SEC1, with its named curve, so Go, OpenSSL,
     * fabric8 and the JDK read it back) or {@code RSA PRIVATE KEY} (PKCS#1).
     */
    public static String encode(PrivateKey key) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            if (key instanceof java.security.interfaces.ECPrivateKey ec) {
                // The JDK's PKCS#8 keeps the curve in the algorithm identifier only; SEC1 needs it inside.
                org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
                int orderBits = ec.getParams().getOrder().bitLength();
                var sec1 = inner.getPublicKey() == null
                        ? new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters())
                        : new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, inner.getKey(), inner.getPublicKey(),
                                info.getPrivateKeyAlgorithm().getParameters());
                return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            }
            if (key instanceof java.security.interfaces.RSAPrivateKey) {
                return write(new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded()));
            }
            throw new IllegalArgumentException("cannot encode a " + key.getAlgorithm() + " private key: only EC and RSA");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code PUBLIC KEY} block (PKIX SubjectPublicKeyInfo), as kubeadm's {@code sa.pub}. */
    public static String encode(PublicKey key) {
        return write(key);
    }

    /** The first certificate in the PEM file {@code path}. */
    public static X509Certificate readCertificate(Path path) {
        return Pem.certificates(read(path), path.toString()).getFirst();
    }

    /** The first private key in the PEM file {@code path}. */
    public static PrivateKey readPrivateKey(Path path) {
        return Pem.privateKey(read(path), path.toString());
    }

    /**
     * Creates {@code path} holding {@code content}; mode 0600 when {@code secret}, else 0644 (on POSIX
     * file systems; the mode is set at creation, so a secret is never readable by others).
     *
     * @throws FileAlreadyExistsException when the file exists (it is left untouched)
     */
    public static void create(Path path, String content, boolean secret) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(secret ? SECRET : PUBLIC));
        } else {
            Files.createFile(path);
        }
        Files.writeString(path, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static String write(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
