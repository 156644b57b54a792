package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.openapi.ModelPatchMeta;
import io.capstan.apiserver.apply.ApplyPatcher;
import io.capstan.apiserver.warning.WarningRecorder;
import io.capstan.apiserver.apply.FieldManager;
import io.capstan.apiserver.apply.ManagerName;
import io.capstan.apiserver.filters.RequestContext;
import io.capstan.apiserver.registry.DeleteOptions;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ListOptions;
import io.capstan.apiserver.registry.Meta;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.apiserver.registry.core.PodStrategy;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.capstan.common.patch.JsonPatch;
import io.capstan.common.patch.LookupPatchMeta;
import io.capstan.common.patch.MergePatch;
import io.capstan.common.patch.PatchException;
import io.capstan.common.patch.StrategicMergePatch;
import io.capstan.common.selector.FieldSelector;
import io.capstan.common.selector.LabelSelector;
import io.capstan.common.selector.SelectorException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The REST endpoints under {@code /api} and {@code /apis}: discovery, and every verb on every
 * served resource, each answer a JSON/YAML object or Table, every error a {@code Status}.
 */
public final class ApiHandler implements HttpService {
    private static final Logger LOG = Logger.getLogger(ApiHandler.class.getName());

    private static final io.helidon.http.HeaderName WARNING = HeaderNames.create("Warning");

    private final ResourceRegistry registry;
    private final Discovery discovery;
    private final AggregatedDiscovery aggregatedDiscovery;
    private final WatchResponder watches;
    private final VersionInfo version;
    private final MeterRegistry metrics;
    private final TokenSubresource tokens;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public ApiHandler(ResourceRegistry registry, Discovery discovery, WatchResponder watches, VersionInfo version,
                      MeterRegistry metrics) {
        this(registry, discovery, watches, version, metrics, null);
    }

    /** @param tokens serves {@code serviceaccounts/<name>/token} (TokenRequest); null answers it with 404 */
    public ApiHandler(ResourceRegistry registry, Discovery discovery, WatchResponder watches, VersionInfo version,
                      MeterRegistry metrics, TokenSubresource tokens) {
        this.tokens = tokens;
        this.registry = registry;
        this.discovery = discovery;
        this.aggregatedDiscovery = new AggregatedDiscovery(registry);
        this.watches = watches;
        this.version = version;
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/version", (req, res) -> send(res, 200, Representation.JSON, version.toJson()));
        rules.any("/api", this::handle);
        rules.any("/api/*", this::handle);
        rules.any("/apis", this::handle);
        rules.any("/apis/*", this::handle);
        rules.any((req, res) -> sendStatus(res, Statuses.pathNotFound()));
    }

    private void handle(ServerRequest req, ServerResponse res) {
        String method = req.prologue().method().text();
        String path = req.path().path();
        boolean watch = flag(req, "watch");
        RequestInfo info = RequestInfo.parse(method, path, watch);
        Timer.Sample sample = Timer.start(metrics);
        int code = 500;
        WarningRecorder.begin();
        try {
            String literal = PathSegmentName.decode(req.prologue().uriPath().rawPath());
            if (PathSegmentName.hasDotSegment(literal)) {
                // The web server resolved "." or ".." segments; upstream serves the literal path, whose name
                // or namespace is then refused (400), or which names nothing (404): never another object.
                RequestInfo literalInfo = RequestInfo.parse(method, literal, watch);
                if (literalInfo != null && literalInfo.subresource().isEmpty()) {
                    PathSegmentName.validate(literalInfo);
                }
                throw Statuses.pathNotFound();
            }
            if (info == null) {
                throw Statuses.pathNotFound();
            }
            PathSegmentName.validate(info);
            if (isUpgrade(req)) {
                if (watch) {
                    // WebSocket watches (fabric8's first choice) are not served. The Upgrade is ignored, as
                    // HTTP allows, and the watch ends at once: a 200 without events, which an HTTP watch client
                    // takes for a watch that timed out, and a WebSocket client for a refused handshake. fabric8
                    // then falls back to a streaming HTTP watch at once; a 503 made it retry the WebSocket with
                    // back-off for ~20 s first (it retries every 5xx).
                    res.status(Status.OK_200);
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send();
                    code = 200;
                    return;
                }
                throw Statuses.unavailable("upgrading the connection to WebSocket is not supported; use a streaming HTTP request");
            }
            code = info.resourceRequest() ? resource(info, req, res) : discovery(info, req, res);
        } catch (StatusException e) {
            code = e.code();
            RequestContext.of(req).responseObject(e.status()); // for the audit log
            if (!res.isSent()) {
                sendStatus(res, e);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, method + " " + path + " failed", e);
            code = 500;
            StatusException internal = Statuses.internal(e.getClass().getSimpleName() + ": " + e.getMessage());
            RequestContext.of(req).responseObject(internal.status()); // for the audit log
            if (!res.isSent()) {
                sendStatus(res, internal);
            }
        } finally {
            WarningRecorder.end();
            record(info, sample, code);
        }
    }

