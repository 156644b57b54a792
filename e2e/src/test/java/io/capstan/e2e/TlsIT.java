package io.capstan.e2e;

import io.capstan.common.pki.CertificateAuthority;
import io.capstan.common.pki.CertificateSpec;
import io.capstan.common.pki.IssuedCertificate;
import io.capstan.common.pki.KubeConfigFile;
import io.capstan.common.pki.PemFile;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every port of the control plane is HTTPS with the cluster's certificates; kubectl works with them. */
@ControlPlane(storage = StorageBackend.SQLITE)
class TlsIT {

    @Test
    void everyServiceServesHealthOverTls13WithACertificateTheClusterCaVerifies(LocalControlPlane plane) throws Exception {
        try (HttpClient http = plane.httpClient()) {
            for (String service : LocalControlPlane.SERVICES) {
                URI url = plane.serviceUrl(service);
                assertEquals("https", url.getScheme());
                HttpResponse<String> readyz = http.send(HttpRequest.newBuilder(url.resolve("/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, readyz.statusCode(), service);
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(url.resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, metrics.statusCode(), service);
                try (SSLSocket socket = (SSLSocket) plane.sslContext().getSocketFactory().createSocket("127.0.0.1", url.getPort())) {
                    socket.startHandshake();
                    assertEquals("TLSv1.3", socket.getSession().getProtocol(), service);
                }
            }
        }
    }

    @Test
    void noPortAnswersPlainHttp(LocalControlPlane plane) throws Exception {
        for (String service : LocalControlPlane.SERVICES) {
            int port = plane.serviceUrl(service).getPort();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                String start = new String(in.readNBytes(8), StandardCharsets.ISO_8859_1);
                assertFalse(start.startsWith("HTTP/1."), service + " answered plain HTTP");
            } catch (IOException e) {
                // reset or closed: not served
            }
        }
    }

    @Test
    void kubectlWithACertificateFromAnotherCaIsUnauthorized(LocalControlPlane plane) throws Exception {
        CertificateAuthority other = CertificateAuthority.generate("not-the-cluster-ca");
        IssuedCertificate mallory = other.issue(CertificateSpec.client("mallory", List.of("system:masters")));
        Path kubeconfig = Files.createTempDirectory("tls-it").resolve("mallory.conf");
        PemFile.create(kubeconfig, new KubeConfigFile("kubernetes", plane.aggregatorUrl().toString(),
                plane.pki().clusterCa().certificate(), "mallory", mallory.certificate(), mallory.keyPair().getPrivate()).render(), true);
        Kubectl.Result r = plane.kubectl(kubeconfig).run("get", "namespaces");
        assertNotEquals(0, r.exitCode(), r.stdout());
        assertTrue(r.stderr().contains("Unauthorized"), r.stderr());
    }

    @Test
    void aKubeconfigForANewUserSignedByTheClusterCaWorks(LocalControlPlane plane) throws Exception {
        Path kubeconfig = Files.createTempDirectory("tls-it").resolve("jane.conf");
        plane.pki().writeUserKubeConfig(kubeconfig, plane.aggregatorUrl().toString(), "jane", List.of("dev"));
        Kubectl jane = plane.kubectl(kubeconfig);
        // Authenticated as jane in group dev (and system:authenticated), before RBAC grants her anything.
        Kubectl.Result whoami = jane.run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}");
        assertEquals("jane [\"dev\",\"system:authenticated\"]", whoami.stdout().strip(), whoami.stderr());
        Kubectl.Result forbidden = jane.run("get", "namespace", "default", "-o", "name");
        assertTrue(forbidden.stderr().contains("User \"jane\" cannot get resource \"namespaces\""), forbidden.stderr());
        plane.kubectl().run("create", "clusterrolebinding", "jane-view", "--clusterrole=view", "--group=dev").assertOk();
        Kubectl.Result r = null;
        for (int i = 0; i < 50; i++) { // RBAC learns of the binding through a watch
            r = jane.run("get", "namespace", "default", "-o", "name");
            if (r.exitCode() == 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("namespace/default", r.stdout().strip(), r.stderr());
    }
}
