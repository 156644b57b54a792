package io.capstan.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.capstan.apiserver.protobuf.ProtoWriter.envelope;
import static io.capstan.apiserver.protobuf.ProtoWriter.intOrString;
import static io.capstan.apiserver.protobuf.ProtoWriter.objectMeta;
import static io.capstan.apiserver.protobuf.ProtoWriter.quantity;
import static io.capstan.apiserver.protobuf.ProtoWriter.time;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Whole objects, built field by field as go-to-protobuf writes them, decode to upstream's JSON. */
class ProtobufDecoderTest {
    /** 2024-01-02T03:04:05Z. */
    static final long SECONDS = 1_704_164_645L;

    @Test
    void namespaceWithLabelsGetsEmptySpecAndStatusLikeGo() {
        ProtoWriter ns = new ProtoWriter().message(1, objectMeta("x", "").entry(11, "a", "b"));

        assertJson("""
                {"kind":"Namespace","apiVersion":"v1",
                 "metadata":{"name":"x","labels":{"a":"b"},"creationTimestamp":null},"spec":{},"status":{}}""",
                envelope("v1", "Namespace", ns));
    }

    @Test
    void configMapDataAndBinaryDataBecomeStringsAndBase64() {
        ProtoWriter cm = new ProtoWriter().message(1, objectMeta("c", "default"))
                .entry(2, "greeting", "hello")
                .message(3, new ProtoWriter().string(1, "blob").bytes(2, new byte[]{0, 1, 2, (byte) 0xFF}))
                .bool(4, false);

        assertJson("""
                {"kind":"ConfigMap","apiVersion":"v1",
                 "metadata":{"name":"c","namespace":"default","creationTimestamp":null},
                 "immutable":false,"data":{"greeting":"hello"},"binaryData":{"blob":"AAEC/w=="}}""",
                envelope("v1", "ConfigMap", cm));
    }

    @Test
    void podAsKubectlRunBuildsItDecodesToTheJsonKubectlRunSends() throws IOException {
        ProtoWriter container = new ProtoWriter().string(1, "p").string(2, "nginx").string(5, "")
                .message(8, new ProtoWriter()).string(13, "").string(14, "")
                .bool(16, false).bool(17, false).bool(18, false).string(20, "");
        ProtoWriter spec = new ProtoWriter().message(2, container).string(3, "Always").string(6, "ClusterFirst")
                .string(8, "").string(9, "").string(10, "").bool(11, false).bool(12, false).bool(13, false)
                .string(16, "").string(17, "").string(19, "").string(24, "");
        ProtoWriter status = new ProtoWriter().string(1, "").string(3, "").string(4, "").string(5, "")
                .string(6, "").string(9, "").string(11, "").string(14, "").varint(17, 0);
        ProtoWriter pod = new ProtoWriter().message(1, objectMeta("p", "").entry(11, "run", "p"))
                .message(2, spec).message(3, status);

        // kubectl 1.32 sends this Pod as JSON; that body is upstream's JSON for the same object.
        assertEquals(Json.tree(ProtobufKubectlCaptureTest.resource("run-pod-sent-as-json.json")),
                ProtobufDecoder.decode(envelope("v1", "Pod", pod)));
    }

    @Test
    void deploymentKeepsPointerReplicasOfZero() {
        ProtoWriter template = new ProtoWriter()
                .message(1, objectMeta("", "").entry(11, "app", "web"))
                .message(2, new ProtoWriter().message(2, new ProtoWriter().string(1, "nginx").string(2, "nginx")
                        .message(8, new ProtoWriter())));
        ProtoWriter spec = new ProtoWriter().varint(1, 0)
                .message(2, new ProtoWriter().entry(1, "app", "web"))
                .message(3, template)
                .message(4, new ProtoWriter().string(1, ""))
                .varint(5, 0).bool(7, false);
        ProtoWriter deployment = new ProtoWriter().message(1, objectMeta("web", "")).message(2, spec)
                .message(3, new ProtoWriter().varint(1, 0).varint(2, 0));

        assertJson("""
                {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","creationTimestamp":null},
                 "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"},"creationTimestamp":null},
                   "spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}]}},
                  "strategy":{}},
                 "status":{}}""",
                envelope("apps/v1", "Deployment", deployment));
    }

    @Test
    void servicePortsCarryIntAndStringTargetPorts() {
        ProtoWriter spec = new ProtoWriter()
                .message(1, new ProtoWriter().string(1, "http").string(2, "TCP").varint(3, 80)
                        .message(4, intOrString(8080)).varint(5, 0))
                .message(1, new ProtoWriter().string(1, "https").string(2, "TCP").varint(3, 443)
                        .message(4, intOrString("https")).varint(5, 0))
                .entry(2, "app", "web").string(3, "").string(4, "ClusterIP");
        ProtoWriter service = new ProtoWriter().message(1, objectMeta("web", "")).message(2, spec)
                .message(3, new ProtoWriter().message(1, new ProtoWriter()));

        assertJson("""
                {"kind":"Service","apiVersion":"v1","metadata":{"name":"web","creationTimestamp":null},
                 "spec":{"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080},
                                  {"name":"https","protocol":"TCP","port":443,"targetPort":"https"}],
                         "selector":{"app":"web"},"type":"ClusterIP"},
                 "status":{"loadBalancer":{}}}""",
                envelope("v1", "Service", service));
    }

