package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.endpoints.MediaTypes;
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

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * {@code /openapi/v3}: the index of group-versions and one OpenAPI 3.0 document per group-version,
 * with every path and operation (upstream's query parameters, {@code x-kubernetes-group-version-kind}
 * and {@code x-kubernetes-action}) and {@code components.schemas} for every served kind and the types
 * it uses ({@link ModelDefinitions}). kubectl reads it for {@code explain}, client-side apply's patch
 * metadata and to learn that the server validates fields itself ({@code fieldValidation}). Documents
 * are built once, in the background from startup; a request with the current {@code ?hash=} is cacheable for a year, one with a stale
 * hash is redirected to the current one, as kube-openapi's handler does.
 */
public final class OpenApiV3 implements HttpService {
    private static final Logger LOG = Logger.getLogger(OpenApiV3.class.getName());
    private final CompletableFuture<Built> built;
    private final ZonedDateTime lastModified = ZonedDateTime.now(ZoneOffset.UTC);

    /** The serialized documents: one per group-version by key ({@code apis/apps/v1}), and the index. */
    private record Built(Map<String, CachedDocument> documents, CachedDocument index) {
    }

    /** Starts building the documents in the background; requests wait for them, startup does not. */
    public OpenApiV3(ResourceRegistry registry) {
        built = CompletableFuture.supplyAsync(() -> build(registry),
                task -> Thread.ofPlatform().daemon().name("openapi-v3-build").start(task));
    }

