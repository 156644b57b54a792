package io.capstan.aggregator;

import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whom the aggregator vouches for when it proxies a request, as upstream's front proxy does with
 * the identity its own authentication found:
 * <ul>
 *   <li>a client certificate that verifies against {@code --client-ca-file} (chain, validity, the
 *       clientAuth extended key usage) is its subject: CN the user, each O a group;</li>
 *   <li>a client certificate that does not verify is refused with a 401 {@code Status}, reason
 *       {@code Unauthorized}, as upstream's x509 authenticator refuses it;</li>
 *   <li>without a certificate, a request carrying a bearer token vouches for nobody
 *       ({@link Optional#empty()}): the API server authenticates the token itself;</li>
 *   <li>a request with neither is {@link RemoteUser#ANONYMOUS}; an empty bearer token ({@code Bearer},
 *       {@code Bearer  x}) or another scheme is no token, as upstream's {@code bearertoken.Authenticator}
 *       reads the header ({@link #bearerToken}).</li>
 * </ul>
 * Without {@code --client-ca-file}, certificates are not an authentication method and are ignored.
 */
public final class FrontProxyAuthenticator {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;

    /** An authenticator trusting {@code clientCas}; an empty list turns certificate authentication off. */
    public FrontProxyAuthenticator(List<X509Certificate> clientCas) {
        Set<TrustAnchor> set = new HashSet<>();
        clientCas.forEach(ca -> set.add(new TrustAnchor(ca, null)));
        this.anchors = Set.copyOf(set);
    }

    /**
     * The identity to forward for a request with this peer chain (may be null or empty) and
     * {@code Authorization} header (may be null).
     *
     * @throws StatusException a 401 when the certificate does not verify
     */
    public Optional<RemoteUser> authenticate(X509Certificate[] peerChain, String authorization) {
        if (!anchors.isEmpty() && peerChain != null && peerChain.length > 0) {
            verify(peerChain);
            return Optional.of(subject(peerChain[0]));
        }
        if (bearerToken(authorization) != null) {
            return Optional.empty();
        }
        return Optional.of(RemoteUser.ANONYMOUS);
    }

    /**
     * The bearer token of an {@code Authorization} header value, or null when it carries none, split as
     * upstream's {@code bearertoken.Authenticator} does: the trimmed value's first space-separated word must
     * be {@code bearer} (any case) and the second, the token, must not be empty.
     */
    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String[] parts = authorization.strip().split(" ", 3);
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
            return null;
        }
        return parts[1];
    }

    private void verify(X509Certificate[] chain) {
        try {
            X509Certificate leaf = chain[0];
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
                throw new GeneralSecurityException("the certificate may not be used for client authentication");
            }
            // The anchors themselves stay out of the path, as PKIX expects.
            List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
            path.removeIf(c -> anchors.stream().anyMatch(a -> a.getTrustedCert().equals(c)));
            if (path.isEmpty()) {
                throw new GeneralSecurityException("a CA certificate is not a client certificate");
            }
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (GeneralSecurityException e) {
            throw unauthorized();
        }
    }

    /** The user (CN) and groups (each O, in order) of a certificate subject. */
    static RemoteUser subject(X509Certificate certificate) {
        String cn = "";
        List<String> organizations = new ArrayList<>();
        try {
            // LdapName lists RDNs in ASN.1 order, the order Go's pkix.Name reads them in.
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = rdn.getValue().toString();
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    organizations.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            throw unauthorized();
        }
        if (cn.isEmpty()) {
            throw unauthorized();
        }
        return new RemoteUser(cn, organizations);
    }

    private static StatusException unauthorized() {
        return Statuses.of(401, "Unauthorized", "Unauthorized");
    }
}
