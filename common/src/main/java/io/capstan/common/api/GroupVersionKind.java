package io.capstan.common.api;

/** A kind's identity: {@code apps/v1 Deployment}; the core group is {@code ""}. */
public record GroupVersionKind(String group, String version, String kind) {

    /** Parses an {@code apiVersion} field and a kind. */
    public static GroupVersionKind of(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? new GroupVersionKind("", apiVersion, kind)
                : new GroupVersionKind(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
    }

    /** The {@code apiVersion} field: {@code v1} or {@code apps/v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
