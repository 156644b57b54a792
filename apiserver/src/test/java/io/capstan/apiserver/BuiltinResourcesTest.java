package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in resources beyond the skeleton's, through the in-process server: CRUD, discovery, tables, generation, scale. */
class BuiltinResourcesTest {
    static TestApiServer server;

    private static final String TEMPLATE = "\"template\":{\"metadata\":{\"labels\":{\"app\":\"a\"}},"
            + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1\"}]}}";
    private static final String SELECTOR = "\"selector\":{\"matchLabels\":{\"app\":\"a\"}}";

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
        server.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"b\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** One valid object per resource: API path prefix, resource, namespaced, kind, and the object's body. */
    static Stream<Arguments> resources() {
        return Stream.of(
                r("/api/v1", "services", true, "Service", "\"spec\":{\"ports\":[{\"port\":80}]}"),
                r("/api/v1", "endpoints", true, "Endpoints", "\"subsets\":[{\"addresses\":[{\"ip\":\"10.0.0.1\"}],\"ports\":[{\"port\":80}]}]"),
                r("/api/v1", "limitranges", true, "LimitRange", "\"spec\":{\"limits\":[{\"type\":\"Container\",\"default\":{\"cpu\":\"1\"}}]}"),
                r("/api/v1", "resourcequotas", true, "ResourceQuota", "\"spec\":{\"hard\":{\"pods\":\"10\"}}"),
                r("/api/v1", "podtemplates", true, "PodTemplate", TEMPLATE),
                r("/api/v1", "replicationcontrollers", true, "ReplicationController", "\"spec\":{" + TEMPLATE + "}"),
                r("/api/v1", "persistentvolumes", false, "PersistentVolume",
                        "\"spec\":{\"capacity\":{\"storage\":\"1Gi\"},\"accessModes\":[\"ReadWriteOnce\"],\"hostPath\":{\"path\":\"/x\"}}"),
                r("/api/v1", "persistentvolumeclaims", true, "PersistentVolumeClaim",
                        "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}"),
                r("/apis/apps/v1", "deployments", true, "Deployment", "\"spec\":{" + SELECTOR + "," + TEMPLATE + "}"),
                r("/apis/apps/v1", "replicasets", true, "ReplicaSet", "\"spec\":{" + SELECTOR + "," + TEMPLATE + "}"),
                r("/apis/apps/v1", "statefulsets", true, "StatefulSet", "\"spec\":{" + SELECTOR + "," + TEMPLATE + "}"),
                r("/apis/apps/v1", "daemonsets", true, "DaemonSet", "\"spec\":{" + SELECTOR + "," + TEMPLATE + "}"),
                r("/apis/apps/v1", "controllerrevisions", true, "ControllerRevision", "\"revision\":1"),
                r("/apis/batch/v1", "jobs", true, "Job", "\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"Never\","
                        + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}"),
                r("/apis/batch/v1", "cronjobs", true, "CronJob", "\"spec\":{\"schedule\":\"*/5 * * * *\",\"jobTemplate\":{\"spec\":"
                        + "{\"template\":{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}}"),
                r("/apis/discovery.k8s.io/v1", "endpointslices", true, "EndpointSlice",
                        "\"addressType\":\"IPv4\",\"endpoints\":[{\"addresses\":[\"10.0.0.1\"]}]"),
                r("/apis/events.k8s.io/v1", "events", true, "Event",
                        "\"eventTime\":\"2026-01-01T00:00:00.000000Z\",\"reportingController\":\"x\",\"reportingInstance\":\"y\",\"action\":\"A\",\"reason\":\"R\",\"type\":\"Normal\""),
                r("/apis/policy/v1", "poddisruptionbudgets", true, "PodDisruptionBudget", "\"spec\":{\"minAvailable\":1," + SELECTOR + "}"),
                r("/apis/scheduling.k8s.io/v1", "priorityclasses", false, "PriorityClass", "\"value\":1000"),
                r("/apis/networking.k8s.io/v1", "ingresses", true, "Ingress", "\"spec\":{\"rules\":[{\"host\":\"a.example.com\"}]}"),
                r("/apis/networking.k8s.io/v1", "ingressclasses", false, "IngressClass", "\"spec\":{\"controller\":\"example.com/ingress\"}"),
                r("/apis/networking.k8s.io/v1", "networkpolicies", true, "NetworkPolicy", "\"spec\":{\"podSelector\":{}}"),
                r("/apis/storage.k8s.io/v1", "storageclasses", false, "StorageClass", "\"provisioner\":\"example.com/p\""),
                r("/apis/storage.k8s.io/v1", "csidrivers", false, "CSIDriver", "\"spec\":{}"),
                r("/apis/storage.k8s.io/v1", "csinodes", false, "CSINode", "\"spec\":{\"drivers\":[]}"),
                r("/apis/storage.k8s.io/v1", "csistoragecapacities", true, "CSIStorageCapacity", "\"storageClassName\":\"fast\""),
                r("/apis/storage.k8s.io/v1", "volumeattachments", false, "VolumeAttachment",
                        "\"spec\":{\"attacher\":\"x\",\"nodeName\":\"n\",\"source\":{\"persistentVolumeName\":\"pv\"}}"),
                r("/apis/node.k8s.io/v1", "runtimeclasses", false, "RuntimeClass", "\"handler\":\"runc\""),
                r("/apis/certificates.k8s.io/v1", "certificatesigningrequests", false, "CertificateSigningRequest",
                        "\"spec\":{\"request\":\"cmVx\",\"signerName\":\"example.com/s\",\"usages\":[\"digital signature\"]}"),
                r("/apis/flowcontrol.apiserver.k8s.io/v1", "flowschemas", false, "FlowSchema",
                        "\"spec\":{\"priorityLevelConfiguration\":{\"name\":\"p\"},\"matchingPrecedence\":100}"),
                r("/apis/flowcontrol.apiserver.k8s.io/v1", "prioritylevelconfigurations", false, "PriorityLevelConfiguration",
                        "\"spec\":{\"type\":\"Limited\",\"limited\":{\"nominalConcurrencyShares\":5,\"limitResponse\":{\"type\":\"Reject\"}}}"));
    }

