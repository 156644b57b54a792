package io.capstan.common.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/**
 * A certificate together with the key pair whose public half it certifies.
 *
 * @param certificate the certificate
 * @param keyPair     its key pair
 */
public record IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {
}
