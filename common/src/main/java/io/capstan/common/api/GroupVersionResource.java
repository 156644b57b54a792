package io.capstan.common.api;

/** A resource's identity in the API: {@code apps/v1 deployments}; the core group is {@code ""}. */
public record GroupVersionResource(String group, String version, String resource) {

    /** {@code v1} for core, {@code apps/v1} otherwise. */
    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The URL path prefix: {@code /api/v1} or {@code /apis/apps/v1}. */
    public String pathPrefix() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    @Override
    public String toString() {
        return group.isEmpty() ? version + "/" + resource : group + "/" + version + "/" + resource;
    }
}