    private void record(RequestInfo info, Timer.Sample sample, int code) {
        String verb = info == null ? "get" : upstreamVerb(info);
        String resource = info == null ? "" : info.resource();
        String group = info == null ? "" : info.group();
        String ver = info == null ? "" : info.version();
        String sub = info == null ? "" : info.subresource();
        String scope = info == null || !info.resourceRequest() ? "" : !info.name().isEmpty() ? "resource"
                : !info.namespace().isEmpty() ? "namespace" : "cluster";
        // Meters are looked up in maps of our own: Micrometer's lookup builds and sorts the tags on every call.
        String key = verb + '\u0000' + group + '\u0000' + ver + '\u0000' + resource + '\u0000' + sub + '\u0000' + scope;
        counters.computeIfAbsent(key + '\u0000' + code, k -> metrics.counter("apiserver.request", "verb", verb,
                "group", group, "version", ver, "resource", resource, "subresource", sub, "scope", scope,
                "component", "apiserver", "code", Integer.toString(code))).increment();
        if (!verb.equals("WATCH")) {
            sample.stop(timers.computeIfAbsent(key, k -> Timer.builder("apiserver.request.duration").tags("verb", verb,
                    "group", group, "version", ver, "resource", resource, "subresource", sub, "scope", scope,
                    "component", "apiserver").publishPercentileHistogram().register(metrics)));
        }
    }

    private static String upstreamVerb(RequestInfo info) {
        return switch (info.verb()) {
            case "create" -> "POST";
            case "update" -> "PUT";
            case "patch" -> "PATCH";
            case "delete" -> "DELETE";
            case "deletecollection" -> "DELETE";
            case "watch" -> "WATCH";
            case "list" -> "LIST";
            default -> "GET";
        };
    }

    // ---- discovery ----------------------------------------------------------------------------

    private int discovery(RequestInfo info, ServerRequest req, ServerResponse res) {
        if (!info.verb().equals("get")) {
            throw Statuses.methodNotAllowed(info.verb());
        }
        List<String> p = info.parts();
        if (p.size() == 1) {
            String aggregated = AggregatedDiscovery.negotiate(accept(req));
            if (aggregated != null) {
                return aggregatedDiscovery(p.get(0).equals("api") ? aggregatedDiscovery.core(aggregated)
                        : aggregatedDiscovery.groups(aggregated), aggregated, req, res);
            }
        }
        Representation rep = Representation.negotiate(accept(req), false, false);
        JsonNode doc;
        if (p.get(0).equals("api")) {
            doc = p.size() == 1 ? discovery.apiVersions() : discovery.resourceList("", info.version());
        } else if (p.size() == 1) {
            doc = discovery.groupList();
        } else if (p.size() == 2) {
            doc = discovery.group(info.group());
        } else {
            doc = discovery.resourceList(info.group(), info.version());
        }
        if (doc == null) {
            throw Statuses.pathNotFound();
        }
        send(res, 200, rep, doc);
        return 200;
    }

