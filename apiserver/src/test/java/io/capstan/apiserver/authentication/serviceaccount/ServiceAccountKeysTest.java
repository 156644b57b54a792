package io.capstan.apiserver.authentication.serviceaccount;

import io.capstan.apiserver.authentication.TestCerts;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PEM key files: public keys, and private keys standing for their public half. */
class ServiceAccountKeysTest {

    @Test
    void publicAndPrivateKeysOfBothKinds() throws Exception {
        KeyPair rsa = TestCerts.rsa();
        KeyPair ec = TestCerts.ec();
        Path dir = Files.createTempDirectory("sa-keys");
        Path pub = Files.writeString(dir.resolve("sa.pub"), TestCerts.pem(rsa.getPublic()) + TestCerts.pem(ec.getPublic()));
        assertEquals(java.util.List.of(rsa.getPublic(), ec.getPublic()), ServiceAccountKeys.publicKeys(pub));
        Path rsaKey = Files.writeString(dir.resolve("rsa.key"), TestCerts.pem(rsa.getPrivate()));
        Path ecKey = Files.writeString(dir.resolve("ec.key"), TestCerts.pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(ec.getPrivate(), null).generate()));
        assertEquals(java.util.List.of(rsa.getPublic()), ServiceAccountKeys.publicKeys(rsaKey));
        assertEquals(java.util.List.of(ec.getPublic()), ServiceAccountKeys.publicKeys(ecKey));
        assertEquals(rsa.getPublic(), ServiceAccountKeys.signingKey(rsaKey).getPublic());
        assertEquals(ec.getPublic(), ServiceAccountKeys.signingKey(ecKey).getPublic());
    }
}
