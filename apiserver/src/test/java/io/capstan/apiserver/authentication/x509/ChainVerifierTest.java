package io.capstan.apiserver.authentication.x509;

import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationRequest;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.TestCerts;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remembered outcomes of chain verification answer exactly as a full verification would. */
class ChainVerifierTest {
    static final TestCerts.Issued CA = TestCerts.ca("cluster-ca");
    static final TestCerts.Issued OTHER_CA = TestCerts.ca("cluster-ca"); // same name, other key

    final MutableClock clock = new MutableClock(Instant.now());
    final ChainVerifier verifier = new ChainVerifier(List.of(CA.certificate()), clock);

    static AuthenticationRequest withChain(X509Certificate... chain) {
        return new AuthenticationRequest(name -> List.of(), List.of(chain));
    }

    @Test
    void cachedPathGivesTheSameUserAndGroups() throws Exception {
        X509Authenticator authenticator = new X509Authenticator(verifier);
        X509Certificate alice = CA.client("CN=alice,O=dev,O=system:masters").certificate();
        AuthenticationResponse first = authenticator.authenticate(withChain(alice)).orElseThrow();
        assertEquals(1, verifier.cached());
        AuthenticationResponse second = authenticator.authenticate(withChain(alice)).orElseThrow();
        assertEquals(1, verifier.cached(), "the second request is answered from the remembered outcome");
        assertEquals(first, second);
        assertEquals("alice", second.user().username());
        assertEquals(List.of("dev", "system:masters"), second.user().groups());
        // A copy of the certificate (another object, same DER), as a new TLS session would present it.
        X509Certificate copy = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(alice.getEncoded()));
        assertEquals(first, authenticator.authenticate(withChain(copy)).orElseThrow());
        assertEquals(1, verifier.cached());
    }

    @Test
    void expiredAfterCachingIsRefused() throws Exception {
        X509Certificate shortLived = CA.issue("CN=temp", false, KeyPurposeId.id_kp_clientAuth, clock.instant().plus(1, ChronoUnit.HOURS)).certificate();
        verifier.verify(List.of(shortLived));
        verifier.verify(List.of(shortLived));
        assertEquals(1, verifier.cached());
        clock.set(shortLived.getNotAfter().toInstant());
        verifier.verify(List.of(shortLived)); // notAfter itself is still valid, as the JDK and Go count it
        clock.set(shortLived.getNotAfter().toInstant().plusMillis(1));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> verifier.verify(List.of(shortLived)));
        assertTrue(e.getMessage().contains("validity check failed"), e.getMessage());
        assertThrows(AuthenticationException.class, () -> verifier.verify(List.of(shortLived)), "still refused on the next request");
    }

    @Test
    void expiredIntermediateAfterCachingIsRefused() throws Exception {
        TestCerts.Issued intermediate = CA.issue("CN=intermediate", true, null, clock.instant().plus(2, ChronoUnit.HOURS));
        X509Certificate leaf = intermediate.client("CN=bob").certificate(); // valid for a day: longer than its issuer
        verifier.verify(List.of(leaf, intermediate.certificate()));
        clock.advance(Duration.ofHours(3));
        assertThrows(AuthenticationException.class, () -> verifier.verify(List.of(leaf, intermediate.certificate())));
    }

    @Test
    void notYetValidIsNotRememberedAsAFailure() throws Exception {
        X509Certificate c = CA.client("CN=early").certificate();
        clock.set(c.getNotBefore().toInstant().minusSeconds(60));
        assertThrows(AuthenticationException.class, () -> verifier.verify(List.of(c)));
        assertEquals(0, verifier.cached(), "a time-dependent failure is not remembered");
        clock.set(c.getNotBefore().toInstant().plusSeconds(60));
        verifier.verify(List.of(c));
    }

    @Test
    void differentCaIsRefused() throws Exception {
        X509Certificate alice = CA.client("CN=alice,O=system:masters").certificate();
        verifier.verify(List.of(alice));
        ChainVerifier other = new ChainVerifier(List.of(OTHER_CA.certificate()), clock);
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> other.verify(List.of(alice)));
        assertTrue(e.getMessage().startsWith("verifying certificate SN="), e.getMessage());
        assertThrows(AuthenticationException.class, () -> other.verify(List.of(alice)), "refused again, from its own cache");
        verifier.verify(List.of(alice));
    }

    @Test
    void certificateFromAnotherCaNeverHitsACachedSuccess() throws Exception {
        // Same subject, same validity, same issuer name: only the signature (and key) differ.
        X509Certificate good = CA.client("CN=mallory,O=system:masters").certificate();
        X509Certificate forged = OTHER_CA.client("CN=mallory,O=system:masters").certificate();
        verifier.verify(List.of(good));
        for (int i = 0; i < 3; i++) {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> verifier.verify(List.of(forged)));
            assertTrue(e.getMessage().startsWith("verifying certificate SN="), e.getMessage());
        }
        // The good leaf with another CA's certificate sent as its "intermediate" is another chain as well.
        verifier.verify(List.of(good));
        assertThrows(AuthenticationException.class, () -> verifier.verify(List.of(forged, CA.certificate())));
    }

    @Test
    void failuresAreRememberedAsFailuresWithTheSameMessage() {
        X509Certificate forged = OTHER_CA.client("CN=mallory").certificate();
        String first = assertThrows(AuthenticationException.class, () -> verifier.verify(List.of(forged))).getMessage();
        assertEquals(1, verifier.cached());
        String second = assertThrows(AuthenticationException.class, () -> verifier.verify(List.of(forged))).getMessage();
        assertEquals(first, second);
        TestCerts.Issued server = CA.issue("CN=apiserver", false, KeyPurposeId.id_kp_serverAuth, clock.instant().plus(1, ChronoUnit.DAYS));
        for (int i = 0; i < 2; i++) {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> verifier.verify(List.of(server.certificate())));
            assertTrue(e.getMessage().contains("incompatible key usage"), e.getMessage());
        }
    }

    @Test
    void theCacheIsBounded() throws Exception {
        VerifiedChains chains = new VerifiedChains(3);
        long now = clock.millis();
        for (int i = 0; i < 10; i++) {
            chains.put(List.of(CA.client("CN=u" + i).certificate()), new VerifiedChains.Outcome(0, Long.MAX_VALUE, null), now);
            assertTrue(chains.size() <= 3, "size " + chains.size());
        }
    }

    /** Not an assertion: the cost of a verification answered from the cache against a full PKIX one. */
    @Test
    void printsCostOfARememberedVerification() throws Exception {
        X509Certificate alice = CA.client("CN=alice,O=system:masters").certificate();
        int n = 20_000;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n / 10; i++) {
                new ChainVerifier(List.of(CA.certificate())).verify(List.of(alice));
            }
            long t1 = System.nanoTime();
            ChainVerifier cached = new ChainVerifier(List.of(CA.certificate()));
            for (int i = 0; i < n; i++) {
                cached.verify(List.of(alice));
            }
            long t2 = System.nanoTime();
            System.out.printf("x509 verify: full PKIX %.0f ns, remembered %.0f ns%n", (t1 - t0) / (n / 10.0), (t2 - t1) / (double) n);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
