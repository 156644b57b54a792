package io.capstan.common.client;

/** The patch formats the API accepts, with their content types. */
public enum PatchType {
    /** RFC 6902 JSON patch. */
    JSON("application/json-patch+json"),
    /** RFC 7386 JSON merge patch. */
    MERGE("application/merge-patch+json"),
    /** Kubernetes strategic merge patch (lists merged by their patch merge keys). */
    STRATEGIC("application/strategic-merge-patch+json"),
    /** Server-side apply: the fields the manager wants to own (YAML or JSON); needs a fieldManager. */
    APPLY("application/apply-patch+yaml");

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    /** The request's {@code Content-Type}. */
    public String contentType() {
        return contentType;
    }
}
