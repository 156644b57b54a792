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
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Verifies a TLS client's chain (leaf first, intermediates after it) against a CA bundle with the JDK's PKIX
 * validator, for client authentication, as Go's {@code x509.Certificate.Verify} with
 * {@code KeyUsages: [ClientAuth]} does for upstream: validity dates, signatures up to a trusted root, and an
 * extended key usage (when present) that allows client authentication. Revocation is not checked, as upstream.
 *
 * <p>Upstream verifies on every request; so does this, in effect, but cheaper: the outcome for an exact chain is
 * remembered ({@link VerifiedChains}, {@value #CACHE_SIZE} chains at most) for as long as every certificate of the
 * path stays within its validity period, and the current time is compared with that period on every request. A
 * certificate is therefore refused the moment it expires, exactly as without the cache, and a chain is only ever
 * answered from an outcome computed for the very same certificates against this verifier's CA bundle.
 */
public final class ChainVerifier {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";

    /** How many chains' outcomes a verifier remembers. */
    static final int CACHE_SIZE = 4096;

    private final Set<TrustAnchor> anchors;
    private final Clock clock;
    private final VerifiedChains verified = new VerifiedChains(CACHE_SIZE);

    /** @param roots the trusted CA certificates; at least one */
    public ChainVerifier(List<X509Certificate> roots) {
        this(roots, Clock.systemUTC());
    }

    /** @param clock the time certificates must be valid at */
    public ChainVerifier(List<X509Certificate> roots, Clock clock) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no CA certificate to verify client certificates with");
        }
        this.anchors = new HashSet<>();
        roots.forEach(r -> anchors.add(new TrustAnchor(r, null)));
        this.clock = clock;
    }

    /**
     * @param chain the peer's chain, leaf first
     * @throws AuthenticationException when the leaf does not chain to a trusted root, is not valid now, or may not
     *                                 authenticate clients
     */
    public void verify(List<X509Certificate> chain) throws AuthenticationException {
        long now = clock.millis();
        VerifiedChains.Outcome known = verified.get(chain, now);
        if (known == null) {
            known = validate(chain, now);
            verified.put(chain, known, now);
        }
        if (known.failure() != null) {
            throw AuthenticationException.known(known.failure());
        }
    }

    /** How many chains' outcomes are remembered (for tests). */
    int cached() {
        return verified.size();
    }

    /** The full verification at {@code now}: its outcome, with the window in which it holds. */
    private VerifiedChains.Outcome validate(List<X509Certificate> chain, long now) {
        X509Certificate leaf = chain.get(0);
        long notBefore = Long.MIN_VALUE;
        long notAfter = Long.MAX_VALUE;
        try {
            for (X509Certificate c : chain) {
                if (!allowsClientAuth(c)) {
                    // Decided by the certificates alone, whatever the time.
                    return new VerifiedChains.Outcome(notBefore, notAfter,
                            describe(leaf) + " failed: x509: certificate specifies an incompatible key usage");
                }
            }
            // The peer's own chain may end in a root; anchors must not appear in the path itself.
            List<X509Certificate> path = chain.stream().filter(c -> anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c))).toList();
            if (path.isEmpty()) {
                path = List.of(leaf);
            }
            // Within this window every certificate the validator checks the dates of is valid, so its answer
            // (signatures, names, constraints, key usage) does not depend on the time.
            for (X509Certificate c : path) {
                notBefore = Math.max(notBefore, c.getNotBefore().getTime());
                notAfter = Math.min(notAfter, c.getNotAfter().getTime());
            }
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(new Date(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return new VerifiedChains.Outcome(notBefore, notAfter, null);
        } catch (GeneralSecurityException e) {
            // A failure at an instant inside the window is time-independent too; one outside it (expired, not yet
            // valid) is not remembered, VerifiedChains.put refusing outcomes whose window misses their instant.
            return new VerifiedChains.Outcome(notBefore, notAfter, describe(leaf) + " failed: x509: " + e.getMessage());
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
