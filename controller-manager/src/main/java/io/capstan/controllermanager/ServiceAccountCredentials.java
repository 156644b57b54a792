package io.capstan.controllermanager;

import io.capstan.common.jwt.LegacyClaims;
import io.capstan.common.jwt.ServiceAccountKeys;
import io.capstan.common.jwt.TokenGenerator;
import io.capstan.common.server.Flag;
import io.capstan.common.server.UsageException;
import io.helidon.config.Config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;

/**
 * What the controller manager hands to service accounts, from upstream's flags: the key that signs legacy
 * tokens ({@code --service-account-private-key-file}) and the root CA bundle ({@code --root-ca-file}) written into
 * token Secrets and {@code kube-root-ca.crt} ConfigMaps.
 *
 * @param tokenGenerator signs legacy tokens; empty without a key file (the tokens controller does not run)
 * @param rootCa         the PEM bundle; empty without a file or a kubeconfig CA (the root CA publisher does not run)
 */
record ServiceAccountCredentials(Optional<TokenGenerator> tokenGenerator, byte[] rootCa) {

    static List<Flag> flags() {
        return List.of(
                Flag.of("service-account-private-key-file", "serviceaccounts.private-key-file", "",
                        "a PEM RSA or ECDSA private key that signs service-account tokens in token Secrets"),
                Flag.of("root-ca-file", "serviceaccounts.root-ca-file", "",
                        "the root CA bundle written into token Secrets and every namespace's kube-root-ca.crt ConfigMap (default: the kubeconfig's CA)"));
    }

    /** @param kubeconfigCa the CA of the controller manager's own kubeconfig, used without {@code --root-ca-file} (as upstream); may be null */
    static ServiceAccountCredentials fromConfig(Config config, byte[] kubeconfigCa) {
        String keyFile = config.get("serviceaccounts.private-key-file").asString().orElse("");
        String caFile = config.get("serviceaccounts.root-ca-file").asString().orElse("");
        try {
            TokenGenerator generator = null;
            if (!keyFile.isEmpty()) {
                KeyPair pair = ServiceAccountKeys.signingKey(Path.of(keyFile));
                generator = new TokenGenerator(LegacyClaims.ISSUER, pair.getPrivate(), pair.getPublic());
            }
            byte[] ca = !caFile.isEmpty() ? Files.readAllBytes(Path.of(caFile)) : kubeconfigCa == null ? new byte[0] : kubeconfigCa;
            return new ServiceAccountCredentials(Optional.ofNullable(generator), ca);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("service account credentials: " + e.getMessage());
        }
    }
}
