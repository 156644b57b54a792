package io.capstan.common.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubeConfigTest {
    private static final String YAML = """
            apiVersion: v1
            kind: Config
            current-context: capstan
            clusters:
            - name: local
              cluster:
                server: http://127.0.0.1:6444/
                certificate-authority: pki/ca.crt
            - name: remote
              cluster:
                server: https://example.test:6443
                certificate-authority-data: Q0FEQVRB
                insecure-skip-tls-verify: true
                tls-server-name: kubernetes
            users:
            - name: admin
              user:
                token: s3cret
                client-certificate: /etc/pki/admin.crt
                client-key-data: S0VZ
            - name: robot
              user:
                tokenFile: token.txt
            contexts:
            - name: capstan
              context:
                cluster: local
                user: admin
                namespace: kube-system
            - name: other
              context:
                cluster: remote
                user: robot
            """;

    @Test
    void currentContextGivesServerTokenNamespaceAndCertificatePaths() {
        ClientConfig c = KubeConfig.parse(YAML, Path.of("/home/u/.kube")).clientConfig(null);
        assertEquals(URI.create("http://127.0.0.1:6444"), c.server());
        assertEquals("s3cret", c.bearerToken());
        assertEquals("kube-system", c.namespace());
        assertEquals(Path.of("/home/u/.kube/pki/ca.crt"), c.tls().caFile());
        assertEquals(Path.of("/etc/pki/admin.crt"), c.tls().certFile());
        assertEquals("S0VZ", c.tls().keyData());
        assertTrue(c.tls().hasClientCertificate());
        assertEquals(ClientConfig.DEFAULT_QPS, c.qps());
        assertEquals(ClientConfig.DEFAULT_BURST, c.burst());
    }

    @Test
    void namedContextGivesTokenFileAndClusterTlsSettings() {
        ClientConfig c = KubeConfig.parse(YAML, Path.of("/cfg")).clientConfig("other");
        assertEquals(URI.create("https://example.test:6443"), c.server());
        assertNull(c.bearerToken());
        assertEquals(Path.of("/cfg/token.txt"), c.tokenFile());
        assertEquals("default", c.namespace());
        assertEquals("Q0FEQVRB", c.tls().caData());
        assertTrue(c.tls().insecureSkipVerify());
        assertEquals("kubernetes", c.tls().serverName());
        assertFalse(c.tls().hasClientCertificate());
    }

    @Test
    void missingContextOrClusterIsAnError() {
        KubeConfig kc = KubeConfig.parse(YAML, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kc.clientConfig("nope"));
        assertTrue(e.getMessage().contains("\"nope\""), e.getMessage());
        KubeConfig noCurrent = KubeConfig.parse("clusters: []\n", null);
        assertThrows(IllegalArgumentException.class, () -> noCurrent.clientConfig(null));
        assertThrows(IllegalArgumentException.class, () -> KubeConfig.parse("- just\n- a list\n", null));
    }

    @Test
    void buildConfigFromFlagsLetsMasterOverrideTheKubeconfigServer(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, YAML);
        assertEquals(URI.create("http://127.0.0.1:6444"), KubeConfig.buildConfigFromFlags("", file.toString()).server());
        ClientConfig overridden = KubeConfig.buildConfigFromFlags("http://10.0.0.1:8080", file.toString());
        assertEquals(URI.create("http://10.0.0.1:8080"), overridden.server());
        assertEquals("s3cret", overridden.bearerToken());
        assertEquals(URI.create("http://10.0.0.2:1"), KubeConfig.buildConfigFromFlags("http://10.0.0.2:1", null).server());
        assertThrows(IllegalArgumentException.class, () -> KubeConfig.buildConfigFromFlags(null, ""));
        assertThrows(IllegalArgumentException.class, () -> KubeConfig.buildConfigFromFlags(null, dir.resolve("absent").toString()));
    }
}
