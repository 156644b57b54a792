package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-kind behaviour around the generic store, after upstream's {@code rest.RESTCreateStrategy} and
 * friends. The store calls these in a fixed order: default, prepare, validate, then write.
 */
public interface Strategy {

    /** Fills upstream's defaults into a new or updated object (e.g. a pod's {@code restartPolicy}). */
    default void applyDefaults(ObjectNode obj) {
    }

    /** Clears or sets fields the client may not choose on create (e.g. a pod's {@code status}). */
    default void prepareForCreate(ObjectNode obj) {
    }

    /** As {@link #prepareForCreate(ObjectNode)}, for kinds that record the requesting user (CSRs). */
    default void prepareForCreate(ObjectNode obj, io.capstan.apiserver.authentication.UserInfo user) {
        prepareForCreate(obj);
    }

    /** Carries over fields an update of the main resource may not change (e.g. {@code status}). */
    default void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        if (hasStatus() && old.has("status")) {
            obj.set("status", old.get("status").deepCopy());
        } else if (hasStatus()) {
            obj.remove("status");
        }
    }

    /**
     * For the {@code status} subresource, upstream's status strategies: the request's object, with
     * what a status write may not change put back from {@code old}: the spec (every top-level field
     * but {@code apiVersion}, {@code kind}, {@code metadata} and {@code status}) and the metadata
     * fields of {@link #metadataKeptOnStatusUpdate()}. Other metadata (labels, annotations, ...) may
     * change, as upstream's older kinds allow; the store keeps identity fields (uid, creation and
     * deletion timestamps, generation) for every update.
     */
    default ObjectNode prepareForStatusUpdate(ObjectNode obj, ObjectNode old) {
        ObjectNode merged = obj.deepCopy();
        merged.retain(TYPE_AND_STATUS);
        old.fields().forEachRemaining(e -> {
            if (!TYPE_AND_STATUS.contains(e.getKey())) {
                merged.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        ObjectNode meta = merged.has("metadata") && merged.get("metadata").isObject()
                ? (ObjectNode) merged.get("metadata") : merged.putObject("metadata");
        for (String field : metadataKeptOnStatusUpdate()) {
            JsonNode before = old.path("metadata").get(field);
            if (before == null) {
                meta.remove(field);
            } else {
                meta.set(field, before.deepCopy());
            }
        }
        return merged;
    }

    /**
     * The metadata fields a status write may not change for this kind (upstream's status
     * {@code PrepareForUpdate}): none for most older kinds, {@code labels} for deployments,
     * {@code ownerReferences} for pods, and those of {@code metav1.ResetObjectMetaForStatus}
     * ({@link #RESET_OBJECT_META_FOR_STATUS}) for newer kinds.
     */
    default Set<String> metadataKeptOnStatusUpdate() {
        return Set.of();
    }

    /** What upstream's {@code metav1.ResetObjectMetaForStatus} keeps of the stored object, beyond the store's identity fields. */
    Set<String> RESET_OBJECT_META_FOR_STATUS = Set.of("labels", "annotations", "finalizers", "ownerReferences");

    /** Top-level fields a status write takes from the request. */
    Set<String> TYPE_AND_STATUS = Set.of("apiVersion", "kind", "metadata", "status");

    /** Upstream's {@code WarningsOnCreate}: warnings about a valid new object, sent as {@code Warning} headers. */
    default List<String> warningsOnCreate(ObjectNode obj) {
        return List.of();
    }

    /** Upstream's {@code WarningsOnUpdate}: warnings about a valid update of the main resource. */
    default List<String> warningsOnUpdate(ObjectNode obj, ObjectNode old) {
        return List.of();
    }

    /** Errors of a new object, each with its field path. */
    default List<StatusCause> validate(ObjectNode obj) {
        return List.of();
    }

    /** Errors of an update (immutable fields and the like), on top of {@link #validate}. */
    default List<StatusCause> validateUpdate(ObjectNode obj, ObjectNode old) {
        return List.of();
    }

    /** True when the kind has a {@code status} that the main resource may not change. */
    default boolean hasStatus() {
        return false;
    }

    /** True when {@code metadata.generation} counts spec changes for this kind. */
    default boolean tracksGeneration() {
        return false;
    }

    /**
     * With {@link #tracksGeneration}: whether an update of {@code old} to {@code obj} bumps
     * {@code metadata.generation}; upstream bumps it on spec changes (deployments also on annotation changes).
     */
    default boolean generationChanged(ObjectNode obj, ObjectNode old) {
        return !obj.path("spec").equals(old.path("spec"));
    }

    /** The grace period of a delete; above zero the object is only marked for deletion. */
    default long gracePeriodSeconds(ObjectNode obj, Long requested) {
        return 0;
    }

    /** Refuses a delete (e.g. of an immortal namespace) by throwing a Status error. */
    default void checkDelete(ObjectNode obj) {
    }

    /**
     * True when the kind has its own finalizers besides {@code metadata.finalizers} that keep a deleted
     * object in place (a namespace's {@code spec.finalizers}).
     */
    default boolean hasPendingFinalizers(ObjectNode obj) {
        return false;
    }

    /** Changes an object that is being marked for deletion (a namespace turns {@code Terminating}). */
    default void prepareForDeletion(ObjectNode obj) {
    }

    /** Fields a field selector may use for this kind, beyond {@code metadata.name/namespace}. */
    default Map<String, String> selectableFields(ObjectNode obj) {
        return Map.of();
    }

    /** Names of the fields {@link #selectableFields} offers. */
    default Set<String> selectableFieldNames() {
        return Set.of();
    }

    /** How names of this kind are validated. */
    default NameRule nameRule() {
        return NameRule.DNS1123_SUBDOMAIN;
    }

    /** The rules upstream applies to object names. */
    enum NameRule { DNS1123_SUBDOMAIN, DNS1123_LABEL, DNS1035_LABEL, PATH_SEGMENT }
}
