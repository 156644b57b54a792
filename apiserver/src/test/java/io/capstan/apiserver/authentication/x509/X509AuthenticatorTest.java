package io.capstan.apiserver.authentication.x509;

import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationRequest;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.TestCerts;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client certificates against {@code --client-ca-file}: CN is the user, O the groups; anything unverifiable is an error. */
class X509AuthenticatorTest {
    static final TestCerts.Issued CA = TestCerts.ca("cluster-ca");
    static final TestCerts.Issued OTHER_CA = TestCerts.ca("cluster-ca"); // same name, other key
    final X509Authenticator authenticator = new X509Authenticator(new ChainVerifier(List.of(CA.certificate())));

    static AuthenticationRequest withChain(X509Certificate... chain) {
        return new AuthenticationRequest(name -> List.of(), List.of(chain));
    }

    @Test
    void commonNameIsTheUserAndOrganizationsTheGroups() throws Exception {
        AuthenticationResponse r = authenticator.authenticate(withChain(CA.client("CN=alice,O=dev,O=system:masters").certificate())).orElseThrow();
        assertEquals("alice", r.user().username());
        assertEquals(List.of("dev", "system:masters"), r.user().groups());
        assertTrue(r.user().extra().get(X509Authenticator.CREDENTIAL_ID).get(0).startsWith("X509SHA256="));
    }

    @Test
    void noCertificateIsNoCredentials() throws Exception {
        assertTrue(authenticator.authenticate(AuthenticationRequest.ofHeaders(Map.of())).isEmpty());
    }

    @Test
    void certificateFromAnotherCaIsAnError() {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> authenticator.authenticate(withChain(OTHER_CA.client("CN=mallory,O=system:masters").certificate())));
        assertTrue(e.getMessage().startsWith("verifying certificate SN="), e.getMessage());
    }

    @Test
    void selfSignedCertificateIsAnError() {
        assertThrows(AuthenticationException.class, () -> authenticator.authenticate(withChain(OTHER_CA.certificate())));
    }

    @Test
    void expiredCertificateIsAnError() {
        TestCerts.Issued expired = CA.issue("CN=old", false, KeyPurposeId.id_kp_clientAuth, Instant.now().minus(1, ChronoUnit.MINUTES));
        assertThrows(AuthenticationException.class, () -> authenticator.authenticate(withChain(expired.certificate())));
    }

    @Test
    void serverOnlyCertificateMayNotAuthenticateAClient() {
        TestCerts.Issued server = CA.issue("CN=apiserver", false, KeyPurposeId.id_kp_serverAuth, Instant.now().plus(1, ChronoUnit.DAYS));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> authenticator.authenticate(withChain(server.certificate())));
        assertTrue(e.getMessage().contains("incompatible key usage"), e.getMessage());
    }

    @Test
    void intermediateSentByTheClientIsUsed() throws Exception {
        TestCerts.Issued intermediate = CA.issue("CN=intermediate", true, null, Instant.now().plus(5, ChronoUnit.DAYS));
        TestCerts.Issued leaf = intermediate.client("CN=bob,O=ops");
        assertEquals("bob", authenticator.authenticate(withChain(leaf.certificate(), intermediate.certificate())).orElseThrow().user().username());
        assertThrows(AuthenticationException.class, () -> authenticator.authenticate(withChain(leaf.certificate())),
                "without its intermediate the leaf does not chain to the CA");
    }

    @Test
    void certificateWithoutCommonNameIsNoUser() throws Exception {
        assertTrue(authenticator.authenticate(withChain(CA.client("O=dev").certificate())).isEmpty());
    }
}