    private static Arguments r(String prefix, String resource, boolean namespaced, String kind, String body) {
        return Arguments.of(prefix, resource, namespaced, kind, body);
    }

    private static String collection(String prefix, String resource, boolean namespaced) {
        return prefix + (namespaced ? "/namespaces/b/" : "/") + resource;
    }

    private static String object(String prefix, String kind, String name, String body) {
        String apiVersion = prefix.equals("/api/v1") ? "v1" : prefix.substring("/apis/".length());
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"" + name + "\"}," + body + "}";
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("resources")
    void createGetListDelete(String prefix, String resource, boolean namespaced, String kind, String body) throws Exception {
        String coll = collection(prefix, resource, namespaced);
        String name = "crud-" + resource.substring(0, 4);
        var created = server.post(coll, object(prefix, kind, name, body));
        assertEquals(201, created.code(), created.body());
        assertEquals(kind, created.json().path("kind").asText());
        var got = server.get(coll + "/" + name);
        assertEquals(200, got.code(), got.body());
        assertEquals(created.json().path("metadata").path("uid"), got.json().path("metadata").path("uid"));
        var list = server.get(coll);
        assertEquals(200, list.code(), list.body());
        assertEquals(kind + "List", list.json().path("kind").asText());
        List<String> names = new ArrayList<>();
        list.json().path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
        assertTrue(names.contains(name), names.toString());
        var deleted = server.delete(coll + "/" + name);
        assertEquals(200, deleted.code(), deleted.body());
        assertEquals(404, server.get(coll + "/" + name).code());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("resources")
    void tableHasUpstreamColumnsAndOneCellPerColumn(String prefix, String resource, boolean namespaced, String kind, String body)
            throws Exception {
        String coll = collection(prefix, resource, namespaced);
        String name = "tbl-" + resource.substring(0, 4);
        assertEquals(201, server.post(coll, object(prefix, kind, name, body)).code());
        JsonNode table = server.send("GET", coll + "/" + name, null, null,
                "application/json;as=Table;v=v1;g=meta.k8s.io").json();
        assertEquals("Table", table.path("kind").asText(), table.toString());
        int columns = table.path("columnDefinitions").size();
        assertTrue(columns >= 2, table.toString());
        assertEquals(columns, table.path("rows").get(0).path("cells").size(), table.toString());
        server.delete(coll + "/" + name);
    }

    static Stream<Arguments> upstreamColumns() {
        return Stream.of(
                Arguments.of("/apis/apps/v1", "deployments", "Name,Ready,Up-to-date,Available,Age,Containers,Images,Selector", "0,0,0,0,0,1,1,1", "string,string,string,string,string,string,string,string"),
                Arguments.of("/apis/apps/v1", "statefulsets", "Name,Ready,Age,Containers,Images", "0,0,0,1,1", "string,string,string,string,string"),
                Arguments.of("/apis/batch/v1", "jobs", "Name,Status,Completions,Duration,Age,Containers,Images,Selector", "0,0,0,0,0,1,1,1", "string,string,string,string,string,string,string,string"),
                Arguments.of("/apis/batch/v1", "cronjobs", "Name,Schedule,Timezone,Suspend,Active,Last Schedule,Age,Containers,Images,Selector",
                        "0,0,0,0,0,0,0,1,1,1", "string,string,string,boolean,integer,string,string,string,string,string"),
                Arguments.of("/api/v1", "services", "Name,Type,Cluster-IP,External-IP,Port(s),Age,Selector", "0,0,0,0,0,0,1", "string,string,string,string,string,string,string"),
                Arguments.of("/api/v1", "persistentvolumeclaims", "Name,Status,Volume,Capacity,Access Modes,StorageClass,VolumeAttributesClass,Age,VolumeMode",
                        "0,0,0,0,0,0,0,0,1", "string,string,string,string,string,string,string,string,string"),
                Arguments.of("/apis/networking.k8s.io/v1", "ingresses", "Name,Class,Hosts,Address,Ports,Age", "0,0,0,0,0,0", "string,string,string,string,string,string"),
                Arguments.of("/apis/policy/v1", "poddisruptionbudgets", "Name,Min Available,Max Unavailable,Allowed Disruptions,Age", "0,0,0,0,0", "string,string,string,integer,string"),
                Arguments.of("/apis/scheduling.k8s.io/v1", "priorityclasses", "Name,Value,Global-Default,Age,PreemptionPolicy", "0,0,0,0,0", "string,integer,boolean,string,string"),
                Arguments.of("/apis/storage.k8s.io/v1", "storageclasses",
                        "Name,Provisioner,ReclaimPolicy,VolumeBindingMode,AllowVolumeExpansion,Age", "0,0,0,0,0,0", "string,string,string,string,string,string"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("upstreamColumns")
    void tableColumnsMatchUpstreamNamesPrioritiesAndTypes(String prefix, String resource, String names, String priorities, String types)
            throws Exception {
        boolean namespaced = !prefix.contains("scheduling") && !prefix.contains("storage");
        JsonNode table = server.send("GET", collection(prefix, resource, namespaced), null, null,
                "application/json;as=Table;v=v1;g=meta.k8s.io").json();
        List<String> gotNames = new ArrayList<>();
        List<String> gotPriorities = new ArrayList<>();
        List<String> gotTypes = new ArrayList<>();
        table.path("columnDefinitions").forEach(c -> {
            gotTypes.add(c.path("type").asText());
            gotNames.add(c.path("name").asText());
            gotPriorities.add(Integer.toString(c.path("priority").asInt()));
        });
        assertEquals(List.of(names.split(",")), gotNames);
        assertEquals(List.of(priorities.split(",")), gotPriorities);
        assertEquals(List.of(types.split(",")), gotTypes);
    }

    @Test
    void deploymentCellsFollowUpstreamFormats() throws Exception {
        String coll = "/apis/apps/v1/namespaces/b/deployments";
        assertEquals(201, server.post(coll, object("/apis/apps/v1", "Deployment", "cells",
                "\"spec\":{\"replicas\":2," + SELECTOR + "," + TEMPLATE + "}")).code());
        JsonNode row = server.send("GET", coll + "/cells", null, null, "application/json;as=Table;v=v1;g=meta.k8s.io")
                .json().path("rows").get(0).path("cells");
        assertEquals("cells", row.get(0).asText());
        assertEquals("0/2", row.get(1).asText());
        assertEquals(0, row.get(2).asInt());
        assertEquals("c", row.get(5).asText());
        assertEquals("nginx:1", row.get(6).asText());
        assertEquals("app=a", row.get(7).asText());
    }

    @Test
    void discoveryListsNewResourcesWithSubresources() throws Exception {
        Map<String, JsonNode> apps = resourcesOf("/apis/apps/v1");
        for (String r : List.of("deployments", "replicasets", "statefulsets")) {
            assertNotNull(apps.get(r + "/status"), r);
            JsonNode scale = apps.get(r + "/scale");
            assertNotNull(scale, r);
            assertEquals("Scale", scale.path("kind").asText());
            assertEquals("autoscaling", scale.path("group").asText());
            assertEquals("v1", scale.path("version").asText());
        }
        assertNotNull(apps.get("daemonsets/status"));
        assertEquals("deploy", apps.get("deployments").path("shortNames").get(0).asText());
        assertEquals("all", apps.get("deployments").path("categories").get(0).asText());
        Map<String, JsonNode> core = resourcesOf("/api/v1");
        for (String r : List.of("services/status", "replicationcontrollers/scale", "resourcequotas/status",
                "persistentvolumes/status", "persistentvolumeclaims/status", "endpoints", "limitranges", "podtemplates")) {
            assertNotNull(core.get(r), r);
        }
        assertEquals("svc", core.get("services").path("shortNames").get(0).asText());
        assertFalse(core.get("persistentvolumes").path("namespaced").asBoolean());
        assertNotNull(resourcesOf("/apis/certificates.k8s.io/v1").get("certificatesigningrequests/approval"));
        assertNotNull(resourcesOf("/apis/flowcontrol.apiserver.k8s.io/v1").get("flowschemas/status"));
        assertNotNull(resourcesOf("/apis/networking.k8s.io/v1").get("ingresses/status"));
        assertNotNull(resourcesOf("/apis/policy/v1").get("poddisruptionbudgets/status"));
        List<String> groups = new ArrayList<>();
        server.get("/apis").json().path("groups").forEach(g -> groups.add(g.path("name").asText()));
        // Upstream's /apis order: apps first, coordination after scheduling, flowcontrol last of these.
        assertEquals("apps", groups.get(0));
        assertTrue(groups.indexOf("scheduling.k8s.io") < groups.indexOf("coordination.k8s.io"), groups.toString());
        assertEquals("flowcontrol.apiserver.k8s.io", groups.get(groups.size() - 1));
    }

    private static Map<String, JsonNode> resourcesOf(String path) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        server.get(path).json().path("resources").forEach(r -> out.put(r.path("name").asText(), r));
        return out;
    }

    @Test
    void generationBumpsOnSpecChangeOnly() throws Exception {
        String coll = "/apis/apps/v1/namespaces/b/deployments";
        JsonNode created = server.post(coll, object("/apis/apps/v1", "Deployment", "gen",
                "\"spec\":{" + SELECTOR + "," + TEMPLATE + "}")).json();
        assertEquals(1, created.path("metadata").path("generation").asLong());
        JsonNode labelled = server.send("PATCH", coll + "/gen", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}").json();
        assertEquals(1, labelled.path("metadata").path("generation").asLong(), "a label change is not a spec change");
        JsonNode status = server.send("PATCH", coll + "/gen/status", "application/merge-patch+json",
                "{\"status\":{\"replicas\":1}}").json();
        assertEquals(1, status.path("metadata").path("generation").asLong(), "a status change is not a spec change");
        JsonNode scaled = server.send("PATCH", coll + "/gen", "application/merge-patch+json",
                "{\"spec\":{\"replicas\":5}}").json();
        assertEquals(2, scaled.path("metadata").path("generation").asLong());
        assertEquals(1, scaled.path("status").path("replicas").asLong(), "the main resource keeps the status");
    }

    @Test
    void statusIsResetOnCreate() throws Exception {
        JsonNode created = server.post("/apis/apps/v1/namespaces/b/deployments", object("/apis/apps/v1", "Deployment", "reset",
                "\"spec\":{" + SELECTOR + "," + TEMPLATE + "},\"status\":{\"replicas\":9}")).json();
        assertTrue(created.path("status").isEmpty(), created.toString());
        JsonNode pv = server.post("/api/v1/persistentvolumes", object("/api/v1", "PersistentVolume", "reset-pv",
                "\"spec\":{\"capacity\":{\"storage\":\"1Gi\"},\"hostPath\":{\"path\":\"/x\"}},\"status\":{\"phase\":\"Bound\"}")).json();
        assertEquals("Pending", pv.path("status").path("phase").asText());
    }

    @Test
    void deploymentSelectorMustMatchTemplate() throws Exception {
        var missing = server.post("/apis/apps/v1/namespaces/b/deployments", object("/apis/apps/v1", "Deployment", "nosel",
                "\"spec\":{" + TEMPLATE + "}"));
        assertEquals(422, missing.code(), missing.body());
        assertTrue(fields(missing.json()).contains("spec.selector"), missing.body());
        var mismatch = server.post("/apis/apps/v1/namespaces/b/deployments", object("/apis/apps/v1", "Deployment", "mismatch",
                "\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"other\"}}," + TEMPLATE + "}"));
        assertEquals(422, mismatch.code(), mismatch.body());
        assertEquals(List.of("spec.template.metadata.labels"), fields(mismatch.json()));
        var noTemplate = server.post("/apis/apps/v1/namespaces/b/deployments", object("/apis/apps/v1", "Deployment", "notemplate",
                "\"spec\":{" + SELECTOR + "}"));
        assertEquals(422, noTemplate.code(), noTemplate.body());
        assertTrue(fields(noTemplate.json()).contains("spec.template.spec.containers"), noTemplate.body());
        var never = server.post("/apis/apps/v1/namespaces/b/deployments", object("/apis/apps/v1", "Deployment", "never",
                "\"spec\":{" + SELECTOR + "," + TEMPLATE.replace("\"containers\"", "\"restartPolicy\":\"Never\",\"containers\"") + "}"));
        assertEquals(422, never.code(), never.body());
        assertEquals(List.of("spec.template.spec.restartPolicy"), fields(never.json()));
    }

    private static List<String> fields(JsonNode status) {
        List<String> out = new ArrayList<>();
        status.path("details").path("causes").forEach(c -> out.add(c.path("field").asText()));
        return out;
    }

    @Test
    void scaleGetUpdateAndPatch() throws Exception {
        String coll = "/apis/apps/v1/namespaces/b/deployments";
        server.post(coll, object("/apis/apps/v1", "Deployment", "sc", "\"spec\":{\"replicas\":2," + SELECTOR + "," + TEMPLATE + "}"));
        JsonNode scale = server.get(coll + "/sc/scale").json();
        assertEquals("Scale", scale.path("kind").asText());
        assertEquals("autoscaling/v1", scale.path("apiVersion").asText());
        assertEquals(2, scale.path("spec").path("replicas").asInt());
        assertEquals("app=a", scale.path("status").path("selector").asText());
        var updated = server.put(coll + "/sc/scale", "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\","
                + "\"metadata\":{\"name\":\"sc\",\"namespace\":\"b\"},\"spec\":{\"replicas\":4}}");
        assertEquals(200, updated.code(), updated.body());
        assertEquals(4, updated.json().path("spec").path("replicas").asInt());
        JsonNode deployment = server.get(coll + "/sc").json();
        assertEquals(4, deployment.path("spec").path("replicas").asInt());
        assertEquals(2, deployment.path("metadata").path("generation").asInt());
        var patched = server.send("PATCH", coll + "/sc/scale", "application/merge-patch+json", "{\"spec\":{\"replicas\":1}}");
        assertEquals(200, patched.code(), patched.body());
        assertEquals(1, server.get(coll + "/sc").json().path("spec").path("replicas").asInt());
        var stale = server.put(coll + "/sc/scale", "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\","
                + "\"metadata\":{\"name\":\"sc\",\"resourceVersion\":\"" + scale.path("metadata").path("resourceVersion").asText()
                + "\"},\"spec\":{\"replicas\":7}}");
        assertEquals(409, stale.code(), stale.body());
        var negative = server.send("PATCH", coll + "/sc/scale", "application/merge-patch+json", "{\"spec\":{\"replicas\":-1}}");
        assertEquals(422, negative.code(), negative.body());
    }

    @Test
    void replicationControllerScaleSelectorIsItsLabelMap() throws Exception {
        server.post("/api/v1/namespaces/b/replicationcontrollers", object("/api/v1", "ReplicationController", "rcs",
                "\"spec\":{" + TEMPLATE + "}"));
        JsonNode scale = server.get("/api/v1/namespaces/b/replicationcontrollers/rcs/scale").json();
        assertEquals(1, scale.path("spec").path("replicas").asInt());
        assertEquals("app=a", scale.path("status").path("selector").asText());
    }

    @Test
    void approvalChangesOnlyConditionsAndTheSpecIsImmutable() throws Exception {
        String coll = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
        server.post(coll, object("/apis/certificates.k8s.io/v1", "CertificateSigningRequest", "appr",
                "\"spec\":{\"request\":\"cmVx\",\"signerName\":\"example.com/s\",\"usages\":[\"digital signature\"]}"));
        JsonNode csr = server.get(coll + "/appr").json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) csr.path("spec")).put("signerName", "example.com/other");
        ((com.fasterxml.jackson.databind.node.ObjectNode) csr).putObject("status").putArray("conditions").addObject()
                .put("type", "Approved").put("status", "True").put("reason", "Test");
        var approved = server.put(coll + "/appr/approval", csr.toString());
        assertEquals(200, approved.code(), approved.body());
        assertEquals("Approved", approved.json().path("status").path("conditions").get(0).path("type").asText());
        assertEquals("example.com/s", approved.json().path("spec").path("signerName").asText());
        var removed = server.put(coll + "/appr/approval", "{\"apiVersion\":\"certificates.k8s.io/v1\","
                + "\"kind\":\"CertificateSigningRequest\",\"metadata\":{\"name\":\"appr\"},\"status\":{\"conditions\":[]}}");
        assertEquals(422, removed.code(), removed.body());
        JsonNode current = server.get(coll + "/appr").json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) current.path("spec")).put("signerName", "example.com/other");
        var specChange = server.put(coll + "/appr", current.toString());
        assertEquals(422, specChange.code(), specChange.body());
        assertEquals(List.of("spec"), fields(specChange.json()));
    }

