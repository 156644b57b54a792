package io.capstan.apiserver.authentication.x509;

import io.capstan.apiserver.authentication.AuthenticationException;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Verifies a TLS client's chain (leaf first, intermediates after it) against a CA bundle with the JDK's PKIX
 * validator, for client authentication, as Go's {@code x509.Certificate.Verify} with
 * {@code KeyUsages: [ClientAuth]} does for upstream: validity dates, signatures up to a trusted root, and an
 * extended key usage (when present) that allows client authentication. Revocation is not checked, as upstream.
 */
public final class ChainVerifier {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;

    /** @param roots the trusted CA certificates; at least one */
    public ChainVerifier(List<X509Certificate> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no CA certificate to verify client certificates with");
        }
        this.anchors = new HashSet<>();
        roots.forEach(r -> anchors.add(new TrustAnchor(r, null)));
    }

    /**
     * @param chain the peer's chain, leaf first
     * @throws AuthenticationException when the leaf does not chain to a trusted root, is not valid now, or may not
     *                                 authenticate clients
     */
    public void verify(List<X509Certificate> chain) throws AuthenticationException {
        X509Certificate leaf = chain.get(0);
        try {
            for (X509Certificate c : chain) {
                if (!allowsClientAuth(c)) {
                    throw new AuthenticationException(describe(leaf) + " failed: x509: certificate specifies an incompatible key usage");
                }
            }
            // The peer's own chain may end in a root; anchors must not appear in the path itself.
            List<X509Certificate> path = chain.stream().filter(c -> anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c))).toList();
            if (path.isEmpty()) {
                path = List.of(leaf);
            }
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (GeneralSecurityException e) {
            throw new AuthenticationException(describe(leaf) + " failed: x509: " + e.getMessage(), e);
        }
    }

    private static boolean allowsClientAuth(X509Certificate c) throws CertificateParsingException {
        List<String> eku = c.getExtendedKeyUsage();
        return eku == null || eku.contains(CLIENT_AUTH) || eku.contains(ANY_EKU);
    }

    /** Upstream's message prefix: {@code verifying certificate SN=..., SKID=..., AKID=...}. */
    private static String describe(X509Certificate c) {
        return "verifying certificate SN=" + c.getSerialNumber() + ", SKID=" + keyId(c.getExtensionValue("2.5.29.14"))
                + ", AKID=" + keyId(c.getExtensionValue("2.5.29.35"));
    }

    private static String keyId(byte[] ext) {
        if (ext == null || ext.length < 4) {
            return "";
        }
        // OCTET STRING wrapping the extension; the key id is its last 20 bytes in the usual SHA-1 form.
        int n = Math.min(20, ext.length - 4);
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(ext, ext.length - n, ext.length);
    }
}
