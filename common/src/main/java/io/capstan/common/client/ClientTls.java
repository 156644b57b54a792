package io.capstan.common.client;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link SSLContext} of a client from its {@link ClientConfig.Tls} settings, as client-go's
 * {@code transport.TLSConfigFor}: the server is verified against the configured CA bundle (or the
 * JDK's roots when none is set) and the name in {@link ServerTrust}; a client certificate and key,
 * when configured, are presented to servers that ask for one.
 */
public final class ClientTls {
    private static final char[] IN_MEMORY_PASSWORD = "capstan".toCharArray();

    private ClientTls() {
    }

    /**
     * The context for {@code tls}.
     *
     * @throws IllegalArgumentException when a file cannot be read, the PEM is malformed, or a
     *                                  certificate comes without its key (or the other way round)
     */
    public static SSLContext sslContext(ClientConfig.Tls tls) {
        if (tls.hasClientCertificate() != (tls.keyFile() != null || tls.keyData() != null)) {
            throw new IllegalArgumentException("client-certificate and client-key must be given together");
        }
        if (tls.insecureSkipVerify() && tls.hasCertificateAuthority()) {
            // clientcmd refuses this combination too.
            throw new IllegalArgumentException("specifying a root certificates file with the insecure flag is not allowed");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(tls), new TrustManager[]{new ServerTrust(chainTrust(tls), tls.serverName(), tls.insecureSkipVerify())}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager chainTrust(ClientConfig.Tls tls) throws GeneralSecurityException, IOException {
        KeyStore roots = null;
        byte[] ca = tls.caBytes();
        if (ca != null) {
            roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            List<X509Certificate> certificates = Pem.certificates(ca, "certificate-authority");
            for (int i = 0; i < certificates.size(); i++) {
                roots.setCertificateEntry("ca-" + i, certificates.get(i));
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(roots); // null: the JDK's trusted roots
        return Arrays.stream(factory.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
                .findFirst().orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager available"));
    }

    private static KeyManager[] keyManagers(ClientConfig.Tls tls) throws GeneralSecurityException, IOException {
        if (!tls.hasClientCertificate()) {
            return null;
        }
        List<X509Certificate> chain = Pem.certificates(tls.certBytes(), "client-certificate");
        PrivateKey key = Pem.privateKey(tls.keyBytes(), "client-key");
        if (!chain.getFirst().getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("client-key is a " + key.getAlgorithm() + " key but client-certificate holds a "
                    + chain.getFirst().getPublicKey().getAlgorithm() + " public key");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY_PASSWORD);
        return factory.getKeyManagers();
    }
}
