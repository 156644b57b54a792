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

    /**
     * Every item of the list, read in pages of {@code pageSize} following {@code continue} tokens, as
     * client-go's {@code pager.ListPager}: when a token has expired (410) mid-way, it lists again in
     * one request rather than fail. Returns a list object with all items and the resourceVersion of the
     * last page.
     */
    default ObjectNode listAll(ListOptions options, long pageSize) {
        ObjectNode first = list(options.withPage(pageSize, ""));
        com.fasterxml.jackson.databind.node.ArrayNode items = first.withArray("items");
        String token = first.path("metadata").path("continue").asText("");
        ObjectNode last = first;
        while (!token.isEmpty()) {
            try {
                // Only the first page names a resourceVersion: the token carries it.
                last = list(options.withResourceVersion("").withResourceVersionMatch("").withPage(pageSize, token));
            } catch (io.capstan.common.api.StatusException e) {
                if (!e.isGone()) {
                    throw e;
                }
                return list(options.withPage(0, ""));
            }
            last.path("items").forEach(items::add);
            token = last.path("metadata").path("continue").asText("");
        }
        ObjectNode metadata = first.withObject("metadata");
        metadata.remove("continue");
        metadata.remove("remainingItemCount"); // the first page's count; the whole list has nothing left
        metadata.put("resourceVersion", last.path("metadata").path("resourceVersion").asText(""));
        return first;
    }

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

    /** PATCH with options: a field manager, {@code force} for server-side apply, dry run. */
    ObjectNode patch(String name, PatchType type, JsonNode patch, String subresource, PatchOptions options);

    /**
     * Server-side apply of {@code object} (named by its metadata): a PATCH of type {@link PatchType#APPLY}
     * with {@code fieldManager} and {@code force}, as client-go's {@code Apply}.
     */
    default ObjectNode apply(ObjectNode object, String fieldManager, boolean force) {
        String name = object.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("object to apply has no metadata.name");
        }
        return patch(name, PatchType.APPLY, object, null, PatchOptions.apply(fieldManager, force));
    }

    /** DELETE an object; returns what the server answered (the object, or a Status). */
    ObjectNode delete(String name);

    /**
     * DELETE an object with a {@code meta.k8s.io/v1 DeleteOptions} body ({@code propagationPolicy},
     * {@code preconditions}, ...); returns what the server answered.
     */
    ObjectNode delete(String name, ObjectNode deleteOptions);

    /** DELETE every object of the collection that {@code options}' selectors match; returns the answer. */
    ObjectNode deleteCollection(ListOptions options);

    /**
     * DELETE the matching objects with a {@code meta.k8s.io/v1 DeleteOptions} body, as client-go's
     * {@code DeleteCollection(ctx, deleteOptions, listOptions)}.
     */
    ObjectNode deleteCollection(ListOptions options, ObjectNode deleteOptions);

    /** GET a subresource of an object, e.g. a Deployment's {@code scale} or a pod's {@code status}. */
    ObjectNode getSubresource(String name, String subresource);

    /** POST to a subresource, e.g. {@code binding} or {@code eviction} of a pod; returns the answer. */
    ObjectNode createSubresource(String name, String subresource, ObjectNode body);

    /** Opens a watch; close it when done. */
    Watch watch(ListOptions options);
}