    @Test
    void timesAndQuantitiesTakeTheirJsonForms() {
        ProtoWriter meta = new ProtoWriter().string(1, "p").message(8, time(SECONDS, 999_999_999))
                .message(9, time(SECONDS + 30, 0)).varint(10, 30);
        ProtoWriter resources = new ProtoWriter()
                .entry(1, "cpu", quantity("500m")).entry(1, "memory", quantity("1Gi"))
                .entry(2, "cpu", quantity("250m"));
        ProtoWriter spec = new ProtoWriter().message(2, new ProtoWriter().string(1, "c").message(8, resources));
        ProtoWriter status = new ProtoWriter().message(7, time(SECONDS, 0));
        ProtoWriter pod = new ProtoWriter().message(1, meta).message(2, spec).message(3, status);

        assertJson("""
                {"kind":"Pod","apiVersion":"v1",
                 "metadata":{"name":"p","creationTimestamp":"2024-01-02T03:04:05Z",
                             "deletionTimestamp":"2024-01-02T03:04:35Z","deletionGracePeriodSeconds":30},
                 "spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"500m","memory":"1Gi"},
                                                                "requests":{"cpu":"250m"}}}]},
                 "status":{"startTime":"2024-01-02T03:04:05Z"}}""",
                envelope("v1", "Pod", pod));
    }

    @Test
    void microTimesKeepSixFractionalDigits() {
        ProtoWriter spec = new ProtoWriter().string(1, "holder").varint(2, 15)
                .message(3, time(SECONDS, 120_000_000)).message(4, time(SECONDS + 1, 0)).varint(5, 0);
        ProtoWriter lease = new ProtoWriter().message(1, objectMeta("l", "kube-system")).message(2, spec);

        assertJson("""
                {"kind":"Lease","apiVersion":"coordination.k8s.io/v1",
                 "metadata":{"name":"l","namespace":"kube-system","creationTimestamp":null},
                 "spec":{"holderIdentity":"holder","leaseDurationSeconds":15,
                         "acquireTime":"2024-01-02T03:04:05.120000Z","renewTime":"2024-01-02T03:04:06.000000Z",
                         "leaseTransitions":0}}""",
                envelope("coordination.k8s.io/v1", "Lease", lease));
    }

    @Test
    void eventsApiEventKeepsStructsAndMicroTime() {
        ProtoWriter event = new ProtoWriter().message(1, objectMeta("e", "default"))
                .message(2, time(SECONDS, 5_000)).string(4, "default-scheduler").string(5, "sched-1")
                .string(6, "Binding").string(7, "Scheduled")
                .message(8, new ProtoWriter().string(1, "Pod").string(2, "default").string(3, "p"))
                .string(10, "assigned").string(11, "Normal")
                .message(12, new ProtoWriter().string(1, "").string(2, ""))
                .message(13, new ProtoWriter()).message(14, new ProtoWriter()).varint(15, 0);

        assertJson("""
                {"kind":"Event","apiVersion":"events.k8s.io/v1",
                 "metadata":{"name":"e","namespace":"default","creationTimestamp":null},
                 "eventTime":"2024-01-02T03:04:05.000005Z","reportingController":"default-scheduler",
                 "reportingInstance":"sched-1","action":"Binding","reason":"Scheduled",
                 "regarding":{"kind":"Pod","namespace":"default","name":"p"},"note":"assigned","type":"Normal",
                 "deprecatedSource":{},"deprecatedFirstTimestamp":null,"deprecatedLastTimestamp":null}""",
                envelope("events.k8s.io/v1", "Event", event));
    }

    @Test
    void inlinedStructsMergeIntoTheirParent() {
        ProtoWriter env = new ProtoWriter().string(1, "LEVEL").string(2, "")
                .message(3, new ProtoWriter().message(3, new ProtoWriter()
                        .message(1, new ProtoWriter().string(1, "settings")).string(2, "level")));
        ProtoWriter probe = new ProtoWriter()
                .message(1, new ProtoWriter().message(2, new ProtoWriter().string(1, "/healthz")
                        .message(2, intOrString(8080)).string(3, "").string(4, "HTTP")))
                .varint(2, 5).varint(3, 1).varint(4, 10).varint(5, 1).varint(6, 3);
        ProtoWriter volume = new ProtoWriter().string(1, "data")
                .message(2, new ProtoWriter().message(2, new ProtoWriter().string(1, "")));
        ProtoWriter spec = new ProtoWriter().message(1, volume)
                .message(2, new ProtoWriter().string(1, "c").message(7, env).message(10, probe));

        assertJson("""
                {"kind":"Pod","apiVersion":"v1","metadata":{"creationTimestamp":null},
                 "spec":{"volumes":[{"name":"data","emptyDir":{}}],
                         "containers":[{"name":"c",
                           "env":[{"name":"LEVEL","valueFrom":{"configMapKeyRef":{"name":"settings","key":"level"}}}],
                           "resources":{},
                           "livenessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},
                                            "initialDelaySeconds":5,"timeoutSeconds":1,"periodSeconds":10,
                                            "successThreshold":1,"failureThreshold":3}}]},
                 "status":{}}""",
                envelope("v1", "Pod", new ProtoWriter().message(2, spec)));
    }

