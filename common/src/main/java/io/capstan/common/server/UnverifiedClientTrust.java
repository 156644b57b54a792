package io.capstan.common.server;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * A server's trust manager that accepts any client certificate chain, as Go's
 * {@code tls.RequestClientCert}: the TLS layer only asks for a certificate; whether it is valid is the
 * x509 authenticator's decision, so a certificate from another CA ends in a 401 {@code Status} rather
 * than a failed handshake. It never trusts servers: it is for the serving side only.
 */
final class UnverifiedClientTrust extends X509ExtendedTrustManager {
    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Accepted here; verified by the authenticator against --client-ca-file.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a serving trust manager does not verify servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        // An empty list of acceptable CAs: clients offer whatever certificate they have.
        return NO_ISSUERS;
    }
}
