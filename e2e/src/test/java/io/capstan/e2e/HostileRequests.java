package io.capstan.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The hostile-input suite's requests, table by table, each with the answer kube-apiserver 1.32 gives it
 * (reason and code read from {@code k8s.io/apiserver}: the handlers' decode, patch and option errors,
 * {@code path.IsValidPathSegmentName}, the strategic-merge-patch and json-patch error mapping). None of them
 * may succeed: the suite checks that stored objects are unchanged afterwards.
 *
 * <p>Where upstream answers with a 5xx or with no {@code Status}, the case expects Capstan's 4xx and says so:
 * an unknown {@code $patch} directive (upstream: 500 from {@code mergepatch.ErrBadPatchType}), a malformed
 * chunked body (upstream: 500 from the failed body read), headers over 1 MiB (Go: a plain-text 431; here a 400
 * {@code Status}, as the web server reports them like malformed headers). A request line over 1 MiB is Go's 431,
 * here as a {@code Status} whose reason is empty (upstream has none for 431).
 */
final class HostileRequests {
    static final String NS = "/api/v1/namespaces/default";
    static final String PODS = NS + "/pods";
    static final String CONFIGMAPS = NS + "/configmaps";
    static final String SERVICE = NS + "/services/kubernetes";
    static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";

    static final String JSON = "application/json";
    static final String YAML = "application/yaml";
    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String SMP = "application/strategic-merge-patch+json";
    static final String APPLY = "application/apply-patch+yaml";

    private HostileRequests() {
    }

    /** Every case, in table order. */
    static List<HostileRequest> all() {
        List<HostileRequest> out = new ArrayList<>();
        malformedJson(out::add);
        malformedYaml(out::add);
        contentTypes(out::add);
        nesting(out::add);
        sizes(out::add);
        wrongTypes(out::add);
        names(out::add);
        namespaces(out::add);
        selectorsAndListOptions(out::add);
        writeOptions(out::add);
        patches(out::add);
        methodsAndPaths(out::add);
        headers(out::add);
        return out;
    }