    private static Built build(ResourceRegistry registry) {
        long start = System.nanoTime();
        List<GroupVersionResource> groupVersions = registry.groupVersions();
        Map<String, CachedDocument> documents = new LinkedHashMap<>();
        for (GroupVersionResource gv : groupVersions) {
            documents.put(key(gv), CachedDocument.of(Json.bytes(document(registry, gv, groupVersions)), MediaTypes.JSON));
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode paths = root.putObject("paths");
        documents.forEach((k, doc) -> paths.putObject(k).put("serverRelativeURL", url(k, doc)));
        LOG.info(() -> "built /openapi/v3: " + documents.size() + " group-versions, "
                + documents.values().stream().mapToLong(d -> d.bytes().length).sum() / 1024 + " KiB in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return new Built(Map.copyOf(documents), CachedDocument.of(Json.bytes(root), MediaTypes.JSON));
    }

    /** Completes when every document is built. */
    CompletableFuture<?> ready() {
        return built;
    }

    /** The document of one group-version ({@code api/v1}, {@code apis/apps/v1}), or null; waits for the build. */
    public CachedDocument document(String key) {
        return built.join().documents().get(key);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/openapi/v3", this::index);
        rules.get("/openapi/v3/*", this::groupVersion);
    }

    private static String key(GroupVersionResource gv) {
        return gv.group().isEmpty() ? "api/" + gv.version() : "apis/" + gv.group() + "/" + gv.version();
    }

    private static String url(String key, CachedDocument doc) {
        return "/openapi/v3/" + key + "?hash=" + doc.etag();
    }

    private void index(ServerRequest req, ServerResponse res) {
        built.join().index().send(req, res, lastModified);
    }

    private void groupVersion(ServerRequest req, ServerResponse res) {
        String key = req.path().path().substring("/openapi/v3/".length());
        CachedDocument doc = document(key);
        if (doc == null) {
            res.status(404);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(Json.bytes(Statuses.pathNotFound().status()));
            return;
        }
        if (!acceptsJson(req.headers().first(HeaderNames.ACCEPT).orElse(""))) {
            res.status(406);
            res.send();
            return;
        }
        String hash = req.query().first("hash").orElse(null);
        if (hash != null && !hash.isEmpty()) {
            if (!hash.equals(doc.etag())) {
                res.status(301);
                res.header(HeaderNames.LOCATION, url(key, doc));
                res.send();
                return;
            }
            // Vary: the Accept header chooses between forms, which caches must keep apart.
            res.header(HeaderNames.VARY, "Accept");
            res.header(HeaderNames.CACHE_CONTROL, "public, immutable");
            res.header(HeaderNames.EXPIRES, DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusYears(1)));
        }
        doc.send(req, res, lastModified);
    }

    /** JSON is the one form served; the v3 protobuf form is not (406, as upstream answers for unknown forms). */
    private static boolean acceptsJson(String accept) {
        List<MediaTypes.MediaRange> ranges = MediaTypes.parse(accept);
        if (ranges.isEmpty()) {
            return true;
        }
        return ranges.stream().map(MediaTypes.MediaRange::type)
                .anyMatch(t -> t.equals("*/*") || t.equals("application/*") || t.equals(MediaTypes.JSON));
    }

    private static ObjectNode document(ResourceRegistry registry, GroupVersionResource gv, List<GroupVersionResource> groupVersions) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", "v1.32.0");
        ObjectNode paths = doc.putObject("paths");
        List<ResourceDefinition> served = new ArrayList<>();
        for (GenericStore store : registry.stores()) {
            ResourceDefinition d = store.definition();
            if (!d.group().equals(gv.group()) || !d.gvr().version().equals(gv.version())) {
                continue;
            }
            served.add(d);
            String base = d.gvr().pathPrefix() + (d.namespaced() ? "/namespaces/{namespace}/" : "/") + d.resource();
            ObjectNode collection = paths.putObject(base);
            if (d.createOnly()) {
                collection.set("post", operation(d, "post", true));
                continue;
            }
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
        ModelDefinitions defs = new ModelDefinitions(ModelDefinitions.Dialect.OPENAPI_3);
        ServedKinds.add(defs, served, groupVersions);
        linkSchemas(paths, defs);
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        defs.definitions().forEach(schemas::set);
        return doc;
    }

    /** The media types a PATCH accepts, as upstream's operations list them; kubectl's apply looks for strategic merge. */
    static final List<String> PATCH_TYPES = List.of(MediaTypes.APPLY_PATCH, MediaTypes.JSON_PATCH, MediaTypes.MERGE_PATCH,
            MediaTypes.STRATEGIC_MERGE_PATCH);

    /**
     * Points each operation's request body and 200 response at the schemas of what it takes and
     * returns: the kind (its list for {@code list}), {@code Status} for deletes, {@code Patch} for patches.
     */
    private static void linkSchemas(ObjectNode paths, ModelDefinitions defs) {
        Map<String, String> byKind = new LinkedHashMap<>();
        defs.definitions().forEach((name, schema) -> schema.path("x-kubernetes-group-version-kind").forEach(g ->
                byKind.putIfAbsent(g.path("group").asText() + "/" + g.path("version").asText() + "/" + g.path("kind").asText(), name)));
        paths.forEach(item -> item.forEach(node -> {
            ObjectNode op = (ObjectNode) node;
            JsonNode gvk = op.path("x-kubernetes-group-version-kind");
            String action = op.path("x-kubernetes-action").asText();
            String gv = gvk.path("group").asText() + "/" + gvk.path("version").asText() + "/";
            String kind = byKind.get(gv + gvk.path("kind").asText());
            String returned = action.equals("delete") || action.equals("deletecollection") ? ServedKinds.STATUS
                    : action.equals("list") ? byKind.get(gv + gvk.path("kind").asText() + "List") : kind;
            if (returned != null) {
                ((ObjectNode) op.path("responses").path("200")).putObject("content").putObject(MediaTypes.JSON)
                        .set("schema", defs.ref(returned));
            }
            if (action.equals("patch")) {
                ObjectNode body = op.putObject("requestBody");
                ObjectNode content = body.putObject("content");
                PATCH_TYPES.forEach(t -> content.putObject(t).set("schema", defs.ref(ServedKinds.PATCH)));
                body.put("required", true);
            } else if ((action.equals("post") || action.equals("put")) && kind != null) {
                ObjectNode body = op.putObject("requestBody");
                body.putObject("content").putObject("*/*").set("schema", defs.ref(kind));
                body.put("required", true);
            }
        }));
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
}
