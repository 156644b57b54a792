package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.endpoints.MediaTypes;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * {@code /openapi/v2}: one Swagger 2.0 document for every served group-version, with the paths of
 * {@link OpenApiV3} and a {@code definitions} entry for every served kind and the types it uses.
 * Served as JSON, or as gnostic's protobuf {@code Document} ({@link SwaggerProtobuf}) to clients that
 * ask for {@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}, as kubectl does for
 * client-side validation and apply. Both forms are built once, in the background from startup.
 */
public final class OpenApiV2 implements HttpService {
    private static final Logger LOG = Logger.getLogger(OpenApiV2.class.getName());
    /** The media type kubectl asks for (kube-openapi still accepts this deprecated spelling). */
    public static final String PROTOBUF_REQUESTED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    /** The media type upstream answers protobuf requests with. */
    public static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private final CompletableFuture<Forms> forms;
    private final ZonedDateTime lastModified = ZonedDateTime.now(ZoneOffset.UTC);

    /** The two serialized forms of the one document. */
    private record Forms(CachedDocument json, CachedDocument protobuf) {
    }

    /** Starts building the document in the background once {@code v3}'s documents (whose paths it reuses) are built. */
    public OpenApiV2(ResourceRegistry registry, OpenApiV3 v3) {
        forms = v3.ready().thenApplyAsync(ignored -> build(registry, v3),
                task -> Thread.ofPlatform().daemon().name("openapi-v2-build").start(task));
    }

    private static Forms build(ResourceRegistry registry, OpenApiV3 v3) {
        long start = System.nanoTime();
        ObjectNode doc = document(registry, v3);
        CachedDocument json = CachedDocument.of(Json.bytes(doc), MediaTypes.JSON);
        CachedDocument protobuf = CachedDocument.of(SwaggerProtobuf.encode(doc), PROTOBUF);
        LOG.info(() -> "built /openapi/v2: " + doc.path("definitions").size() + " definitions, " + json.bytes().length / 1024
                + " KiB JSON, " + protobuf.bytes().length / 1024 + " KiB protobuf in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return new Forms(json, protobuf);
    }

    /** The JSON form; waits for the build. */
    public CachedDocument json() {
        return forms.join().json();
    }

    /** The protobuf form; waits for the build. */
    public CachedDocument protobuf() {
        return forms.join().protobuf();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/openapi/v2", this::get);
    }

    private void get(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.VARY, "Accept");
        CachedDocument doc = negotiate(req.headers().first(HeaderNames.ACCEPT).orElse("*/*"));
        if (doc == null) {
            res.status(406);
            res.send();
            return;
        }
        doc.send(req, res, lastModified);
    }

    /** The first form the Accept header names (JSON for wildcards), or null: kube-openapi's order. */
    CachedDocument negotiate(String accept) {
        List<MediaTypes.MediaRange> ranges = MediaTypes.parse(accept);
        if (ranges.isEmpty()) {
            return json();
        }
        for (MediaTypes.MediaRange r : ranges) {
            switch (r.type()) {
                case MediaTypes.JSON, "*/*", "application/*" -> {
                    return json();
                }
                case PROTOBUF_REQUESTED, PROTOBUF -> {
                    return protobuf();
                }
                default -> {
                }
            }
        }
        return null;
    }

    private static ObjectNode document(ResourceRegistry registry, OpenApiV3 v3) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("swagger", "2.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", "v1.32.0");
        ObjectNode paths = doc.putObject("paths");
        for (var gv : registry.groupVersions()) {
            String key = gv.group().isEmpty() ? "api/" + gv.version() : "apis/" + gv.group() + "/" + gv.version();
            JsonNode v3paths = Json.tree(v3.document(key).bytes()).path("paths");
            v3paths.fields().forEachRemaining(e -> paths.set(e.getKey(), pathItem(e.getValue())));
        }
        ModelDefinitions defs = new ModelDefinitions(ModelDefinitions.Dialect.SWAGGER_2);
        List<ResourceDefinition> served = registry.stores().stream().map(GenericStore::definition).toList();
        ServedKinds.add(defs, served, registry.groupVersions());
        ObjectNode definitions = doc.putObject("definitions");
        defs.definitions().forEach(definitions::set);
        return doc;
    }

    /** An OpenAPI 3.0 path item in Swagger 2.0 form: parameter types inline, response schemas under {@code schema}. */
    private static ObjectNode pathItem(JsonNode v3) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        v3.fields().forEachRemaining(e -> {
            ObjectNode op = ((ObjectNode) e.getValue()).deepCopy();
            JsonNode requestBody = op.remove("requestBody");
            ArrayNode consumes = op.putArray("consumes");
            if (requestBody != null) {
                requestBody.path("content").fieldNames().forEachRemaining(consumes::add);
            } else {
                consumes.add("*/*");
            }
            op.putArray("produces").add(MediaTypes.JSON).add(MediaTypes.YAML).add("application/vnd.kubernetes.protobuf");
            op.putArray("schemes").add("https");
            ArrayNode params = Json.MAPPER.createArrayNode();
            for (JsonNode p : op.path("parameters")) {
                ObjectNode q = ((ObjectNode) p).deepCopy();
                JsonNode schema = q.remove("schema");
                if (schema != null) {
                    q.setAll((ObjectNode) schema);
                }
                params.add(q);
            }
            if (requestBody != null) {
                // Swagger 2.0 has no request bodies: a body parameter holds the schema.
                JsonNode schema = requestBody.path("content").elements().next().path("schema");
                ObjectNode body = params.addObject();
                body.put("in", "body");
                body.put("name", "body");
                body.put("required", true);
                body.putObject("schema").put("$ref", v2Ref(schema.path("$ref").asText()));
            }
            op.set("parameters", params);
            for (Map.Entry<String, JsonNode> r : (Iterable<Map.Entry<String, JsonNode>>) () -> op.path("responses").fields()) {
                ObjectNode response = (ObjectNode) r.getValue();
                JsonNode content = response.remove("content");
                JsonNode ref = content == null ? null : content.path(MediaTypes.JSON).path("schema").path("$ref");
                if (ref != null && ref.isTextual()) {
                    response.putObject("schema").put("$ref", v2Ref(ref.asText()));
                }
            }
            item.set(e.getKey(), op);
        });
        return item;
    }

    private static String v2Ref(String v3Ref) {
        return v3Ref.replace(ModelDefinitions.Dialect.OPENAPI_3.refPrefix(), ModelDefinitions.Dialect.SWAGGER_2.refPrefix());
    }
}