    /** A pod that is invalid (no containers) even when it decodes, so that nothing here can be created. */
    static String pod(String metadata, String spec) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":" + metadata + ",\"spec\":" + spec + "}";
    }

    static String pod(String name) {
        return pod("{\"name\":\"" + name + "\"}", "{}");
    }

    private static void malformedJson(Consumer<HostileRequest> add) {
        String c = "malformed-json";
        String valid = pod("hostile");
        add.accept(HostileRequest.of(c, "truncated object", "POST", PODS, JSON, valid.substring(0, valid.length() - 10), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "truncated string", "POST", PODS, JSON, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"hos", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "trailing garbage", "POST", PODS, JSON, valid + " garbage", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "two objects", "POST", PODS, JSON, valid + valid, 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "single quotes", "POST", PODS, JSON, valid.replace('"', '\''), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "unquoted keys", "POST", PODS, JSON, "{apiVersion:\"v1\",kind:\"Pod\"}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "trailing comma", "POST", PODS, JSON, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "NaN", "POST", PODS, JSON, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"x\":NaN}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "lone brace", "POST", PODS, JSON, "{", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "lone closing brace", "POST", PODS, JSON, "}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "empty body", "POST", PODS, JSON, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "whitespace body", "POST", PODS, JSON, "  \n\t ", 400, "BadRequest"));
        // Go's JSON decoder turns invalid UTF-8 into U+FFFD rather than failing: the name is then invalid (422).
        add.accept(HostileRequest.of(c, "invalid UTF-8 in a name", "POST", PODS, JSON,
                bytes("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"", new byte[] {(byte) 0xff, (byte) 0xfe}, "\"}}"), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "overlong UTF-8 slash in a name", "POST", PODS, JSON,
                bytes("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a", new byte[] {(byte) 0xc0, (byte) 0xaf}, "b\"}}"), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "invalid UTF-8 outside strings", "POST", PODS, JSON,
                bytes("{\"apiVersion\":\"v1\",", new byte[] {(byte) 0xff}, "\"kind\":\"Pod\"}"), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "NUL bytes", "POST", PODS, JSON, new byte[] {0, 0, 0, 0}, 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "array of pods", "POST", PODS, JSON, "[" + valid + "]", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "null", "POST", PODS, JSON, "null", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "string", "POST", PODS, JSON, "\"pod\"", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "number", "POST", PODS, JSON, "42", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "boolean", "POST", PODS, JSON, "true", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "duplicate keys, strict", "POST", PODS + "?fieldValidation=Strict", JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"name\":\"b\"},\"spec\":{}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "duplicate top-level keys, strict", "POST", PODS + "?fieldValidation=Strict", JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"},\"spec\":{}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "unknown field, strict", "POST", PODS + "?fieldValidation=Strict", JSON,
                pod("{\"name\":\"a\",\"bogus\":1}", "{}"), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "kind of another resource", "POST", PODS, JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"a\"}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "unknown apiVersion", "POST", PODS, JSON,
                "{\"apiVersion\":\"v2\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "number overflow", "POST", PODS, JSON,
                pod("{\"name\":\"a\",\"generation\":1e400}", "{}"), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "malformed update", "PUT", SERVICE, JSON, "{\"apiVersion\":\"v1\",", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "malformed delete options", "DELETE", SERVICE, JSON, "{\"gracePeriodSeconds\":", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "malformed json patch", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "malformed merge patch", "PATCH", SERVICE, MERGE_PATCH, "{\"spec\":", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "malformed strategic merge patch", "PATCH", SERVICE, SMP, "{\"spec\":}", 400, "BadRequest"));
    }

    private static void malformedYaml(Consumer<HostileRequest> add) {
        String c = "malformed-yaml";
        add.accept(HostileRequest.of(c, "truncated flow mapping", "POST", PODS, YAML, "{apiVersion: v1, kind: Pod", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "tab indentation", "POST", PODS, YAML, "apiVersion: v1\nmetadata:\n\tname: x\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "unterminated quote", "POST", PODS, YAML, "apiVersion: \"v1\nkind: Pod\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "bad indentation", "POST", PODS, YAML, "apiVersion: v1\n kind: Pod\nmetadata: x\n  name: y\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "top-level list", "POST", PODS, YAML, "- a\n- b\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "top-level scalar", "POST", PODS, YAML, "just a string\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "empty document", "POST", PODS, YAML, "---\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "invalid UTF-8", "POST", PODS, YAML,
                bytes("apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"", new byte[] {(byte) 0xff, (byte) 0xfe}, "\"\n"), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "duplicate keys, strict", "POST", PODS + "?fieldValidation=Strict", YAML,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  name: y\nspec: {}\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "name as a YAML sequence", "POST", PODS, YAML,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a, b]\nspec: {}\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "unclosed flow sequence", "POST", PODS, YAML, "apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "undefined alias", "POST", PODS, YAML, "apiVersion: v1\nkind: Pod\nmetadata: *nothing\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "malformed apply patch", "PATCH", SERVICE + "?fieldManager=hostile", APPLY,
                "apiVersion: v1\nkind: Service\nmetadata: {name: [\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "malformed YAML update", "PUT", SERVICE, YAML, "apiVersion: v1\nkind: Service\n  bad: indent\n", 400, "BadRequest"));
    }

    private static void contentTypes(Consumer<HostileRequest> add) {
        String c = "content-type";
        String valid = pod("hostile");
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/octet-stream", JSON_PATCH, MERGE_PATCH, SMP, APPLY, ";;;", "application/json-seq")) {
            add.accept(HostileRequest.of(c, "create as " + type, "POST", PODS, type, valid, 415, "UnsupportedMediaType"));
        }
        add.accept(HostileRequest.of(c, "update as text/plain", "PUT", SERVICE, "text/plain", "{}", 415, "UnsupportedMediaType"));
        add.accept(HostileRequest.of(c, "update as merge patch", "PUT", SERVICE, MERGE_PATCH, "{}", 415, "UnsupportedMediaType"));
        add.accept(HostileRequest.of(c, "protobuf garbage", "POST", PODS, "application/vnd.kubernetes.protobuf",
                new byte[] {1, 2, 3, 'g', 'a', 'r', 'b', 'a', 'g', 'e'}, 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "protobuf with a bad length", "POST", PODS, "application/vnd.kubernetes.protobuf",
                new byte[] {'k', '8', 's', 0, 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, 400, "BadRequest"));
        for (String type : List.of(JSON, YAML, "text/plain", "application/xml")) {
            add.accept(HostileRequest.of(c, "patch as " + type, "PATCH", SERVICE, type, "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}", 415, "UnsupportedMediaType"));
        }
        add.accept(HostileRequest.of(c, "patch without a content type", "PATCH", SERVICE, null, "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}", 415, "UnsupportedMediaType"));
        add.accept(HostileRequest.of(c, "unacceptable Accept", "GET", PODS, null, "", 406, "NotAcceptable").withHeader("Accept", "application/bogus"));
        add.accept(HostileRequest.of(c, "unacceptable Accept on create", "POST", PODS, JSON, valid, 406, "NotAcceptable").withHeader("Accept", "image/png"));
    }

    private static void nesting(Consumer<HostileRequest> add) {
        String c = "nesting";
        for (int depth : new int[] {10_001, 100_000}) {
            add.accept(HostileRequest.of(c, depth + " nested arrays", "POST", PODS, JSON, "[".repeat(depth) + "]".repeat(depth), 400, "BadRequest"));
            add.accept(HostileRequest.of(c, depth + " nested objects", "POST", PODS, JSON, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth), 400, "BadRequest"));
            add.accept(HostileRequest.of(c, depth + " unclosed arrays", "POST", PODS, JSON, "[".repeat(depth), 400, "BadRequest"));
        }
        add.accept(HostileRequest.of(c, "10001 nested arrays in a label", "POST", PODS, JSON,
                pod("{\"name\":\"a\",\"labels\":{\"x\":" + "[".repeat(10_001) + "]".repeat(10_001) + "}}", "{}"), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "10001 nested YAML flow sequences", "POST", PODS, YAML, "[".repeat(10_001) + "]".repeat(10_001), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "10001 nested YAML flow mappings", "POST", PODS, YAML, "{a: ".repeat(10_001) + "1" + "}".repeat(10_001), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "10001 nested YAML block sequences", "POST", PODS, YAML, "- ".repeat(10_001) + "x\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "10001 nested merge patch", "PATCH", SERVICE, MERGE_PATCH, "{\"a\":".repeat(10_001) + "1" + "}".repeat(10_001), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "10001 nested json patch value", "PATCH", SERVICE, JSON_PATCH,
                "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":" + "[".repeat(10_001) + "]".repeat(10_001) + "}]", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "10001 nested strategic merge patch", "PATCH", SERVICE, SMP, "{\"a\":".repeat(10_001) + "1" + "}".repeat(10_001), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "10001 nested apply patch", "PATCH", SERVICE + "?fieldManager=hostile", APPLY, "[".repeat(10_001) + "]".repeat(10_001), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "10001 nested delete options", "DELETE", SERVICE, JSON, "{\"a\":".repeat(10_001) + "1" + "}".repeat(10_001), 400, "BadRequest"));
    }

    private static void sizes(Consumer<HostileRequest> add) {
        String c = "size";
        int mib = 1024 * 1024;
        add.accept(HostileRequest.of(c, "4 MiB body", "POST", CONFIGMAPS, JSON, configMap("big", 4 * mib), 413, "RequestEntityTooLarge"));
        add.accept(HostileRequest.of(c, "3 MiB + 1 byte body", "POST", CONFIGMAPS, JSON, exactly(3 * mib + 1), 413, "RequestEntityTooLarge"));
        add.accept(HostileRequest.of(c, "4 MiB update", "PUT", SERVICE, JSON, configMap("big", 4 * mib), 413, "RequestEntityTooLarge"));
        add.accept(HostileRequest.of(c, "4 MiB patch", "PATCH", SERVICE, MERGE_PATCH, configMap("big", 4 * mib), 413, "RequestEntityTooLarge"));
        add.accept(HostileRequest.of(c, "4 MiB YAML", "POST", PODS, YAML, "a: " + "x".repeat(4 * mib) + "\n", 413, "RequestEntityTooLarge"));
        add.accept(HostileRequest.of(c, "4 MiB delete options", "DELETE", SERVICE, JSON, "{\"a\":\"" + "x".repeat(4 * mib) + "\"}", 413, "RequestEntityTooLarge"));
        add.accept(HostileRequest.of(c, "4 MiB chunked body", "POST", CONFIGMAPS, JSON, chunked(configMap("big", 4 * mib).getBytes(StandardCharsets.UTF_8)), 413, "RequestEntityTooLarge")
                .withHeader("Transfer-Encoding", "chunked"));
        add.accept(HostileRequest.of(c, "2.9 MiB configmap (over 1 MiB of data)", "POST", CONFIGMAPS, JSON, configMap("big", 2900 * 1024), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "1 MiB + 1 of configmap data", "POST", CONFIGMAPS, JSON, configMap("big", mib + 1), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "300 KiB annotation", "POST", PODS, JSON,
                pod("{\"name\":\"a\",\"annotations\":{\"a\":\"" + "x".repeat(300 * 1024) + "\"}}", "{}"), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "256 KiB + 1 of annotations", "POST", PODS, JSON,
                pod("{\"name\":\"a\",\"annotations\":{\"a\":\"" + "x".repeat(256 * 1024) + "\"}}", "{}"), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "1 MiB label value", "POST", PODS, JSON, pod("{\"name\":\"a\",\"labels\":{\"a\":\"" + "x".repeat(mib) + "\"}}", "{}"), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "1 MiB name", "POST", PODS, JSON, pod("x".repeat(mib)), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "1 MiB image name in an invalid pod", "POST", PODS, JSON,
                pod("{\"name\":\"a\"}", "{\"containers\":[{\"name\":\"\",\"image\":\"" + "x".repeat(mib) + "\"}]}"), 422, "Invalid"));
        StringBuilder containers = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            containers.append(i == 0 ? "" : ",").append("{}");
        }
        add.accept(HostileRequest.of(c, "10000 empty containers", "POST", PODS, JSON, pod("{\"name\":\"a\"}", "{\"containers\":[" + containers + "]}"), 422, "Invalid"));
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            labels.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        add.accept(HostileRequest.of(c, "50000 labels", "POST", PODS, JSON, pod("{\"name\":\"a\",\"labels\":{" + labels + "}}", "{}"), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "100000 finalizers", "POST", PODS, JSON,
                pod("{\"name\":\"a\",\"finalizers\":[" + "\"a/b\",".repeat(99_999) + "\"a/b\"]}", "{}"), 422, "Invalid"));
        StringBuilder ops = new StringBuilder("[");
        for (int i = 0; i <= 10_000; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"kubernetes\"}");
        }
        add.accept(HostileRequest.of(c, "10001 json patch operations", "PATCH", SERVICE, JSON_PATCH, ops + "]", 413, "RequestEntityTooLarge"));
    }

    private static void wrongTypes(Consumer<HostileRequest> add) {
        String c = "wrong-type";
        String[][] metadata = {
                {"metadata as a string", "\"x\""},
                {"metadata as an array", "[]"},
                {"name as a number", "{\"name\":5}"},
                {"name as an object", "{\"name\":{}}"},
                {"namespace as a number", "{\"name\":\"a\",\"namespace\":7}"},
                {"generateName as a boolean", "{\"generateName\":true}"},
                {"labels as an array", "{\"name\":\"a\",\"labels\":[\"a\"]}"},
                {"label value as a number", "{\"name\":\"a\",\"labels\":{\"a\":1}}"},
                {"label value as a boolean", "{\"name\":\"a\",\"labels\":{\"a\":true}}"},
                {"annotations as a string", "{\"name\":\"a\",\"annotations\":\"a=b\"}"},
                {"annotation value as an object", "{\"name\":\"a\",\"annotations\":{\"a\":{\"b\":\"c\"}}}"},
                {"finalizers as a string", "{\"name\":\"a\",\"finalizers\":\"a/b\"}"},
                {"finalizer as a number", "{\"name\":\"a\",\"finalizers\":[1]}"},
                {"ownerReferences as an object", "{\"name\":\"a\",\"ownerReferences\":{\"uid\":\"u\"}}"},
                {"ownerReference uid as a number", "{\"name\":\"a\",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"b\",\"uid\":5}]}"},
                {"ownerReference controller as a string", "{\"name\":\"a\",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"b\",\"uid\":\"u\",\"controller\":\"yes\"}]}"},
                {"generation as a string", "{\"name\":\"a\",\"generation\":\"1\"}"},
                {"generation as a fraction", "{\"name\":\"a\",\"generation\":1.5}"},
                {"resourceVersion as a number", "{\"name\":\"a\",\"resourceVersion\":5}"},
                {"uid as a number", "{\"name\":\"a\",\"uid\":5}"},
                {"creationTimestamp not a time", "{\"name\":\"a\",\"creationTimestamp\":\"yesterday\"}"},
                {"creationTimestamp as a number", "{\"name\":\"a\",\"creationTimestamp\":1700000000}"},
                {"deletionTimestamp not a time", "{\"name\":\"a\",\"deletionTimestamp\":\"soon\"}"},
                {"deletionGracePeriodSeconds as a string", "{\"name\":\"a\",\"deletionGracePeriodSeconds\":\"30\"}"},
                {"managedFields as an object", "{\"name\":\"a\",\"managedFields\":{}}"},
        };
        for (String[] m : metadata) {
            add.accept(HostileRequest.of(c, m[0], "POST", PODS, JSON, pod(m[1], "{}"), 400, "BadRequest"));
        }
        String[][] spec = {
                {"spec as a string", "\"s\""},
                {"spec as an array", "[]"},
                {"containers as a string", "{\"containers\":\"c\"}"},
                {"containers as an object", "{\"containers\":{\"name\":\"c\"}}"},
                {"container as a string", "{\"containers\":[\"c\"]}"},
                {"container name as a number", "{\"containers\":[{\"name\":1,\"image\":\"i\"}]}"},
                {"image as an array", "{\"containers\":[{\"name\":\"c\",\"image\":[\"i\"]}]}"},
                {"command as a string", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"command\":\"sh\"}]}"},
                {"args element as a number", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"args\":[1]}]}"},
                {"ports as an object", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"ports\":{\"containerPort\":80}}]}"},
                {"containerPort as a string", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"ports\":[{\"containerPort\":\"80\"}]}]}"},
                {"containerPort as a fraction", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"ports\":[{\"containerPort\":80.5}]}]}"},
                {"containerPort over int32", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"ports\":[{\"containerPort\":3000000000}]}]}"},
                {"env as an object", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"env\":{\"A\":\"1\"}}]}"},
                {"env value as a number", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"env\":[{\"name\":\"A\",\"value\":1}]}]}"},
                {"resources limits as an array", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"resources\":{\"limits\":[\"1\"]}}]}"},
                {"cpu limit not a quantity", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"resources\":{\"limits\":{\"cpu\":\"lots\"}}}]}"},
                {"memory request as a boolean", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"resources\":{\"requests\":{\"memory\":true}}}]}"},
                {"probe port as a boolean", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"livenessProbe\":{\"httpGet\":{\"port\":true}}}]}"},
                {"probe port as a fraction", "{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"readinessProbe\":{\"tcpSocket\":{\"port\":1.5}}}]}"},
                {"nodeSelector as an array", "{\"nodeSelector\":[\"a\"]}"},
                {"nodeSelector value as a boolean", "{\"nodeSelector\":{\"a\":true}}"},
                {"restartPolicy as a number", "{\"restartPolicy\":1}"},
                {"terminationGracePeriodSeconds as a string", "{\"terminationGracePeriodSeconds\":\"30\"}"},
                {"activeDeadlineSeconds as a boolean", "{\"activeDeadlineSeconds\":true}"},
                {"hostNetwork as a string", "{\"hostNetwork\":\"true\"}"},
                {"tolerations as an object", "{\"tolerations\":{\"key\":\"k\"}}"},
                {"tolerationSeconds as a string", "{\"tolerations\":[{\"key\":\"k\",\"tolerationSeconds\":\"5\"}]}"},
                {"priority as a string", "{\"priority\":\"high\"}"},
                {"securityContext runAsUser as a string", "{\"securityContext\":{\"runAsUser\":\"root\"}}"},
                {"volumes as a string", "{\"volumes\":\"v\"}"},
                {"emptyDir sizeLimit not a quantity", "{\"volumes\":[{\"name\":\"v\",\"emptyDir\":{\"sizeLimit\":\"huge\"}}]}"},
                {"affinity as an array", "{\"affinity\":[]}"},
        };
        for (String[] s : spec) {
            add.accept(HostileRequest.of(c, s[0], "POST", PODS, JSON, pod("{\"name\":\"a\"}", s[1]), 400, "BadRequest"));
        }
        add.accept(HostileRequest.of(c, "status phase as a number", "POST", PODS, JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"},\"spec\":{},\"status\":{\"phase\":1}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "configmap data as an array", "POST", CONFIGMAPS, JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},\"data\":[\"a\"]}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "configmap data value as a number", "POST", CONFIGMAPS, JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},\"data\":{\"a\":1}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "configmap immutable as a string", "POST", CONFIGMAPS, JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},\"immutable\":\"yes\"}", 400, "BadRequest"));
        String deployment = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"a\"},\"spec\":%s}";
        for (String[] d : new String[][] {
                {"deployment replicas as a string", "{\"replicas\":\"3\"}"},
                {"deployment replicas as a fraction", "{\"replicas\":1.5}"},
                {"deployment selector as a string", "{\"selector\":\"app=a\"}"},
                {"deployment matchLabels as an array", "{\"selector\":{\"matchLabels\":[\"a\"]}}"},
                {"deployment maxSurge as a boolean", "{\"strategy\":{\"rollingUpdate\":{\"maxSurge\":true}}}"},
                {"deployment template as an array", "{\"template\":[]}"}}) {
            add.accept(HostileRequest.of(c, d[0], "POST", DEPLOYMENTS, JSON, String.format(deployment, d[1]), 400, "BadRequest"));
        }
        String service = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"kubernetes\"},\"spec\":%s}";
        for (String[] s : new String[][] {
                {"update: ports as a string", "{\"ports\":\"443\"}"},
                {"update: port as a string", "{\"ports\":[{\"port\":\"443\"}]}"},
                {"update: targetPort as a boolean", "{\"ports\":[{\"port\":443,\"targetPort\":true}]}"},
                {"update: type as a number", "{\"type\":5}"},
                {"update: clusterIPs as a string", "{\"clusterIPs\":\"10.0.0.1\"}"}}) {
            add.accept(HostileRequest.of(c, s[0], "PUT", SERVICE, JSON, String.format(service, s[1]), 400, "BadRequest"));
        }
        add.accept(HostileRequest.of(c, "delete options gracePeriodSeconds as a string", "DELETE", SERVICE, JSON, "{\"gracePeriodSeconds\":\"0\"}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "delete options preconditions as a number", "DELETE", SERVICE, JSON, "{\"preconditions\":5}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "delete options dryRun as a string", "DELETE", SERVICE, JSON, "{\"dryRun\":\"All\"}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "delete options orphanDependents as a string", "DELETE", SERVICE, JSON, "{\"orphanDependents\":\"true\"}", 400, "BadRequest"));
        // A patch whose result no longer decodes: upstream's 422 on the field "patch".
        add.accept(HostileRequest.of(c, "merge patch: metadata as a number", "PATCH", SERVICE, MERGE_PATCH, "{\"metadata\":5}", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "merge patch: spec as a string", "PATCH", SERVICE, MERGE_PATCH, "{\"spec\":\"x\"}", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "merge patch: ports as a string", "PATCH", SERVICE, MERGE_PATCH, "{\"spec\":{\"ports\":\"x\"}}", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "merge patch: label value as a number", "PATCH", SERVICE, MERGE_PATCH, "{\"metadata\":{\"labels\":{\"a\":1}}}", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: metadata as a number", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"replace\",\"path\":\"/metadata\",\"value\":5}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: port as a string", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"replace\",\"path\":\"/spec/ports/0/port\",\"value\":\"443\"}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "strategic merge patch: port as a string", "PATCH", SERVICE, SMP, "{\"spec\":{\"ports\":[{\"port\":\"x\"}]}}", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "strategic merge patch: labels as an array", "PATCH", SERVICE, SMP, "{\"metadata\":{\"labels\":[1]}}", 422, "Invalid"));
    }

    private static void names(Consumer<HostileRequest> add) {
        String c = "names";
        for (String name : List.of("../x", "..", ".", "a/b", "ABC", "a".repeat(254), "é", "a_b", "-a", "a-", " a", "a\\u0000b", "a%2Fb", "\\ud83d\\ude00", "a..b/")) {
            add.accept(HostileRequest.of(c, "create named " + abbreviate(name), "POST", PODS, JSON, pod(name), 422, "Invalid"));
        }
        add.accept(HostileRequest.of(c, "create with an empty name", "POST", PODS, JSON, pod(""), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "create with no name", "POST", PODS, JSON, pod("{}", "{}"), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "generateName with a slash", "POST", PODS, JSON, pod("{\"generateName\":\"a/\"}", "{}"), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "namespace named Upper", "POST", "/api/v1/namespaces", JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"Upper\"}}", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "namespace named a.b", "POST", "/api/v1/namespaces", JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a.b\"}}", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "namespace named with 64 characters", "POST", "/api/v1/namespaces", JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + "a".repeat(64) + "\"}}", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "namespace named ..", "POST", "/api/v1/namespaces", JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"..\"}}", 422, "Invalid"));
        // Names in the URL: upstream's path.IsValidPathSegmentName (400), else not found (404).
        for (String method : List.of("GET", "DELETE")) {
            add.accept(HostileRequest.of(c, method + " pods/..", method, PODS + "/..", null, "", 400, "BadRequest"));
            add.accept(HostileRequest.of(c, method + " pods/%2E%2E", method, PODS + "/%2E%2E", null, "", 400, "BadRequest"));
            add.accept(HostileRequest.of(c, method + " pods/.", method, PODS + "/.", null, "", 400, "BadRequest"));
            add.accept(HostileRequest.of(c, method + " pods/a%25b", method, PODS + "/a%25b", null, "", 400, "BadRequest"));
        }
        add.accept(HostileRequest.of(c, "PUT pods/..", "PUT", PODS + "/..", JSON, pod(".."), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "PATCH pods/..", "PATCH", PODS + "/..", MERGE_PATCH, "{}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "GET services/.. (the namespace's services)", "GET", NS + "/services/..", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "GET pods/../../../../etc/passwd", "GET", PODS + "/../../../../etc/passwd", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "GET pods/..%2F..%2Fsecrets", "GET", PODS + "/..%2F..%2Fsecrets", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "GET pods/a%2Fb", "GET", PODS + "/a%2Fb", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "GET pods/ABC", "GET", PODS + "/ABC", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "GET a 300-character name", "GET", PODS + "/" + "a".repeat(300), null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "GET pods/%00", "GET", PODS + "/%00", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "GET pods/%C3%A9", "GET", PODS + "/%C3%A9", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "update with another name", "PUT", SERVICE, JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"other\"},\"spec\":{\"ports\":[{\"port\":443}]}}", 400, "BadRequest"));
    }

    private static void namespaces(Consumer<HostileRequest> add) {
        String c = "namespaces";
        add.accept(HostileRequest.of(c, "create in a missing namespace", "POST", "/api/v1/namespaces/does-not-exist/pods", JSON, pod("a"), 404, "NotFound"));
        add.accept(HostileRequest.of(c, "create in an invalid namespace", "POST", "/api/v1/namespaces/NOPE/configmaps", JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "body namespace differs from the URL's", "POST", PODS, JSON, pod("{\"name\":\"a\",\"namespace\":\"kube-system\"}", "{}"), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "get in a missing namespace", "GET", "/api/v1/namespaces/does-not-exist/pods/a", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "get in namespace ..", "GET", "/api/v1/namespaces/%2E%2E/pods/a", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "get in namespace a%b", "GET", "/api/v1/namespaces/a%25b/pods/a", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "delete in namespace a%b", "DELETE", "/api/v1/namespaces/a%25b/pods/a", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "cluster-scoped resource under a namespace", "GET", NS + "/nodes", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "namespaces under a namespace", "GET", NS + "/namespaces", null, "", 404, "NotFound"));
    }

    private static void selectorsAndListOptions(Consumer<HostileRequest> add) {
        String c = "list-options";
        for (String selector : List.of("a%3D%3D%3Db", "a+in+(", "a+in+(b", "a+in+b", "%21%21", "%3Db", "a+b%3Dc", "a!", "a%3D%24%24",
                "a".repeat(64) + "%3Db", "a%3D" + "b".repeat(64), "a%3Db,,c%3Dd", "a+gt+x", "%E2%82%AC%3Db")) {
            add.accept(HostileRequest.of(c, "labelSelector=" + abbreviate(selector), "GET", PODS + "?labelSelector=" + selector, null, "", 400, "BadRequest"));
        }
        for (String selector : List.of("spec.foo%3Db", "a", "%3Dx", "metadata.name+in+(a)", "metadata.name%3E1")) {
            add.accept(HostileRequest.of(c, "fieldSelector=" + selector, "GET", PODS + "?fieldSelector=" + selector, null, "", 400, "BadRequest"));
        }
        add.accept(HostileRequest.of(c, "labelSelector on watch", "GET", PODS + "?watch=true&labelSelector=a+in+(", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "fieldSelector on deletecollection", "DELETE", PODS + "?fieldSelector=spec.foo%3Db", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "resourceVersion=abc", "GET", PODS + "?resourceVersion=abc", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "resourceVersion=-1", "GET", PODS + "?resourceVersion=-1", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "resourceVersion overflow", "GET", PODS + "?resourceVersion=99999999999999999999999", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "continue=garbage", "GET", PODS + "?continue=garbage", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "continue of base64 JSON", "GET", PODS + "?continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "continue with resourceVersion", "GET", PODS + "?continue=abc&resourceVersion=5", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "limit=abc", "GET", PODS + "?limit=abc", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "limit overflow", "GET", PODS + "?limit=99999999999999999999", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "timeoutSeconds=abc", "GET", PODS + "?watch=true&timeoutSeconds=abc", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "resourceVersionMatch without resourceVersion", "GET", PODS + "?resourceVersionMatch=Exact", null, "", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "resourceVersionMatch=Bogus", "GET", PODS + "?resourceVersionMatch=Bogus&resourceVersion=1", null, "", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "sendInitialEvents on a list", "GET", PODS + "?sendInitialEvents=true", null, "", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "sendInitialEvents without resourceVersionMatch", "GET", PODS + "?watch=true&sendInitialEvents=true", null, "", 422, "Invalid"));
    }

    private static void writeOptions(Consumer<HostileRequest> add) {
        String c = "write-options";
        add.accept(HostileRequest.of(c, "dryRun=Bogus on create", "POST", PODS + "?dryRun=Bogus", JSON, pod("a"), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "dryRun=Bogus on delete", "DELETE", SERVICE + "?dryRun=Bogus", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "fieldValidation=Bogus", "POST", PODS + "?fieldValidation=Bogus", JSON, pod("a"), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "fieldManager of 200 characters", "POST", PODS + "?fieldManager=" + "m".repeat(200), JSON, pod("a"), 422, "Invalid"));
        add.accept(HostileRequest.of(c, "gracePeriodSeconds=abc", "DELETE", SERVICE + "?gracePeriodSeconds=abc", null, "", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "propagationPolicy=Bogus", "DELETE", SERVICE + "?propagationPolicy=Bogus", null, "", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "propagationPolicy=Bogus in the body", "DELETE", SERVICE, JSON, "{\"propagationPolicy\":\"Bogus\"}", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "delete precondition on another uid", "DELETE", SERVICE, JSON, "{\"preconditions\":{\"uid\":\"not-the-uid\"}}", 409, "Conflict"));
        add.accept(HostileRequest.of(c, "delete precondition on an old resourceVersion", "DELETE", SERVICE, JSON, "{\"preconditions\":{\"resourceVersion\":\"1\"}}", 409, "Conflict"));
        add.accept(HostileRequest.of(c, "update with a stale resourceVersion", "PUT", SERVICE, JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"kubernetes\",\"resourceVersion\":\"1\"},\"spec\":{\"ports\":[{\"port\":443}]}}", 409, "Conflict"));
        add.accept(HostileRequest.of(c, "create with a resourceVersion", "POST", PODS, JSON, pod("{\"name\":\"a\",\"resourceVersion\":\"5\"}", "{}"), 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "create the existing namespace", "POST", "/api/v1/namespaces", JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\"}}", 409, "AlreadyExists"));
    }

    private static void patches(Consumer<HostileRequest> add) {
        String c = "patches";
        // json patch: what does not decode as operations is a 400; what cannot be applied a 422 (upstream's mapping).
        add.accept(HostileRequest.of(c, "json patch: an object", "PATCH", SERVICE, JSON_PATCH, "{\"op\":\"add\",\"path\":\"/a\",\"value\":1}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "json patch: numbers", "PATCH", SERVICE, JSON_PATCH, "[1,2]", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "json patch: op as a number", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":1,\"path\":\"/a\"}]", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "json patch: path as an object", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"add\",\"path\":{},\"value\":1}]", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "json patch: unknown op", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"bogus\",\"path\":\"/a\"}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: no op", "PATCH", SERVICE, JSON_PATCH, "[{\"path\":\"/a\",\"value\":1}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: no path", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"add\",\"value\":1}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: path without a slash", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"add\",\"path\":\"spec\",\"value\":1}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: remove a missing path", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"remove\",\"path\":\"/nope/x\"}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: index out of bounds", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"replace\",\"path\":\"/spec/ports/99/port\",\"value\":1}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: negative index", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"replace\",\"path\":\"/spec/ports/-5/port\",\"value\":1}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: failing test", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"other\"}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: move from a missing path", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"move\",\"from\":\"/nope\",\"path\":\"/x\"}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: copy from a missing path", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"copy\",\"from\":\"/nope\",\"path\":\"/x\"}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: move without from", "PATCH", SERVICE, JSON_PATCH, "[{\"op\":\"move\",\"path\":\"/x\"}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "json patch: test then fail after a change", "PATCH", SERVICE, JSON_PATCH,
                "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"hostile\":\"yes\"}},{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"other\"}]", 422, "Invalid"));
        // merge patch: a scalar is evanphx/json-patch's ErrBadJSONPatch (400); an array replaces the object and fails to decode (422).
        add.accept(HostileRequest.of(c, "merge patch: a string", "PATCH", SERVICE, MERGE_PATCH, "\"x\"", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "merge patch: a number", "PATCH", SERVICE, MERGE_PATCH, "5", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "merge patch: null", "PATCH", SERVICE, MERGE_PATCH, "null", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "merge patch: an array", "PATCH", SERVICE, MERGE_PATCH, "[]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "merge patch: a json patch", "PATCH", SERVICE, MERGE_PATCH, "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "merge patch: change the name", "PATCH", SERVICE, MERGE_PATCH, "{\"metadata\":{\"name\":\"other\"}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "merge patch: remove the ports", "PATCH", SERVICE, MERGE_PATCH, "{\"spec\":{\"ports\":null}}", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "merge patch on a missing object", "PATCH", PODS + "/does-not-exist", MERGE_PATCH, "{}", 404, "NotFound"));
        // strategic merge patch directives
        add.accept(HostileRequest.of(c, "strategic: not an object", "PATCH", SERVICE, SMP, "[]", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "strategic: unknown $patch", "PATCH", SERVICE, SMP, "{\"spec\":{\"$patch\":\"bogus\"}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "strategic: $patch as a number", "PATCH", SERVICE, SMP, "{\"spec\":{\"$patch\":5}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "strategic: unknown $patch in a list", "PATCH", SERVICE, SMP, "{\"spec\":{\"ports\":[{\"$patch\":\"bogus\",\"port\":443}]}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "strategic: $retainKeys not a list", "PATCH", SERVICE, SMP, "{\"spec\":{\"$retainKeys\":5}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "strategic: $setElementOrder not a list", "PATCH", SERVICE, SMP, "{\"spec\":{\"$setElementOrder/ports\":5}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "strategic: $deleteFromPrimitiveList not a list", "PATCH", SERVICE, SMP, "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":\"a\"}}", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "strategic: replace spec with nothing", "PATCH", SERVICE, SMP, "{\"spec\":{\"$patch\":\"replace\"}}", 422, "Invalid"));
        // server-side apply
        add.accept(HostileRequest.of(c, "apply without fieldManager", "PATCH", SERVICE, APPLY, "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "apply a list", "PATCH", SERVICE + "?fieldManager=hostile", APPLY, "- a\n- b\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "apply another kind", "PATCH", SERVICE + "?fieldManager=hostile", APPLY, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kubernetes\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "apply another name", "PATCH", SERVICE + "?fieldManager=hostile", APPLY, "apiVersion: v1\nkind: Service\nmetadata:\n  name: other\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "apply without apiVersion", "PATCH", SERVICE + "?fieldManager=hostile", APPLY, "kind: Service\nmetadata:\n  name: kubernetes\n", 400, "BadRequest"));
        add.accept(HostileRequest.of(c, "apply with force and no manager", "PATCH", SERVICE + "?force=true", APPLY, "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n", 422, "Invalid"));
        add.accept(HostileRequest.of(c, "patch on a collection", "PATCH", PODS, MERGE_PATCH, "{}", 405, "MethodNotAllowed"));
    }

    private static void methodsAndPaths(Consumer<HostileRequest> add) {
        String c = "methods-and-paths";
        for (String method : List.of("FOO", "TRACE", "OPTIONS", "PROPFIND", "MKCOL")) {
            add.accept(HostileRequest.of(c, method + " on a collection", method, PODS, null, "", 405, "MethodNotAllowed"));
        }
        add.accept(HostileRequest.of(c, "PUT on a collection", "PUT", PODS, JSON, "{}", 405, "MethodNotAllowed"));
        add.accept(HostileRequest.of(c, "POST on a named object", "POST", SERVICE, JSON, "{}", 405, "MethodNotAllowed"));
        add.accept(HostileRequest.of(c, "DELETE on a group version", "DELETE", "/api/v1", null, "", 405, "MethodNotAllowed"));
        add.accept(HostileRequest.of(c, "unknown resource", "GET", "/api/v1/nopes", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "unknown group", "GET", "/apis/nope.example.com/v1/things", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "unknown version", "GET", "/api/v2/pods", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "unknown subresource", "GET", SERVICE + "/nope", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "too deep a path", "GET", "/apis/apps/v1/namespaces/default/deployments/a/scale/extra/more", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "unknown top-level path", "GET", "/nope", null, "", 404, "NotFound"));
        add.accept(HostileRequest.of(c, "method with illegal characters", "G@T", PODS, null, "", 400, "BadRequest"));
    }

    private static void headers(Consumer<HostileRequest> add) {
        String c = "headers";
        String target = "/api/v1/namespaces";
        add.accept(HostileRequest.raw(c, "header line without a colon", "GET " + target + " HTTP/1.1\r\nHost: x\r\nBadHeader\r\nConnection: close\r\n\r\n", new byte[0], 400, "BadRequest"));
        add.accept(HostileRequest.raw(c, "header name with a space", "GET " + target + " HTTP/1.1\r\nHost: x\r\nBad Header: x\r\nConnection: close\r\n\r\n", new byte[0], 400, "BadRequest"));
        add.accept(HostileRequest.raw(c, "Content-Length not a number", "POST " + CONFIGMAPS + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\nConnection: close\r\n\r\n",
                "{}".getBytes(StandardCharsets.UTF_8), 400, "BadRequest"));
        add.accept(HostileRequest.raw(c, "bad chunk size", "POST " + CONFIGMAPS + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8), 400, "BadRequest"));
        add.accept(HostileRequest.raw(c, "a 2 MiB header", "GET " + target + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(2 * 1024 * 1024) + "\r\nConnection: close\r\n\r\n",
                new byte[0], 400, "BadRequest"));
        StringBuilder many = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 2_000; i++) {
            many.append("X-H").append(i).append(": ").append("v".repeat(600)).append("\r\n");
        }
        add.accept(HostileRequest.raw(c, "2000 headers, 1.2 MiB", many + "Connection: close\r\n\r\n", new byte[0], 400, "BadRequest"));
        add.accept(HostileRequest.raw(c, "a 2 MiB request line", "GET " + target + "?labelSelector=" + "a".repeat(2 * 1024 * 1024) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                new byte[0], 431, ""));
        add.accept(HostileRequest.raw(c, "no Host header", "GET " + target + " HTTP/1.1\r\nConnection: close\r\n\r\n", new byte[0], 400, "BadRequest"));
    }

    private static String configMap(String name, int dataBytes) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"a\":\"" + "x".repeat(dataBytes) + "\"}}";
    }

    /** A configmap body of exactly {@code size} bytes. */
    private static String exactly(int size) {
        String head = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\"";
        String tail = "\"}}";
        return head + "x".repeat(size - head.length() - tail.length()) + tail;
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chunk = 64 * 1024;
        for (int off = 0; off < body.length; off += chunk) {
            int n = Math.min(chunk, body.length - off);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, off, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 24) + "...(" + s.length() + ")" : s;
    }
}
