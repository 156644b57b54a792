package io.capstan.e2e.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.e2e.LocalControlPlane;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * client-go's {@code discovery.DiscoveryClient} (v1.32) as upstream's e2e tests reach it through
 * {@code f.ClientSet.Discovery()}: {@code ServerGroups}, {@code GroupsAndMaybeResources} (aggregated
 * discovery negotiated with client-go's Accept header, the unaggregated documents as fallback),
 * {@code ServerResourcesForGroupVersion}, {@code ServerVersion}, and {@code RESTClient().Get().AbsPath(p)}.
 * fabric8 has no discovery client that negotiates aggregated discovery, and its raw calls hide the
 * response's Content-Type, which client-go reads to tell the two formats apart; so this speaks HTTP
 * itself, as {@code kubernetes-admin} through the plane's front door.
 */
final class DiscoveryClient implements AutoCloseable {
    static final String ACCEPT_V1 = "application/json";
    static final String ACCEPT_V2_BETA1 = ACCEPT_V1 + ";g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
    static final String ACCEPT_V2 = ACCEPT_V1 + ";g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    /** client-go's {@code acceptDiscoveryFormats}: aggregated discovery first. */
    static final String ACCEPT_DISCOVERY_FORMATS = ACCEPT_V2 + "," + ACCEPT_V2_BETA1 + "," + ACCEPT_V1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code metav1.APIGroup}: a name, its {@code groupVersion}s and versions, and the preferred groupVersion. */
    record Group(String name, List<String> groupVersions, List<String> versions, String preferredGroupVersion) {
    }

    /** What {@code GroupsAndMaybeResources} returns; {@code resourcesByGroupVersion} is null when not aggregated. */
    record GroupsAndResources(List<Group> groups, Map<String, List<String>> resourcesByGroupVersion,
                              Map<String, String> failedGroupVersions) {
    }

    /** A non-2xx answer, as client-go's {@code StatusError}. */
    static final class ApiException extends RuntimeException {
        final int code;

        ApiException(int code, String body) {
            super("the server answered " + code + ": " + body);
            this.code = code;
        }
    }

    /** A raw answer: status code, Content-Type and body. */
    record Response(int code, String contentType, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final HttpClient http;
    private final URI base;

    DiscoveryClient(LocalControlPlane plane) {
        this.http = plane.httpClient();
        this.base = plane.aggregatorUrl();
    }

    /** A GET with the given Accept header (client-go's default when {@code accept} is null: JSON, then anything). */
    Response get(String path, String accept) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Accept", accept == null ? "application/json, */*" : accept).GET().build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code RESTClient().Get().AbsPath(path).Do(ctx).Into(...)}: the body of a 2xx answer, else an error. */
    JsonNode getInto(String path) {
        Response r = get(path, null);
        if (r.code() / 100 != 2) {
            throw new ApiException(r.code(), r.body());
        }
        return r.json();
    }

    /** {@code ServerVersion()}: {@code /version} as {@code version.Info}. */
    JsonNode serverVersion() {
        return getInto("/version");
    }

    /** {@code ServerResourcesForGroupVersion(gv)}: the {@code APIResourceList} of one group version. */
    JsonNode serverResourcesForGroupVersion(String groupVersion) {
        String path = groupVersion.equals("v1") ? "/api/v1" : "/apis/" + groupVersion;
        Response r = get(path, null);
        if (r.code() == 404 && groupVersion.equals("v1")) {
            return MAPPER.createObjectNode().put("groupVersion", groupVersion);
        }
        if (r.code() / 100 != 2) {
            throw new ApiException(r.code(), r.body());
        }
        return r.json();
    }

    /** {@code ServerGroups()}. */
    List<Group> serverGroups() {
        return groupsAndMaybeResources().groups();
    }

    /** {@code GroupsAndMaybeResources()}: /api then /apis, merged; resources only when both were aggregated. */
    GroupsAndResources groupsAndMaybeResources() {
        GroupsAndResources legacy = downloadLegacy();
        GroupsAndResources apis = downloadApis();
        List<Group> groups = new ArrayList<>(legacy.groups());
        groups.addAll(apis.groups());
        Map<String, List<String>> resources = legacy.resourcesByGroupVersion();
        if (resources != null && apis.resourcesByGroupVersion() != null) {
            resources = new LinkedHashMap<>(resources);
            resources.putAll(apis.resourcesByGroupVersion());
        } else {
            resources = null;
        }
        Map<String, String> failed = new HashMap<>(legacy.failedGroupVersions());
        failed.putAll(apis.failedGroupVersions());
        return new GroupsAndResources(groups, resources, failed);
    }

    private GroupsAndResources downloadLegacy() {
        Response r = get("/api", ACCEPT_DISCOVERY_FORMATS);
        if (r.code() == 404) {
            return new GroupsAndResources(List.of(), Map.of(), Map.of());
        }
        if (r.code() / 100 != 2) {
            throw new ApiException(r.code(), r.body());
        }
        if (isAggregated(r.contentType())) {
            return splitGroupsAndResources(r.json());
        }
        List<String> versions = new ArrayList<>();
        r.json().path("versions").forEach(v -> versions.add(v.asText()));
        Group group = versions.isEmpty() ? new Group("", List.of(), List.of(), "")
                : new Group("", versions, versions, versions.getFirst());
        return new GroupsAndResources(List.of(group), null, Map.of());
    }

    private GroupsAndResources downloadApis() {
        Response r = get("/apis", ACCEPT_DISCOVERY_FORMATS);
        if (r.code() / 100 != 2) {
            throw new ApiException(r.code(), r.body());
        }
        if (isAggregated(r.contentType())) {
            return splitGroupsAndResources(r.json());
        }
        List<Group> groups = new ArrayList<>();
        for (JsonNode g : r.json().path("groups")) {
            List<String> gvs = new ArrayList<>();
            List<String> vs = new ArrayList<>();
            for (JsonNode v : g.path("versions")) {
                gvs.add(v.path("groupVersion").asText());
                vs.add(v.path("version").asText());
            }
            groups.add(new Group(g.path("name").asText(), gvs, vs, g.path("preferredVersion").path("groupVersion").asText()));
        }
        return new GroupsAndResources(groups, null, Map.of());
    }

    /** client-go's {@code ContentTypeIsGVK} for apidiscovery.k8s.io/v2 (or v2beta1) APIGroupDiscoveryList. */
    static boolean isAggregated(String contentType) {
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2) {
                params.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());
            }
        }
        return "apidiscovery.k8s.io".equals(params.get("g"))
                && ("v2".equals(params.get("v")) || "v2beta1".equals(params.get("v")))
                && "APIGroupDiscoveryList".equals(params.get("as"));
    }

    /**
     * client-go's {@code SplitGroupsAndResources}: stale versions are failed; the first other version is
     * preferred; a resource without a {@code responseKind} is left out (its subresources are kept).
     */
    static GroupsAndResources splitGroupsAndResources(JsonNode list) {
        List<Group> groups = new ArrayList<>();
        Map<String, List<String>> resources = new LinkedHashMap<>();
        Map<String, String> failed = new HashMap<>();
        for (JsonNode g : list.path("items")) {
            String name = g.path("metadata").path("name").asText("");
            List<String> gvs = new ArrayList<>();
            List<String> vs = new ArrayList<>();
            for (JsonNode v : g.path("versions")) {
                String version = v.path("version").asText();
                String gv = name.isEmpty() ? version : name + "/" + version;
                if ("Stale".equals(v.path("freshness").asText())) {
                    failed.put(gv, "stale GroupVersion discovery: " + gv);
                    continue;
                }
                gvs.add(gv);
                vs.add(version);
                List<String> names = new ArrayList<>();
                for (JsonNode r : v.path("resources")) {
                    String resource = r.path("resource").asText();
                    if (r.hasNonNull("responseKind")) {
                        names.add(resource);
                    }
                    for (JsonNode s : r.path("subresources")) {
                        if (s.hasNonNull("responseKind")) {
                            names.add(resource + "/" + s.path("subresource").asText());
                        }
                    }
                }
                resources.put(gv, names);
            }
            groups.add(new Group(name, gvs, vs, gvs.isEmpty() ? "" : gvs.getFirst()));
        }
        return new GroupsAndResources(groups, resources, failed);
    }

    /** The {@code name}s of an {@code APIResourceList}'s resources. */
    static List<String> resourceNames(JsonNode apiResourceList) {
        List<String> names = new ArrayList<>();
        apiResourceList.path("resources").forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    @Override
    public void close() {
        http.close();
    }
}
