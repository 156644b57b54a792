package io.capstan.apiserver.authentication.x509;

import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationRequest;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.Authenticator;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lets another authenticator see the request only when the TLS client's certificate verifies against a CA and
 * its common name is allowed, as upstream's {@code x509.Verifier} guarding the request-header authenticator:
 * without a client certificate nothing is authenticated; with one that does not verify, or whose name is not
 * allowed, the request is rejected (another authenticator in the union may still accept it).
 */
public final class Verifier implements Authenticator {
    private final ChainVerifier verifier;
    private final Set<String> allowedNames;
    private final Authenticator delegate;

    /** @param allowedNames the common names allowed; empty allows any certificate the CA signed */
    public Verifier(ChainVerifier verifier, List<String> allowedNames, Authenticator delegate) {
        this.verifier = verifier;
        this.allowedNames = Set.copyOf(allowedNames);
        this.delegate = delegate;
    }

    @Override
    public Optional<AuthenticationResponse> authenticate(AuthenticationRequest request) throws AuthenticationException {
        List<X509Certificate> chain = request.peerCertificates();
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        verifier.verify(chain);
        if (!allowedNames.isEmpty()) {
            String cn = X509Authenticator.subjectValues(chain.get(0), "CN").stream().findFirst().orElse("");
            if (!allowedNames.contains(cn)) {
                throw new AuthenticationException("x509: subject with cn=" + cn + " is not in the allowed list");
            }
        }
        return delegate.authenticate(request);
    }
}