    @Test
    void approvalChangesTheMetadataAndConditionsButNotTheCertificateAndFillsConditionTimestamps() throws Exception {
        String coll = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
        server.post(coll, object("/apis/certificates.k8s.io/v1", "CertificateSigningRequest", "appr-meta",
                "\"spec\":{\"request\":\"cmVx\",\"signerName\":\"example.com/s\",\"usages\":[\"digital signature\"]}"));
        var certified = server.send("PATCH", coll + "/appr-meta/status", "application/merge-patch+json",
                "{\"status\":{\"certificate\":\"Y2VydA==\"}}");
        assertEquals(200, certified.code(), certified.body());
        // certificates.go's "patching /approval": an annotation and a condition, and a certificate the approval may not set
        var patched = server.send("PATCH", coll + "/appr-meta/approval", "application/merge-patch+json",
                "{\"metadata\":{\"annotations\":{\"patchedapproval\":\"true\"}},\"status\":{\"certificate\":\"b3RoZXI=\","
                        + "\"conditions\":[{\"type\":\"ApprovalPatch\",\"status\":\"True\",\"reason\":\"e2e\"}]}}");
        assertEquals(200, patched.code(), patched.body());
        JsonNode csr = patched.json();
        assertEquals("true", csr.path("metadata").path("annotations").path("patchedapproval").asText(), csr.toString());
        assertEquals("Y2VydA==", csr.path("status").path("certificate").asText(), "the approval keeps the issued certificate");
        JsonNode condition = csr.path("status").path("conditions").get(0);
        assertEquals("ApprovalPatch", condition.path("type").asText());
        assertFalse(condition.path("lastUpdateTime").asText().isEmpty(), condition.toString());
        assertEquals(condition.path("lastUpdateTime").asText(), condition.path("lastTransitionTime").asText());
        assertEquals(csr.toString(), server.get(coll + "/appr-meta").json().toString());
    }

