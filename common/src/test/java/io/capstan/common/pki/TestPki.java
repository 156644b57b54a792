package io.capstan.common.pki;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * Key material for tests that start services in process: a CA, a serving certificate for
 * {@code 127.0.0.1}/{@code localhost} (files to pass as {@code --tls-cert-file}/{@code --tls-private-key-file}),
 * and a client certificate for {@code kubernetes-admin} in {@code system:masters}. Made once per JVM.
 */
public final class TestPki {
    private static TestPki shared;

    private final Path dir;
    private final CertificateAuthority ca;
    private final IssuedCertificate admin;

    private TestPki() throws IOException {
        dir = Files.createTempDirectory("capstan-test-pki");
        ca = CertificateAuthority.generate("capstan-test-ca");
        IssuedCertificate serving = ca.issue(CertificateSpec.serving("capstan-test", List.of("localhost"), List.of("127.0.0.1")));
        PemFile.create(dir.resolve("ca.crt"), PemFile.encode(ca.certificate()), false);
        PemFile.create(dir.resolve("serving.crt"), PemFile.encode(serving.certificate()), false);
        PemFile.create(dir.resolve("serving.key"), PemFile.encode(serving.keyPair().getPrivate()), true);
        admin = ca.issue(CertificateSpec.client("kubernetes-admin", List.of("system:masters")));
        PemFile.create(dir.resolve("admin.crt"), PemFile.encode(admin.certificate()), false);
        PemFile.create(dir.resolve("admin.key"), PemFile.encode(admin.keyPair().getPrivate()), true);
    }

    /** The JVM's shared instance. */
    public static synchronized TestPki get() {
        if (shared == null) {
            try {
                shared = new TestPki();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** The directory holding {@code ca.crt}, {@code serving.crt/.key} and {@code admin.crt/.key}. */
    public Path dir() {
        return dir;
    }

    /** The CA. */
    public CertificateAuthority ca() {
        return ca;
    }

    /** {@code --tls-cert-file=...} and {@code --tls-private-key-file=...} for a server. */
    public List<String> servingFlags() {
        return List.of("--tls-cert-file=" + dir.resolve("serving.crt"), "--tls-private-key-file=" + dir.resolve("serving.key"));
    }

    /** A client context trusting the CA and presenting the admin certificate. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "test".toCharArray();
            keys.setKeyEntry("admin", admin.keyPair().getPrivate(), password, new X509Certificate[]{admin.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP/1.1 client over {@link #clientContext()}. */
    public HttpClient httpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(clientContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
