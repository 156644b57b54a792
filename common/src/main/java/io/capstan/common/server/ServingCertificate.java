package io.capstan.common.server;

import io.capstan.common.client.Pem;
import io.capstan.common.pki.CertificateAuthority;
import io.capstan.common.pki.CertificateSpec;
import io.capstan.common.pki.IssuedCertificate;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The certificate chain and key a service serves HTTPS with: from {@code --tls-cert-file} and
 * {@code --tls-private-key-file}, or, when neither is given, a self-signed pair made in memory at
 * startup as upstream's {@code SecureServingOptions.MaybeDefaultWithSelfSignedCerts} does. {@link #tls()}
 * turns it into Helidon's TLS: TLS 1.3 and 1.2 only (1.3 wins when the client has it), and client
 * certificates requested but not verified here ({@link UnverifiedClientTrust}).
 *
 * @param chain       the serving certificate first, then any intermediates
 * @param key         its private key
 * @param selfSigned  whether the pair was generated in memory
 */
public record ServingCertificate(List<X509Certificate> chain, PrivateKey key, boolean selfSigned) {
    /** The protocols a Capstan server accepts, most preferred first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final char[] IN_MEMORY_PASSWORD = "capstan".toCharArray();

    public ServingCertificate {
        chain = List.copyOf(chain);
        Objects.requireNonNull(key, "key");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a serving certificate chain needs at least one certificate");
        }
    }

    /**
     * The pair from the two files, or a self-signed one for {@code host} when both are empty.
     *
     * @throws UsageException when only one file is given, a file is unreadable, or the PEM is malformed
     */
    public static ServingCertificate load(String certFile, String keyFile, String host) {
        boolean cert = certFile != null && !certFile.isBlank();
        boolean key = keyFile != null && !keyFile.isBlank();
        if (cert != key) {
            throw new UsageException("--tls-cert-file and --tls-private-key-file must be given together");
        }
        if (!cert) {
            return selfSigned(host);
        }
        try {
            List<X509Certificate> chain = Pem.certificates(Files.readAllBytes(Path.of(certFile)), "--tls-cert-file " + certFile);
            PrivateKey privateKey = Pem.privateKey(Files.readAllBytes(Path.of(keyFile)), "--tls-private-key-file " + keyFile);
            if (!chain.getFirst().getPublicKey().getAlgorithm().equals(privateKey.getAlgorithm())) {
                throw new UsageException("--tls-private-key-file " + keyFile + " holds a " + privateKey.getAlgorithm()
                        + " key but --tls-cert-file " + certFile + " certifies a " + chain.getFirst().getPublicKey().getAlgorithm() + " key");
            }
            return new ServingCertificate(chain, privateKey, false);
        } catch (IOException e) {
            throw new UsageException("cannot read the serving certificate: " + e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * A certificate for {@code localhost}, {@code 127.0.0.1}, {@code ::1} and {@code host}, signed by a CA
     * made for it alone (named {@code <host>-ca@<unix time>} as upstream's), neither kept anywhere.
     */
    public static ServingCertificate selfSigned(String host) {
        long now = Instant.now().getEpochSecond();
        String name = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        CertificateAuthority ca = CertificateAuthority.generate(name + "-ca@" + now);
        List<String> dns = new ArrayList<>(List.of("localhost"));
        List<String> ips = new ArrayList<>(List.of("127.0.0.1", "::1"));
        if (!name.equals("localhost")) {
            if (isIp(name)) {
                if (!ips.contains(name)) {
                    ips.add(name);
                }
            } else {
                dns.add(name);
            }
        }
        IssuedCertificate cert = ca.issue(CertificateSpec.serving(name + "@" + now, dns, ips));
        return new ServingCertificate(List.of(cert.certificate(), ca.certificate()), cert.keyPair().getPrivate(), true);
    }

    /** Helidon's TLS for this certificate: TLS 1.2+, client certificates requested and passed on unverified. */
    public Tls tls() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("serving", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, IN_MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[]{new UnverifiedClientTrust()}, null);
            // Set on every socket by ServingSslContext: Helidon's blocking listener would not apply them.
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
            parameters.setWantClientAuth(true);
            return Tls.builder()
                    .sslContext(new ServingSslContext(context, parameters))
                    .sslParameters(parameters)
                    .enabledProtocols(PROTOCOLS)
                    .clientAuth(TlsClientAuth.OPTIONAL)
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static boolean isIp(String s) {
        if (s.contains(":")) {
            return true;
        }
        if (!s.matches("[0-9.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(s); // a literal: no lookup
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
