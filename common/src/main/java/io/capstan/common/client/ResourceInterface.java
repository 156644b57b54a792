package io.capstan.common.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The verbs on one resource, on JSON trees, as client-go's {@code dynamic.ResourceInterface}. Obtained
 * from {@link RestClient#resource}; {@link #namespace(String)} narrows it to one namespace. Without a
 * namespace it addresses a cluster-scoped resource, or all namespaces for list and watch.
 *
 * <p>Every method throws {@link io.capstan.common.api.StatusException} when the server answers with
 * an error Status, and {@link java.io.UncheckedIOException} when it cannot be reached after retries.
 */
public interface ResourceInterface {

    /** The same resource in {@code namespace}. */
    ResourceInterface namespace(String namespace);

    /** GET one object. */
    ObjectNode get(String name);

    /** GET the list (a {@code *List} object with {@code items} and {@code metadata.resourceVersion}). */
    ObjectNode list(ListOptions options);

    /** POST a new object; returns it as stored. */
    ObjectNode create(ObjectNode object);

    /** PUT the object (named by its metadata); a set {@code metadata.resourceVersion} is a precondition. */
    ObjectNode update(ObjectNode object);

    /** PUT the object to its {@code status} subresource. */
    default ObjectNode updateStatus(ObjectNode object) {
        return updateSubresource(object, "status");
    }

    /** PUT the object to a subresource: {@code status}, or a namespace's {@code finalize}. */
    ObjectNode updateSubresource(ObjectNode object, String subresource);

    /**
     * PATCH an object or, when {@code subresource} is not null, one of its subresources (e.g. {@code status}).
     */
    ObjectNode patch(String name, PatchType type, JsonNode patch, String subresource);

    /** DELETE an object; returns what the server answered (the object, or a Status). */
    ObjectNode delete(String name);

    /**
     * DELETE an object with a {@code meta.k8s.io/v1 DeleteOptions} body ({@code propagationPolicy},
     * {@code preconditions}, ...); returns what the server answered.
     */
    default ObjectNode delete(String name, ObjectNode deleteOptions) {
        throw new UnsupportedOperationException("delete with options");
    }

    /** DELETE every object of the collection that {@code options}' selectors match; returns the answer. */
    ObjectNode deleteCollection(ListOptions options);

    /** POST to a subresource, e.g. {@code binding} or {@code eviction} of a pod; returns the answer. */
    ObjectNode createSubresource(String name, String subresource, ObjectNode body);

    /** Opens a watch; close it when done. */
    Watch watch(ListOptions options);
}