    /** Upstream's {@code ServeHTTPWithETag}: ETag, 304 on a matching {@code If-None-Match}, public caching. */
    private static int aggregatedDiscovery(ObjectNode doc, String version, ServerRequest req, ServerResponse res) {
        String etag = AggregatedDiscovery.etag(doc);
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.VARY, "Accept");
        res.header(HeaderNames.CACHE_CONTROL, "public");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(etag::equals).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return 304;
        }
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, AggregatedDiscovery.contentType(version));
        res.send(Json.bytes(doc));
        return 200;
    }

    // ---- resources ----------------------------------------------------------------------------

    private int resource(RequestInfo info, ServerRequest req, ServerResponse res) {
        GenericStore store = registry.store(new GroupVersionResource(info.group(), info.version(), info.resource()));
        if (store == null) {
            throw Statuses.pathNotFound();
        }
        ResourceDefinition def = store.definition();
        String ns = def.namespaced() ? info.namespace() : "";
        if (def.namespaced() && ns.isEmpty() && !info.name().isEmpty()) {
            throw Statuses.pathNotFound();
        }
        // A namespace's own path (/namespaces/<name>[/status|/finalize]) parses with the namespace set; nothing
        // else cluster-scoped lives under a namespace (/namespaces/default/namespaces is a 404).
        if (!def.namespaced() && !info.namespace().isEmpty()
                && !(def.resource().equals("namespaces") && def.group().isEmpty() && info.namespace().equals(info.name()))) {
            throw Statuses.pathNotFound();
        }
        String sub = info.subresource();
        if (!sub.isEmpty() && !def.subresources().contains(sub)) {
            throw Statuses.pathNotFound();
        }
        boolean dryRun = dryRun(req);
        String verb = info.verb();
        if (def.createOnly()) {
            return createOnly(def, info, ns, dryRun, req, res);
        }
        if (!sub.isEmpty()) {
            return subresource(store, info, ns, sub, dryRun, req, res);
        }
        switch (verb) {
            case "get" -> {
                Representation rep = Representation.negotiate(accept(req), true, false);
                ObjectNode obj = store.get(ns, info.name(), resourceVersion(req));
                sendObject(res, 200, rep, def, obj, req);
                return 200;
            }
            case "list" -> {
                Representation rep = Representation.negotiate(accept(req), true, false, true);
                if (rep == Representation.JSON) {
                    // Written from the stored bytes, without a tree per item (large lists from the watch cache).
                    byte[] json = store.listJson(ns, listOptions(req));
                    RequestContext.of(req).responseObject(json); // for the audit log
                    sendBytes(res, 200, rep, json);
                    return 200;
                }
                ObjectNode list = store.list(ns, listOptions(req));
                RequestContext.of(req).responseObject(list); // for the audit log
                if (rep.partialMetadata()) {
                    send(res, 200, rep, rep.partialObjectMetadataList(list));
                } else if (rep == Representation.TABLE) {
                    List<ObjectNode> items = new ArrayList<>();
                    list.path("items").forEach(i -> items.add((ObjectNode) i));
                    send(res, 200, rep, Representation.table(def, items, param(req, "includeObject"), list.get("metadata")));
                } else {
                    send(res, 200, rep, list);
                }
                return 200;
            }
            case "watch" -> {
                Representation rep = Representation.negotiate(accept(req), true, true);
                ListOptions opts = listOptions(req);
                if (!info.name().isEmpty()) {
                    opts = new ListOptions(opts.labelSelector(), nameSelector(opts.fieldSelector(), info.name()),
                            opts.resourceVersion(), opts.resourceVersionMatch(), 0, "", true, opts.allowWatchBookmarks(),
                            opts.sendInitialEvents(), opts.timeoutSeconds());
                }
                watches.serve(store, ns, opts, rep, param(req, "includeObject"), res);
                return 200;
            }
            case "create" -> {
                if (!info.name().isEmpty()) {
                    throw Statuses.methodNotAllowed("POST");
                }
                Representation rep = Representation.negotiate(accept(req), false, false);
                ObjectNode obj = pruned(def, decodeBody(def, req, res), req, res);
                // on behalf of the requester: some kinds record who created them (a CSR's spec.username)
                ObjectNode created = store.create(ns, ApplyPatcher.fieldManager(def).update(null, obj, manager(req, "CreateOptions"), ""),
                        dryRun, RequestContext.of(req).user());
                sendObject(res, 201, rep, def, created, req);
                return 201;
            }
            case "update" -> {
                Representation rep = Representation.negotiate(accept(req), false, false);
                requireName(info);
                ObjectNode obj = pruned(def, decodeBody(def, req, res), req, res);
                sendObject(res, 200, rep, def, store.update(ns, info.name(), obj, "", dryRun, tracked(def, req, "", "UpdateOptions")), req);
                return 200;
            }
            case "patch" -> {
                Representation rep = Representation.negotiate(accept(req), false, false);
                requireName(info);
                if (isApply(req)) {
                    ApplyPatcher.Result applied = apply(store, ns, info.name(), "", dryRun, req, res);
                    sendObject(res, applied.created() ? 201 : 200, rep, def, applied.object(), req);
                    return applied.created() ? 201 : 200;
                }
                sendObject(res, 200, rep, def, patch(store, ns, info.name(), "", dryRun, req, res), req);
                return 200;
            }
            case "delete" -> {
                Representation rep = Representation.negotiate(accept(req), false, false);
                GenericStore.Deleted d = store.delete(ns, info.name(), deleteOptions(req, dryRun));
                if (!d.gone() || def.returnDeletedObject()) {
                    sendObject(res, 200, rep, def, d.object(), req);
                } else {
                    JsonNode status = Json.MAPPER.valueToTree(Statuses.success(def.group(), def.resource(), info.name(), Meta.uid(d.object())));
                    RequestContext.of(req).responseObject(status); // for the audit log
                    send(res, 200, rep, status);
                }
                return 200;
            }
            case "deletecollection" -> {
                if (!def.verbs().contains("deletecollection")) {
                    throw Statuses.methodNotAllowed(verb);
                }
                Representation rep = Representation.negotiate(accept(req), false, false);
                send(res, 200, rep, store.deleteCollection(ns, listOptions(req), deleteOptions(req, dryRun)));
                return 200;
            }
            default -> throw Statuses.methodNotAllowed(verb);
        }
    }

    /** A create-only resource that is never stored (TokenReview, SubjectAccessReview, ...): POST answers, nothing else is served. */
    private static int createOnly(ResourceDefinition def, RequestInfo info, String ns, boolean dryRun, ServerRequest req,
                                  ServerResponse res) {
        if (def.namespaced() && ns.isEmpty()) {
            throw Statuses.pathNotFound(); // upstream routes a namespaced create-only kind under namespaces/{namespace} only
        }
        if (!info.verb().equals("create") || !info.name().isEmpty() || !info.subresource().isEmpty()) {
            throw Statuses.methodNotAllowed(info.verb());
        }
        Representation rep = Representation.negotiate(accept(req), false, false);
        ObjectNode obj = pruned(def, decodeBody(def, req, res), req, res);
        if (!ns.isEmpty()) {
            ObjectNode meta = obj.path("metadata").isObject() ? (ObjectNode) obj.get("metadata") : obj.putObject("metadata");
            String objNs = meta.path("namespace").asText("");
            if (objNs.isEmpty()) {
                meta.put("namespace", ns);
            } else if (!objNs.equals(ns)) {
                throw Statuses.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
        }
        obj.put("kind", def.kind());
        obj.put("apiVersion", def.gvr().groupVersion());
        ObjectNode out = def.creater().create(RequestContext.of(req).user(), ns, obj, dryRun);
        sendObject(res, 201, rep, def, out, req);
        return 201;
    }

    private int subresource(GenericStore store, RequestInfo info, String ns, String sub, boolean dryRun,
                            ServerRequest req, ServerResponse res) {
        ResourceDefinition def = store.definition();
        Representation rep = Representation.negotiate(accept(req), false, false);
        String verb = info.verb();
        switch (sub) {
            case "status" -> {
                switch (verb) {
                    case "get" -> sendObject(res, 200, rep, def, store.get(ns, info.name(), resourceVersion(req)), req);
                    case "update" -> {
                        ObjectNode obj = pruned(def, decodeBody(def, req, res), req, res);
                        sendObject(res, 200, rep, def, store.update(ns, info.name(), obj, "status", dryRun, tracked(def, req, "status", "UpdateOptions")), req);
                    }
                    case "patch" -> sendObject(res, 200, rep, def, isApply(req)
                            ? apply(store, ns, info.name(), "status", dryRun, req, res).object()
                            : patch(store, ns, info.name(), "status", dryRun, req, res), req);
                    default -> throw Statuses.methodNotAllowed(verb);
                }
                return 200;
            }
            case "finalize" -> {
                if (!verb.equals("update")) {
                    throw Statuses.methodNotAllowed(verb);
                }
                ObjectNode body = RequestBody.decodeObject(RequestBody.read(req), RequestBody.objectContentType(req), strict(req));
                BinaryOperator<ObjectNode> track = tracked(def, req, "finalize", "UpdateOptions");
                ObjectNode updated = store.guaranteedUpdate(ns, info.name(), "finalize", dryRun, current -> {
                    ObjectNode live = current.deepCopy();
                    String rv = Meta.resourceVersion(body);
                    if (rv != null && !rv.isEmpty()) {
                        Meta.of(current).put("resourceVersion", rv);
                    }
                    ObjectNode spec = current.path("spec").isObject() ? (ObjectNode) current.get("spec") : current.putObject("spec");
                    spec.set("finalizers", body.path("spec").path("finalizers").isArray()
                            ? body.path("spec").get("finalizers").deepCopy() : Json.MAPPER.createArrayNode());
                    return track.apply(live, current);
                });
                sendObject(res, 200, rep, def, updated, req);
                return 200;
            }
            case "scale" -> {
                ScaleSubresource scale = new ScaleSubresource(store,
                        tracked(def, req, "scale", verb.equals("patch") ? "PatchOptions" : "UpdateOptions"));
                ObjectNode out = switch (verb) {
                    case "get" -> scale.get(ns, info.name(), resourceVersion(req));
                    case "update" -> scale.update(ns, info.name(),
                            RequestBody.decodeObject(RequestBody.read(req), RequestBody.objectContentType(req), strict(req)), dryRun);
                    case "patch" -> scale.patch(ns, info.name(), patchOperation(req, LookupPatchMeta.NONE), dryRun);
                    default -> throw Statuses.methodNotAllowed(verb);
                };
                send(res, 200, rep, out);
                return 200;
            }
            case "approval" -> {
                ApprovalSubresource approval = new ApprovalSubresource(store,
                        tracked(def, req, "approval", verb.equals("patch") ? "PatchOptions" : "UpdateOptions"));
                ObjectNode out = switch (verb) {
                    case "get" -> store.get(ns, info.name(), resourceVersion(req));
                    case "update" -> approval.update(info.name(),
                            RequestBody.decodeObject(RequestBody.read(req), RequestBody.objectContentType(req), strict(req)), dryRun);
                    case "patch" -> approval.patch(info.name(), patchOperation(req, patchMeta(def)), dryRun);
                    default -> throw Statuses.methodNotAllowed(verb);
                };
                sendObject(res, 200, rep, def, out, req);
                return 200;
            }
            case "eviction" -> {
                if (!verb.equals("create")) {
                    throw Statuses.methodNotAllowed(verb);
                }
                new EvictionSubresource(store, registry.store(new GroupVersionResource("policy", "v1", "poddisruptionbudgets")))
                        .create(ns, info.name(), RequestBody.decodeObject(RequestBody.read(req), RequestBody.objectContentType(req), strict(req)), dryRun);
                io.fabric8.kubernetes.api.model.Status evicted = Statuses.success("", "", null, null);
                evicted.setCode(201);
                evicted.setDetails(null);
                send(res, 201, rep, Json.MAPPER.valueToTree(evicted));
                return 201;
            }
            case "token" -> {
                if (!verb.equals("create")) {
                    throw Statuses.methodNotAllowed(verb);
                }
                if (tokens == null) {
                    throw Statuses.pathNotFound();
                }
                send(res, 201, rep, tokens.create(ns, info.name(),
                        RequestBody.decodeObject(RequestBody.read(req), RequestBody.contentType(req), strict(req))));
                return 201;
            }
            case "binding" -> {
                if (!verb.equals("create")) {
                    throw Statuses.methodNotAllowed(verb);
                }
                ObjectNode binding = RequestBody.decodeObject(RequestBody.read(req), RequestBody.objectContentType(req), strict(req));
                bind(store, ns, info.name(), binding, dryRun);
                send(res, 201, rep, Json.MAPPER.valueToTree(Statuses.success("", "", null, null)));
                return 201;
            }
            default -> throw Statuses.pathNotFound();
        }
    }

    /** Upstream's pod binding: only once, only to a named node, only while the pod is not being deleted. */
    private static void bind(GenericStore pods, String ns, String name, ObjectNode binding, boolean dryRun) {
        String bindingName = Meta.name(binding);
        if (bindingName != null && !bindingName.isEmpty() && !bindingName.equals(name)) {
            throw Statuses.badRequest("the name of the binding (" + bindingName + ") does not match the name on the URL (" + name + ")");
        }
        String node = binding.path("target").path("name").asText("");
        String kind = binding.path("target").path("kind").asText("Node");
        if (node.isEmpty() || !(kind.isEmpty() || kind.equals("Node"))) {
            throw Statuses.invalid("", "Binding", name, List.of(Statuses.cause("FieldValueRequired", "target.name",
                    "Required value: a binding must target a Node by name")));
        }
        pods.guaranteedUpdate(ns, name, "binding", dryRun, pod -> {
            if (Meta.deleting(pod)) {
                throw Statuses.conflict("", "pods", name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            String current = pod.path("spec").path("nodeName").asText("");
            if (!current.isEmpty()) {
                throw Statuses.conflict("", "pods", name, "pod " + name + " is already assigned to node \"" + current + "\"");
            }
            String uid = binding.path("metadata").path("uid").asText("");
            if (!uid.isEmpty() && !uid.equals(Meta.uid(pod))) {
                throw Statuses.conflict("", "pods", name, "Precondition failed: UID in precondition: " + uid
                        + ", UID in object meta: " + Meta.uid(pod));
            }
            PodStrategy.bind(pod, node, GenericStore.now());
            Meta.of(pod).remove("resourceVersion");
            return pod;
        });
    }

    private ObjectNode patch(GenericStore store, String ns, String name, String sub, boolean dryRun, ServerRequest req,
                             ServerResponse res) {
        UnaryOperator<ObjectNode> operation = patchOperation(req, patchMeta(store.definition()));
        FieldManager fields = ApplyPatcher.fieldManager(store.definition());
        String manager = manager(req, "PatchOptions");
        return store.guaranteedUpdate(ns, name, sub, dryRun, current -> {
            String currentRv = Meta.resourceVersion(current);
            ObjectNode live = current.deepCopy();
            ObjectNode o = pruned(store.definition(), typed(store.definition(), operation.apply(current)), req, res);
            fields.update(live, o, manager, sub);
            // A patch that does not mention resourceVersion applies to whatever is current.
            String patchedRv = Meta.resourceVersion(o);
            if (patchedRv == null || patchedRv.isEmpty() || patchedRv.equals(currentRv)) {
                Meta.of(o).remove("resourceVersion");
            }
            return o;
        });
    }

    /**
     * A patched object that no longer decodes into its kind's type (a string for {@code spec}, ...) is
     * upstream's 422 with the field {@code patch}, as its patchers report a failed decode of the result.
     */
    private static ObjectNode typed(ResourceDefinition def, ObjectNode patched) {
        def.schema().typeError(patched).ifPresent(e -> {
            throw Statuses.invalid("", "", "", List.of(Statuses.cause("FieldValueInvalid", "patch",
                    "Invalid value: \"" + abbreviate(patched.toString()) + "\": " + e.message())));
        });
        return patched;
    }

    private static String abbreviate(String s) {
        return s.length() <= 256 ? s : s.substring(0, 256) + "...";
    }

    /** The strategic merge patch metadata of a kind: its published schema's patch strategies and merge keys. */
    private static LookupPatchMeta patchMeta(ResourceDefinition def) {
        return ModelPatchMeta.of(def.schema().modelClass());
    }

    private static boolean isApply(ServerRequest req) {
        return MediaTypes.APPLY_PATCH.equals(RequestBody.contentType(req));
    }

    /** Server-side apply: the body is the manager's configuration, YAML or JSON. */
    private static ApplyPatcher.Result apply(GenericStore store, String ns, String name, String sub, boolean dryRun,
                                             ServerRequest req, ServerResponse res) {
        String manager = param(req, "fieldManager");
        ManagerName.validate("PatchOptions", manager, true, false);
        ObjectNode config = RequestBody.decodeObject(RequestBody.read(req), MediaTypes.APPLY_PATCH, strict(req));
        return new ApplyPatcher(store, RequestContext.of(req).user()).apply(ns, name, sub, config, manager, flag(req, "force"), dryRun);
    }

    /** The manager of a non-apply write, validated as upstream validates {@code <optionsKind>}. */
    private static String manager(ServerRequest req, String optionsKind) {
        String fieldManager = param(req, "fieldManager");
        ManagerName.validate(optionsKind, fieldManager, false, optionsKind.equals("PatchOptions") && param(req, "force") != null);
        return ManagerName.of(fieldManager, req.headers().first(HeaderNames.USER_AGENT).orElse(""));
    }

    /** Records the update's manager in the object's managed fields. */
    private static BinaryOperator<ObjectNode> tracked(ResourceDefinition def, ServerRequest req, String sub, String optionsKind) {
        FieldManager fields = ApplyPatcher.fieldManager(def);
        String manager = manager(req, optionsKind);
        return (current, desired) -> fields.update(current, desired, manager, sub);
    }

    /** The request's patch as a function of the current object; errors are Status exceptions. */
    /** Upstream's {@code maxJSONPatchOperations}. */
    private static final int MAX_JSON_PATCH_OPERATIONS = 10_000;

    private static UnaryOperator<ObjectNode> patchOperation(ServerRequest req, LookupPatchMeta meta) {
        String type = RequestBody.contentType(req);
        byte[] raw = RequestBody.read(req);
        JsonNode patch = switch (type) {
            case MediaTypes.JSON_PATCH, MediaTypes.MERGE_PATCH, MediaTypes.STRATEGIC_MERGE_PATCH -> RequestBody.decode(raw, type, strict(req));
            case MediaTypes.APPLY_PATCH -> throw Statuses.unsupportedMediaType(type);
            default -> throw Statuses.of(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                    + "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json");
        };
        if (type.equals(MediaTypes.JSON_PATCH) && patch.isArray() && patch.size() > MAX_JSON_PATCH_OPERATIONS) {
            throw Statuses.of(413, "RequestEntityTooLarge", "The allowed maximum operations in a JSON patch is "
                    + MAX_JSON_PATCH_OPERATIONS + ", got " + patch.size());
        }
        if (type.equals(MediaTypes.MERGE_PATCH) && !patch.isObject() && !patch.isArray()) {
            // evanphx/json-patch's ErrBadJSONPatch: a merge patch must be an object (or, oddly, an array).
            throw Statuses.badRequest("Invalid JSON Patch");
        }
        return current -> {
            JsonNode patched;
            try {
                patched = switch (type) {
                    case MediaTypes.JSON_PATCH -> JsonPatch.apply(current, patch);
                    case MediaTypes.MERGE_PATCH -> MergePatch.apply(current, patch);
                    default -> StrategicMergePatch.apply(current, patch, meta);
                };
            } catch (PatchException e) {
                throw e.malformed() ? Statuses.badRequest(e.getMessage()) : Statuses.of(422, "Invalid", e.getMessage());
            }
            if (!(patched instanceof ObjectNode o)) {
                // Upstream decodes the result into the kind's type, which fails: 422 on field patch.
                throw Statuses.invalid("", "", "", List.of(Statuses.cause("FieldValueInvalid", "patch",
                        "Invalid value: \"" + abbreviate(patched.toString()) + "\": the patch produced "
                                + patched.getNodeType().name().toLowerCase() + ", not an object")));
            }
            return o;
        };
    }

    // ---- options ------------------------------------------------------------------------------

    private static ListOptions listOptions(ServerRequest req) {
        try {
            String sendInitial = param(req, "sendInitialEvents");
            return new ListOptions(
                    LabelSelector.parse(param(req, "labelSelector")),
                    FieldSelector.parse(param(req, "fieldSelector")),
                    orEmpty(param(req, "resourceVersion")),
                    orEmpty(param(req, "resourceVersionMatch")),
                    longParam(req, "limit"),
                    orEmpty(param(req, "continue")),
                    flag(req, "watch"),
                    flag(req, "allowWatchBookmarks"),
                    sendInitial == null ? null : Boolean.parseBoolean(sendInitial),
                    longParam(req, "timeoutSeconds"));
        } catch (SelectorException e) {
            throw Statuses.badRequest(e.getMessage()); // the parsers' messages are upstream's
        }
    }

    private static FieldSelector nameSelector(FieldSelector base, String name) {
        String extra = "metadata.name=" + name.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
        if (base.isEmpty()) {
            return FieldSelector.parse(extra);
        }
        StringBuilder sb = new StringBuilder(extra);
        for (FieldSelector.Term t : base.terms()) {
            sb.append(',').append(t.field()).append(t.equals() ? "=" : "!=")
                    .append(t.value().replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\="));
        }
        return FieldSelector.parse(sb.toString());
    }

    private static final io.capstan.apiserver.schema.ModelSchema DELETE_OPTIONS =
            io.capstan.apiserver.schema.ModelSchema.of(io.fabric8.kubernetes.api.model.DeleteOptions.class);

    private DeleteOptions deleteOptions(ServerRequest req, boolean dryRun) {
        Long grace = param(req, "gracePeriodSeconds") == null ? null : longParam(req, "gracePeriodSeconds");
        String policy = param(req, "propagationPolicy");
        String uid = null;
        String rv = null;
        byte[] body = RequestBody.read(req);
        if (body.length > 0) {
            ObjectNode o = RequestBody.decodeObject(body, RequestBody.contentType(req), false);
            DELETE_OPTIONS.typeError(o).ifPresent(e -> {
                throw Statuses.badRequest("DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: " + e.message());
            });
            if (o.hasNonNull("gracePeriodSeconds")) {
                grace = o.get("gracePeriodSeconds").asLong();
            }
            if (o.hasNonNull("propagationPolicy")) {
                policy = o.get("propagationPolicy").asText();
            }
            if (o.hasNonNull("orphanDependents") && policy == null) {
                policy = o.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
            }
            uid = o.path("preconditions").path("uid").asText(null);
            rv = o.path("preconditions").path("resourceVersion").asText(null);
            for (JsonNode d : o.path("dryRun")) {
                if (!d.asText().equals("All")) {
                    throw Statuses.badRequest("Invalid dryRun value: \"" + d.asText() + "\": valid values are \"All\"");
                }
                dryRun = true;
            }
        }
        if (policy != null && !List.of("Orphan", "Background", "Foreground").contains(policy)) {
            throw Statuses.invalid("meta.k8s.io", "DeleteOptions", "", List.of(Statuses.cause("FieldValueNotSupported",
                    "propagationPolicy", "Unsupported value: \"" + policy + "\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")));
        }
        if (grace != null && grace < 0) {
            grace = 0L;
        }
        return new DeleteOptions(grace, policy, uid, rv, dryRun);
    }

    private static boolean dryRun(ServerRequest req) {
        List<String> values = req.query().all("dryRun", List::of);
        for (String v : values) {
            if (!v.equals("All")) {
                throw Statuses.badRequest("Invalid dryRun value: \"" + v + "\": valid values are \"All\"");
            }
        }
        return !values.isEmpty();
    }

    /**
     * Drops fields the kind does not have; with {@code fieldValidation=Strict} they fail the request
     * (400), with {@code Warn} (the default) each becomes a {@code Warning} header, as upstream does.
     */
    private static ObjectNode pruned(ResourceDefinition def, ObjectNode obj, ServerRequest req, ServerResponse res) {
        List<String> unknown = def.schema().prune(obj);
        if (unknown.isEmpty()) {
            return obj;
        }
        String mode = param(req, "fieldValidation");
        if ("Strict".equals(mode)) {
            throw Statuses.badRequest(def.kind() + " in version \"" + def.gvr().version() + "\" cannot be handled as a "
                    + def.kind() + ": strict decoding error: " + String.join(", ",
                    unknown.stream().map(f -> "unknown field \"" + f + "\"").toList()));
        }
        if (!"Ignore".equals(mode)) {
            res.headers().add(WARNING, unknown.stream().map(f -> "299 - \"unknown field \\\"" + f + "\\\"\"").toArray(String[]::new));
        }
        return obj;
    }

    /**
     * The request's object (the last of duplicate fields wins). Duplicate fields, as upstream's decoder:
     * with {@code fieldValidation=Strict} they fail the request (400, together with unknown fields),
     * with {@code Warn} (the default) each becomes a {@code Warning} header, with {@code Ignore} nothing.
     */
    private static ObjectNode decodeBody(ResourceDefinition def, ServerRequest req, ServerResponse res) {
        String type = RequestBody.objectContentType(req);
        byte[] body = RequestBody.read(req);
        boolean strict = strict(req);
        ObjectNode obj = RequestBody.decodeObjectWithoutDuplicates(body, type);
        boolean noDuplicates = obj != null;
        if (obj == null) {
            obj = RequestBody.decodeObject(body, type, false);
        }
        // Upstream decodes into the Go type first: a value of the wrong type is a 400, before validation.
        def.schema().typeError(obj).ifPresent(e -> {
            throw Statuses.badRequest(def.kind() + " in version \"" + def.gvr().version() + "\" cannot be handled as a "
                    + def.kind() + ": " + e.message());
        });
        if ("Ignore".equals(param(req, "fieldValidation"))) {
            return obj;
        }
        List<String> dups = noDuplicates ? List.of() : RequestBody.duplicateFields(body, type);
        if (strict) {
            if (!dups.isEmpty()) {
                // with the unknown fields, in the order upstream's decoder meets them
                List<String> problems = RequestBody.strictDecodingErrors(body, type, def.schema().prune(obj.deepCopy()));
                throw Statuses.badRequest(def.kind() + " in version \"" + def.gvr().version() + "\" cannot be handled as a "
                        + def.kind() + ": strict decoding error: " + String.join(", ", problems));
            }
        } else if (!dups.isEmpty()) {
            res.headers().add(WARNING, dups.stream().map(d -> "299 - \"duplicate field \\\"" + d + "\\\"\"").toArray(String[]::new));
        }
        return obj;
    }

    private static boolean strict(ServerRequest req) {
        String v = param(req, "fieldValidation");
        if (v == null || v.isEmpty()) {
            return false;
        }
        return switch (v) {
            case "Strict" -> true;
            case "Warn", "Ignore" -> false;
            default -> throw Statuses.badRequest("fieldValidation: Unsupported value: \"" + v
                    + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        };
    }

    private static void requireName(RequestInfo info) {
        if (info.name().isEmpty()) {
            throw Statuses.methodNotAllowed(info.verb());
        }
    }

    /** A GET's {@code resourceVersion} parameter, {@code ""} when unset. */
    private static String resourceVersion(ServerRequest req) {
        return req.query().first("resourceVersion").orElse("");
    }

    static String param(ServerRequest req, String name) {
        return req.query().first(name).orElse(null);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static boolean flag(ServerRequest req, String name) {
        String v = param(req, name);
        return v != null && (v.equals("true") || v.equals("1") || v.isEmpty() && req.query().contains(name));
    }

    private static long longParam(ServerRequest req, String name) {
        String v = param(req, name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw Statuses.badRequest(name + ": Invalid value: \"" + v + "\": must be an integer");
        }
    }

    private static boolean isUpgrade(ServerRequest req) {
        return req.headers().first(HeaderNames.UPGRADE).map(v -> v.toLowerCase().contains("websocket")).orElse(false);
    }

    private static String accept(ServerRequest req) {
        return String.join(",", req.headers().all(HeaderNames.ACCEPT, List::of));
    }

    // ---- responses ----------------------------------------------------------------------------

    /** The request's recorded warnings (strategies' {@code WarningsOnCreate}/{@code OnUpdate}) as headers. */
    private static void sendWarnings(ServerResponse res) {
        List<String> warnings = WarningRecorder.drainHeaderValues();
        if (!warnings.isEmpty()) {
            res.headers().add(WARNING, warnings.toArray(String[]::new));
        }
    }

    private static void sendObject(ServerResponse res, int code, Representation rep, ResourceDefinition def,
                                   ObjectNode obj, ServerRequest req) {
        obj.put("kind", def.kind());
        obj.put("apiVersion", def.gvr().groupVersion());
        ObjectNode ordered = Json.MAPPER.createObjectNode();
        ordered.put("kind", def.kind());
        ordered.put("apiVersion", def.gvr().groupVersion());
        ordered.setAll(obj);
        RequestContext.of(req).responseObject(ordered); // for the audit log
        if (rep.partialMetadata()) {
            send(res, code, rep, rep.partialObjectMetadata(ordered));
        } else if (rep == Representation.TABLE) {
            send(res, code, rep, Representation.table(def, List.of(ordered), param(req, "includeObject"), null));
        } else {
            send(res, code, rep, ordered);
        }
    }

    static void send(ServerResponse res, int code, Representation rep, JsonNode body) {
        sendBytes(res, code, rep, rep.encode(body));
    }

    private static void sendBytes(ServerResponse res, int code, Representation rep, byte[] body) {
        sendWarnings(res);
        res.status(Status.create(code));
        res.header(HeaderNames.CONTENT_TYPE, rep.contentType());
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, private");
        res.send(body);
    }

    static void sendStatus(ServerResponse res, StatusException e) {
        sendWarnings(res);
        res.status(Status.create(e.code()));
        // upstream's responsewriters.ErrorNegotiated: a retry period in the Status is also a header
        Integer retryAfter = e.status().getDetails() == null ? null : e.status().getDetails().getRetryAfterSeconds();
        if (retryAfter != null && retryAfter > 0) {
            res.header(HeaderNames.RETRY_AFTER, Integer.toString(retryAfter));
        }
        res.header(HeaderNames.CONTENT_TYPE, MediaTypes.JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, private");
        res.send(Json.bytes(e.status()));
    }
}
