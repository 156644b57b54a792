package io.capstan.common.pki;

import io.capstan.common.client.Pem;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

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
     * An unencrypted PKCS#8 {@code PRIVATE KEY} block. PKCS#8 carries the EC curve in its algorithm
     * identifier, so Go's {@code tls.X509KeyPair} (kubectl), OpenSSL and the JDK all read it back.
     */
    public static String encode(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (PemGenerationException e) {
            throw new IllegalArgumentException("cannot encode a " + key.getAlgorithm() + " private key: " + e.getMessage(), e);
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
