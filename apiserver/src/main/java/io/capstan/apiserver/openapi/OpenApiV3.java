package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /openapi/v3}: the index of group-versions and one document per group-version listing every
 * path and operation with upstream's query parameters and {@code x-kubernetes-group-version-kind}
 * and {@code x-kubernetes-action} extensions. kubectl reads it to learn that the server validates
 * fields itself ({@code fieldValidation}). Component schemas are not published yet.
 */
public final class OpenApiV3 implements HttpService {
    private final Map<String, byte[]> documents = new LinkedHashMap<>();
    private final Map<String, String> hashes = new LinkedHashMap<>();

    public OpenApiV3(ResourceRegistry registry) {
        for (GroupVersionResource gv : registry.groupVersions()) {
            String key = gv.group().isEmpty() ? "api/" + gv.version() : "apis/" + gv.group() + "/" + gv.version();
            byte[] doc = Json.bytes(document(registry, gv));
            documents.put(key, doc);
            hashes.put(key, sha512(doc));
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/openapi/v3", this::index);
        rules.get("/openapi/v3/*", this::groupVersion);
    }

    private void index(ServerRequest req, ServerResponse res) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode paths = root.putObject("paths");
        documents.keySet().forEach(k -> paths.putObject(k).put("serverRelativeURL", "/openapi/v3/" + k + "?hash=" + hashes.get(k)));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.bytes(root));
    }

    private void groupVersion(ServerRequest req, ServerResponse res) {
        String key = req.path().path().substring("/openapi/v3/".length());
        byte[] doc = documents.get(key);
        if (doc == null) {
            res.status(404);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(Json.bytes(Statuses.pathNotFound().status()));
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.ETAG, "\"" + hashes.get(key) + "\"");
        res.send(doc);
    }

    private static ObjectNode document(ResourceRegistry registry, GroupVersionResource gv) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", "v1.32.0");
        ObjectNode paths = doc.putObject("paths");
        for (GenericStore store : registry.stores()) {
            ResourceDefinition d = store.definition();
            if (!d.group().equals(gv.group()) || !d.gvr().version().equals(gv.version())) {
                continue;
            }
            String base = d.gvr().pathPrefix() + (d.namespaced() ? "/namespaces/{namespace}/" : "/") + d.resource();
            ObjectNode collection = paths.putObject(base);
            collection.set("get", operation(d, "list", false));
            collection.set("post", operation(d, "post", true));
            collection.set("delete", operation(d, "deletecollection", false));
            ObjectNode item = paths.putObject(base + "/{name}");
            item.set("get", operation(d, "get", false));
            item.set("put", operation(d, "put", true));
            item.set("patch", operation(d, "patch", true));
            item.set("delete", operation(d, "delete", false));
            for (String sub : d.subresources()) {
                if (sub.equals("status") || sub.equals("approval") || sub.equals("scale")) {
                    // The scale subresource reads and writes autoscaling/v1 Scale, the others the kind itself.
                    String[] gvk = sub.equals("scale") ? new String[] {"autoscaling", "v1", "Scale"}
                            : new String[] {d.group(), d.gvr().version(), d.kind()};
                    ObjectNode s = paths.putObject(base + "/{name}/" + sub);
                    s.set("get", operation(gvk, "get", false));
                    s.set("put", operation(gvk, "put", true));
                    s.set("patch", operation(gvk, "patch", true));
                }
            }
        }
        doc.putObject("components").putObject("schemas");
        return doc;
    }

    private static ObjectNode operation(ResourceDefinition d, String action, boolean write) {
        return operation(new String[] {d.group(), d.gvr().version(), d.kind()}, action, write);
    }

    /** An operation on {@code groupVersionKind} (group, version, kind). */
    private static ObjectNode operation(String[] groupVersionKind, String action, boolean write) {
        ObjectNode op = Json.MAPPER.createObjectNode();
        op.put("operationId", action + groupVersionKind[2]);
        op.put("x-kubernetes-action", action);
        ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
        gvk.put("group", groupVersionKind[0]);
        gvk.put("version", groupVersionKind[1]);
        gvk.put("kind", groupVersionKind[2]);
        ArrayNode params = op.putArray("parameters");
        if (write) {
            param(params, "dryRun", "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed");
            param(params, "fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes.");
            param(params, "fieldValidation", "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict");
        }
        if (action.equals("list") || action.equals("deletecollection")) {
            for (String p : new String[] {"labelSelector", "fieldSelector", "limit", "continue", "resourceVersion",
                    "resourceVersionMatch", "timeoutSeconds", "watch", "allowWatchBookmarks", "sendInitialEvents"}) {
                param(params, p, p);
            }
        }
        ObjectNode responses = op.putObject("responses");
        responses.putObject("200").put("description", "OK");
        responses.putObject("401").put("description", "Unauthorized");
        return op;
    }

    private static void param(ArrayNode params, String name, String description) {
        ObjectNode p = params.addObject();
        p.put("name", name);
        p.put("in", "query");
        p.put("description", description);
        p.putObject("schema").put("type", "string").put("uniqueItems", true);
    }

    private static String sha512(byte[] data) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
