package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.capstan.e2e.KubectlCompatibilityIT.namespace;
import static io.capstan.e2e.KubectlOutput.normalize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kubectl describe service} and {@code get services} for a ClusterIP service (allocation: branch rest). */
@ControlPlane(storage = StorageBackend.SQLITE)
class ServiceClusterIpKubectlIT {
    private static final Pattern IPV4 = Pattern.compile("\\b(\\d{1,3}\\.){3}\\d{1,3}\\b");

    @Test
    void describeAClusterIpService(Kubectl kubectl) {
        String ns = namespace(kubectl, "svc");
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Service
                metadata: {name: svc, namespace: %s}
                spec:
                  ports: [{port: 80, targetPort: 8080, protocol: TCP}]
                """.formatted(ns), "create", "-f", "-").assertOk();
        String ip = kubectl.run("get", "service", "svc", "-n", ns, "-o", "jsonpath={.spec.clusterIP}").assertOk().stdout();
        Matcher m = IPV4.matcher(ip);
        assertTrue(m.matches(), "cluster IP: " + ip);
        assertEquals(ip, kubectl.run("get", "service", "svc", "-n", ns, "-o", "jsonpath={.spec.clusterIPs[0]}").assertOk().stdout());
        String ipColumn = ip + " ".repeat(Math.max(0, "CLUSTER-IP".length() - ip.length()));
        assertEquals("""
                Name:                     svc
                Namespace:                %s
                Labels:                   <none>
                Annotations:              <none>
                Selector:                 <none>
                Type:                     ClusterIP
                IP Family Policy:         SingleStack
                IP Families:              IPv4
                IP:                       %s
                IPs:                      %s
                Port:                     <unset>  80/TCP
                TargetPort:               8080/TCP
                Endpoints:                <none>
                Session Affinity:         None
                Internal Traffic Policy:  Cluster
                Events:                   <none>
                """.formatted(ns, ip, ip), kubectl.run("describe", "service", "svc", "-n", ns).assertOk().stdout());
        assertEquals("NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n".replace("CLUSTER-IP   ", "CLUSTER-IP" + " ".repeat(Math.max(3, ip.length() + 3 - "CLUSTER-IP".length())))
                        + "svc    ClusterIP   " + ipColumn + "   <none>        80/TCP    <age>\n",
                normalize(kubectl.run("get", "services", "-n", ns).assertOk().stdout()));
    }
}