    @Test
    void clusterScopedDefaultsAndLimits() throws Exception {
        JsonNode pc = server.post("/apis/scheduling.k8s.io/v1/priorityclasses",
                object("/apis/scheduling.k8s.io/v1", "PriorityClass", "dflt-pc", "\"value\":5")).json();
        assertEquals("PreemptLowerPriority", pc.path("preemptionPolicy").asText());
        var tooHigh = server.post("/apis/scheduling.k8s.io/v1/priorityclasses",
                object("/apis/scheduling.k8s.io/v1", "PriorityClass", "too-high", "\"value\":1000000001"));
        assertEquals(422, tooHigh.code(), tooHigh.body());
        assertEquals(List.of("value"), fields(tooHigh.json()));
        JsonNode sc = server.post("/apis/storage.k8s.io/v1/storageclasses",
                object("/apis/storage.k8s.io/v1", "StorageClass", "dflt-sc", "\"provisioner\":\"p\"")).json();
        assertEquals("Delete", sc.path("reclaimPolicy").asText());
        assertEquals("Immediate", sc.path("volumeBindingMode").asText());
        JsonNode driver = server.post("/apis/storage.k8s.io/v1/csidrivers",
                object("/apis/storage.k8s.io/v1", "CSIDriver", "dflt-csi", "\"spec\":{}")).json();
        assertTrue(driver.path("spec").path("attachRequired").asBoolean());
        assertEquals("Persistent", driver.path("spec").path("volumeLifecycleModes").get(0).asText());
    }