    @Test
    void namedSliceMessagesBecomeBareLists() {
        ProtoWriter spec = new ProtoWriter()
                .message(1, new ProtoWriter().string(2, "get").string(5, "pods"))
                .string(3, "alice")
                .entry(5, "scopes", new ProtoWriter().string(1, "a").string(1, "b"))
                .entry(5, "empty", new ProtoWriter());
        ProtoWriter review = new ProtoWriter().message(2, spec)
                .message(3, new ProtoWriter().bool(1, true).bool(4, false).string(2, "").string(3, ""));

        assertJson("""
                {"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1",
                 "metadata":{"creationTimestamp":null},
                 "spec":{"resourceAttributes":{"verb":"get","resource":"pods"},"user":"alice",
                         "extra":{"scopes":["a","b"],"empty":[]}},
                 "status":{"allowed":true}}""",
                envelope("authorization.k8s.io/v1", "SubjectAccessReview", review));
    }

    @Test
    void managedFieldsCarryTheirJsonInline() {
        byte[] fields = "{\"f:metadata\":{\"f:labels\":{\".\":{}}}}".getBytes(StandardCharsets.UTF_8);
        ProtoWriter entry = new ProtoWriter().string(1, "kubectl").string(2, "Update").string(3, "v1")
                .message(4, time(SECONDS, 0)).string(6, "FieldsV1")
                .message(7, new ProtoWriter().bytes(1, fields)).string(8, "");
        ProtoWriter meta = objectMeta("x", "").message(17, entry);

        assertJson("""
                {"kind":"Namespace","apiVersion":"v1",
                 "metadata":{"name":"x","creationTimestamp":null,
                   "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1",
                     "time":"2024-01-02T03:04:05Z","fieldsType":"FieldsV1",
                     "fieldsV1":{"f:metadata":{"f:labels":{".":{}}}}}]},
                 "spec":{},"status":{}}""",
                envelope("v1", "Namespace", new ProtoWriter().message(1, meta)));
    }

    @Test
    void mapsOfTimesAndAlwaysWrittenCounters() {
        ProtoWriter status = new ProtoWriter().varint(1, 3)
                .entry(2, "web-1", time(SECONDS, 0)).varint(3, 0).varint(4, 2).varint(5, 2).varint(6, 3);
        ProtoWriter pdb = new ProtoWriter().message(1, objectMeta("pdb", ""))
                .message(2, new ProtoWriter().message(3, intOrString(1)))
                .message(3, status);

        assertJson("""
                {"kind":"PodDisruptionBudget","apiVersion":"policy/v1","metadata":{"name":"pdb","creationTimestamp":null},
                 "spec":{"maxUnavailable":1},
                 "status":{"observedGeneration":3,"disruptedPods":{"web-1":"2024-01-02T03:04:05Z"},
                           "disruptionsAllowed":0,"currentHealthy":2,"desiredHealthy":2,"expectedPods":3}}""",
                envelope("policy/v1", "PodDisruptionBudget", pdb));
    }

    @Test
    void deleteOptionsDecodeUnderEveryGroupVersion() {
        ProtoWriter options = new ProtoWriter().varint(1, 0).message(2, new ProtoWriter().string(1, "u-1"))
                .string(4, "Foreground").string(5, "All");
        String expected = """
                {"kind":"DeleteOptions","apiVersion":"%s","gracePeriodSeconds":0,"preconditions":{"uid":"u-1"},
                 "propagationPolicy":"Foreground","dryRun":["All"]}""";

        for (String apiVersion : new String[]{"v1", "meta.k8s.io/v1", "apps/v1"}) {
            assertJson(expected.formatted(apiVersion), envelope(apiVersion, "DeleteOptions", options));
        }
    }

    @Test
    void csrBytesAreBase64() {
        ProtoWriter spec = new ProtoWriter().bytes(1, "PEM".getBytes(StandardCharsets.UTF_8))
                .string(7, "kubernetes.io/kube-apiserver-client").string(2, "").string(3, "");
        ProtoWriter csr = new ProtoWriter().message(1, objectMeta("csr", "")).message(2, spec);

        assertJson("""
                {"kind":"CertificateSigningRequest","apiVersion":"certificates.k8s.io/v1",
                 "metadata":{"name":"csr","creationTimestamp":null},
                 "spec":{"request":"UEVN","signerName":"kubernetes.io/kube-apiserver-client"},"status":{}}""",
                envelope("certificates.k8s.io/v1", "CertificateSigningRequest", csr));
    }

    static void assertJson(String expected, byte[] body) {
        JsonNode want = Json.tree(expected.getBytes(StandardCharsets.UTF_8));
        assertEquals(want, ProtobufDecoder.decode(body));
    }
}
