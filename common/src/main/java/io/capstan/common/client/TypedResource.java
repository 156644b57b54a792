package io.capstan.common.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verbs on one resource as fabric8 model objects, as client-go's typed clients (e.g.
 * {@code clientset.CoreV1().Pods(ns)}): a typed view of a {@link ResourceInterface}, so that both speak
 * the same requests. Obtained from {@link RestClient#typed}; {@link #inNamespace} narrows it to one
 * namespace. Without a namespace, create, update, patch-by-object and apply use the object's
 * {@code metadata.namespace}, and list and watch span all namespaces.
 *
 * <p>Every method throws {@link io.capstan.common.api.StatusException} (the subclass for its reason,
 * e.g. {@link io.capstan.common.api.ConflictException}) when the server answers with an error Status,
 * and {@link java.io.UncheckedIOException} when it cannot be reached after retries.
 *
 * @param <T> the model class, e.g. {@code Pod}
 */
public final class TypedResource<T extends HasMetadata> {
    private final ResourceInterface resource;
    private final Class<T> type;
    private final String namespace;

    /** A typed view of {@code resource}, decoding into {@code type}. */
    public TypedResource(ResourceInterface resource, Class<T> type) {
        this(resource, type, null);
    }

    private TypedResource(ResourceInterface resource, Class<T> type, String namespace) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.type = Objects.requireNonNull(type, "type");
        this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    }

    /** The same resource in {@code ns}. */
    public TypedResource<T> inNamespace(String ns) {
        return new TypedResource<>(resource.namespace(ns), type, ns);
    }

    /** GET one object. */
    public T get(String name) {
        return decode(resource.get(name));
    }

    /**
     * One list request: a page when {@code options} sets a limit (follow {@link TypedList#continueToken()}
     * with {@link ListOptions#withPage}), else every matching object.
     */
    public TypedList<T> list(ListOptions options) {
        return decodeList(resource.list(options));
    }

    /**
     * Every matching object, read in pages of {@code pageSize} as client-go's pager (an expired continue
     * token falls back to one unpaginated list).
     */
    public TypedList<T> listAll(ListOptions options, long pageSize) {
        return decodeList(resource.listAll(options, pageSize));
    }

    /** Opens a watch; {@code options} sets the start version, bookmarks and the server-side timeout. */
    public TypedWatch<T> watch(ListOptions options) {
        return new TypedWatch<>(resource.watch(options), type);
    }

    /** POST a new object; returns it as stored. */
    public T create(T object) {
        return decode(target(object).create(encode(object)));
    }

    /** PUT the object; its {@code metadata.resourceVersion}, when set, is a precondition (409 otherwise). */
    public T update(T object) {
        return decode(target(object).update(encode(object)));
    }

    /** PUT the object's {@code status} subresource. */
    public T updateStatus(T object) {
        return decode(target(object).updateStatus(encode(object)));
    }

    /** PATCH an object with a JSON, merge, strategic merge or apply patch. */
    public T patch(String name, PatchType patchType, JsonNode patch, PatchOptions options) {
        return decode(resource.patch(name, patchType, patch, null, options));
    }

    /** PATCH one of an object's subresources ({@code status}, {@code scale} answers a Scale: use {@link #patchScale}). */
    public T patch(String name, String subresource, PatchType patchType, JsonNode patch, PatchOptions options) {
        return decode(resource.patch(name, patchType, patch, subresource, options));
    }

    /**
     * Server-side apply of {@code configuration} (named by its metadata) by {@code fieldManager}, as
     * client-go's {@code Apply}; with {@code force} it takes over fields other managers own instead of
     * failing with a {@link io.capstan.common.api.ConflictException}.
     */
    public T apply(T configuration, String fieldManager, boolean force) {
        return decode(target(configuration).apply(encode(configuration), fieldManager, force));
    }

    /** DELETE with default options; see {@link #delete(String, DeleteOptions)}. */
    public Optional<T> delete(String name) {
        return delete(name, new DeleteOptions());
    }

    /**
     * DELETE with {@code options} ({@code propagationPolicy}, {@code preconditions}, {@code gracePeriodSeconds},
     * {@code dryRun}), sent as the request body as client-go does.
     *
     * @return the object as the server answered it (deleted, or still present with a deletionTimestamp
     *         while finalizers or a grace period hold it), or empty when it answered with a Status
     */
    public Optional<T> delete(String name, DeleteOptions options) {
        ObjectNode answer = resource.delete(name, encode(options));
        return "Status".equals(answer.path("kind").asText()) ? Optional.empty() : Optional.of(decode(answer));
    }

    /** DELETE every object {@code listOptions} selects, with {@code options}; returns what was deleted. */
    public TypedList<T> deleteCollection(DeleteOptions options, ListOptions listOptions) {
        ObjectNode answer = resource.deleteCollection(listOptions, encode(options));
        return answer.has("items") ? decodeList(answer) : new TypedList<>(List.of(), "", "", null);
    }

    /** GET the {@code scale} subresource. */
    public Scale getScale(String name) {
        return Json.convert(resource.getSubresource(name, "scale"), Scale.class);
    }

    /** PUT the {@code scale} subresource; {@code scale.metadata.name} names the object. */
    public Scale updateScale(String name, Scale scale) {
        ObjectNode body = encode(scale);
        body.withObject("metadata").put("name", name);
        return Json.convert(resource.updateSubresource(body, "scale"), Scale.class);
    }

    /** PATCH the {@code scale} subresource, e.g. a merge patch of {@code {"spec":{"replicas":3}}}. */
    public Scale patchScale(String name, PatchType patchType, JsonNode patch, PatchOptions options) {
        return Json.convert(resource.patch(name, patchType, patch, "scale", options), Scale.class);
    }

    private ResourceInterface target(T object) {
        if (namespace != null || object.getMetadata() == null) {
            return resource;
        }
        return resource.namespace(object.getMetadata().getNamespace());
    }

    private static ObjectNode encode(Object object) {
        return Json.convert(object, ObjectNode.class);
    }

    private T decode(ObjectNode node) {
        return Json.convert(node, type);
    }

    private TypedList<T> decodeList(ObjectNode list) {
        List<T> items = new ArrayList<>();
        list.path("items").forEach(item -> items.add(Json.convert(item, type)));
        JsonNode meta = list.path("metadata");
        JsonNode remaining = meta.get("remainingItemCount");
        return new TypedList<>(items, meta.path("resourceVersion").asText(""), meta.path("continue").asText(""),
                remaining == null || remaining.isNull() ? null : remaining.asLong());
    }
}
