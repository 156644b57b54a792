package io.capstan.apiserver;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Upstream's create and update warnings, as {@code Warning: 299 - "..."} headers, through HTTP. */
class WarningHeadersTest {
    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
        server.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"warn\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static List<String> warnings(TestApiServer.Response r) {
        return r.headers().allValues("Warning");
    }

    @Test
    void aPodWithADeprecatedNodeLabelAndDuplicateEnvWarnsOnCreateOnly() throws Exception {
        TestApiServer.Response created = server.post("/api/v1/namespaces/warn/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"nodeSelector":{"beta.kubernetes.io/os":"linux"},
                 "containers":[{"name":"c","image":"nginx","env":[{"name":"A","value":"1"},{"name":"A","value":"2"}]}]}}""");
        assertEquals(201, created.code(), created.body());
        assertEquals(List.of(
                "299 - \"spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use \\\"kubernetes.io/os\\\" instead\"",
                "299 - \"spec.containers[0].env[1]: hides previous definition of \\\"A\\\", which may be dropped when using apply\""),
                warnings(created));
        TestApiServer.Response patched = server.send("PATCH", "/api/v1/namespaces/warn/pods/p", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
        assertEquals(200, patched.code(), patched.body());
        assertEquals(List.of(), warnings(patched), "upstream gives no warnings on pod updates");
    }

    @Test
    void aDeploymentTemplateWarnsOnCreateAndOnSpecChangesOnly() throws Exception {
        String path = "/apis/apps/v1/namespaces/warn/deployments";
        TestApiServer.Response created = server.post(path, """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"d"}},
                 "template":{"metadata":{"labels":{"app":"d"}},"spec":{"terminationGracePeriodSeconds":-1,
                 "containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80},{"containerPort":80}]}]}}}}""");
        assertEquals(201, created.code(), created.body());
        List<String> expected = List.of(
                "299 - \"spec.template.spec.containers[0].ports[1]: duplicate port definition with spec.template.spec.containers[0].ports[0]\"",
                "299 - \"spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1\"");
        assertEquals(expected, warnings(created));

        TestApiServer.Response labelled = server.send("PATCH", path + "/d", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
        assertEquals(200, labelled.code(), labelled.body());
        assertEquals(List.of(), warnings(labelled), "generation unchanged: no warnings");

        TestApiServer.Response scaled = server.send("PATCH", path + "/d", "application/merge-patch+json", "{\"spec\":{\"replicas\":3}}");
        assertEquals(200, scaled.code(), scaled.body());
        assertEquals(expected, warnings(scaled));
    }

    @Test
    void serverSideApplyCreatingAPodWarnsToo() throws Exception {
        TestApiServer.Response applied = server.send("PATCH", "/api/v1/namespaces/warn/pods/applied?fieldManager=kubectl",
                "application/apply-patch+yaml", """
                        apiVersion: v1
                        kind: Pod
                        metadata:
                          name: applied
                          annotations:
                            seccomp.security.alpha.kubernetes.io/pod: runtime/default
                        spec:
                          containers:
                          - name: c
                            image: nginx
                        """);
        assertEquals(201, applied.code(), applied.body());
        assertEquals(List.of("299 - \"metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; "
                + "use the \\\"seccompProfile\\\" field instead\""), warnings(applied));
    }
}