    @Test
    void openApiV3HasScaleAndApprovalPaths() throws Exception {
        JsonNode apps = server.get("/openapi/v3/apis/apps/v1").json();
        JsonNode scale = apps.path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale");
        assertEquals("Scale", scale.path("put").path("x-kubernetes-group-version-kind").path("kind").asText(), apps.path("paths").toString());
        assertEquals("autoscaling", scale.path("get").path("x-kubernetes-group-version-kind").path("group").asText());
        JsonNode csr = server.get("/openapi/v3/apis/certificates.k8s.io/v1").json();
        assertEquals("CertificateSigningRequest", csr.path("paths")
                .path("/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}/approval")
                .path("put").path("x-kubernetes-group-version-kind").path("kind").asText());
    }

    @Test
    void fieldSelectorsOfUpstream() throws Exception {
        server.post("/apis/apps/v1/namespaces/b/replicasets", object("/apis/apps/v1", "ReplicaSet", "fs-rs",
                "\"spec\":{" + SELECTOR + "," + TEMPLATE + "}"));
        assertEquals(1, server.get("/apis/apps/v1/namespaces/b/replicasets?fieldSelector=metadata.name%3Dfs-rs,status.replicas%3D0")
                .json().path("items").size());
        assertEquals(0, server.get("/apis/apps/v1/namespaces/b/replicasets?fieldSelector=metadata.name%3Dfs-rs,status.replicas%3D2")
                .json().path("items").size());
        server.post("/apis/certificates.k8s.io/v1/certificatesigningrequests", object("/apis/certificates.k8s.io/v1",
                "CertificateSigningRequest", "fs-csr", "\"spec\":{\"request\":\"cmVx\",\"signerName\":\"example.com/fs\",\"usages\":[\"digital signature\"]}"));
        JsonNode csrs = server.get("/apis/certificates.k8s.io/v1/certificatesigningrequests?fieldSelector=spec.signerName%3Dexample.com/fs").json();
        assertEquals(1, csrs.path("items").size(), csrs.toString());
        var unknown = server.get("/apis/batch/v1/namespaces/b/jobs?fieldSelector=spec.parallelism%3D1");
        assertEquals(400, unknown.code(), unknown.body());
        assertEquals(200, server.get("/apis/batch/v1/namespaces/b/jobs?fieldSelector=status.successful%3D0").code());
    }
}
