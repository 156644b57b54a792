package io.capstan.apiserver.authentication.x509;

import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationRequest;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.Authenticator;
import io.capstan.apiserver.authentication.UserInfo;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client certificates ({@code --client-ca-file}), as upstream's {@code x509.Authenticator} with
 * {@code CommonNameUserConversion}: a chain that verifies against the CA is the user named by the leaf's
 * common name, in the groups of its organizations, with credential ID {@code X509SHA256=<fingerprint>}.
 * No client certificate is "no credentials"; one that does not verify is an error. The user read from a leaf
 * that verified is remembered (as many leaves as {@link ChainVerifier} remembers chains), so a client reusing its
 * certificate is not parsed and hashed again; the chain is still verified on every request.
 */
public final class X509Authenticator implements Authenticator {
    /** Upstream's {@code user.CredentialIDKey}. */
    public static final String CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

    private final ChainVerifier verifier;
    private final ConcurrentHashMap<X509Certificate, Optional<AuthenticationResponse>> users = new ConcurrentHashMap<>();

    public X509Authenticator(ChainVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Optional<AuthenticationResponse> authenticate(AuthenticationRequest request) throws AuthenticationException {
        List<X509Certificate> chain = request.peerCertificates();
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        verifier.verify(chain);
        X509Certificate leaf = chain.get(0);
        Optional<AuthenticationResponse> known = users.get(leaf);
        if (known != null) {
            return known;
        }
        Optional<AuthenticationResponse> user = user(leaf);
        if (users.size() >= ChainVerifier.CACHE_SIZE) {
            users.clear();
        }
        users.put(leaf, user);
        return user;
    }

    /** Upstream's {@code CommonNameUserConversion}: the user the leaf names, if it has a common name. */
    private static Optional<AuthenticationResponse> user(X509Certificate leaf) {
        String cn = subjectValues(leaf, "CN").stream().findFirst().orElse("");
        if (cn.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AuthenticationResponse.of(new UserInfo(cn, "", subjectValues(leaf, "O"),
                Map.of(CREDENTIAL_ID, List.of("X509SHA256=" + fingerprint(leaf))))));
    }

    /** The values of one attribute of the certificate's subject, in order ({@code CN}, {@code O}, ...). */
    public static List<String> subjectValues(X509Certificate cert, String type) {
        List<String> values = new ArrayList<>();
        try {
            // getName() writes RFC 2253 (last RDN first); LdapName's index 0 is that string's end: the ASN.1 order.
            List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
            for (Rdn rdn : rdns) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    values.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return List.of();
        }
        return values;
    }

    private static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
