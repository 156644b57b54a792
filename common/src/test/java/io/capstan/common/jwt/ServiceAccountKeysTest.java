package io.capstan.common.jwt;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** PEM key files: public keys, and private keys standing for their public half. */
class ServiceAccountKeysTest {

    static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }

    @Test
    void publicAndPrivateKeysOfBothKinds() throws Exception {
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        KeyPair rsa = rsaGen.generateKeyPair();
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGen.generateKeyPair();
        Path dir = Files.createTempDirectory("sa-keys");
        Path pub = Files.writeString(dir.resolve("sa.pub"), pem(rsa.getPublic()) + pem(ec.getPublic()));
        assertEquals(List.of(rsa.getPublic(), ec.getPublic()), ServiceAccountKeys.publicKeys(pub));
        Path rsaKey = Files.writeString(dir.resolve("rsa.key"), pem(rsa.getPrivate())); // PKCS#1
        Path ecKey = Files.writeString(dir.resolve("ec.key"), pem(new JcaPKCS8Generator(ec.getPrivate(), null).generate()));
        assertEquals(List.of(rsa.getPublic()), ServiceAccountKeys.publicKeys(rsaKey));
        assertEquals(List.of(ec.getPublic()), ServiceAccountKeys.publicKeys(ecKey));
        assertEquals(rsa.getPublic(), ServiceAccountKeys.signingKey(rsaKey).getPublic());
        assertEquals(ec.getPublic(), ServiceAccountKeys.signingKey(ecKey).getPublic());
        assertThrows(IllegalArgumentException.class, () -> ServiceAccountKeys.signingKey(pub));
    }

    @Test
    void signedTokensVerifyWithTheirKeyOnly() throws Exception {
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = ecGen.generateKeyPair();
        KeyPair other = ecGen.generateKeyPair();
        String token = new TokenGenerator("iss", key.getPrivate(), key.getPublic()).generateToken(LegacyClaims.of("ns", "sa", "uid", "s"));
        JsonWebToken jwt = JsonWebToken.parse(token).orElseThrow();
        assertEquals("ES256", jwt.algorithm());
        assertEquals("iss", jwt.claims().path("iss").asText());
        assertEquals(true, jwt.verify(key.getPublic()));
        assertEquals(false, jwt.verify(other.getPublic()));
    }
}
