package io.capstan.apiserver.registry;

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

    /** For the {@code status} subresource: keep everything of {@code old} but the status. */
    default ObjectNode prepareForStatusUpdate(ObjectNode obj, ObjectNode old) {
        ObjectNode merged = old.deepCopy();
        if (obj.has("status")) {
            merged.set("status", obj.get("status").deepCopy());
        } else {
            merged.remove("status");
        }
        // Metadata stays as stored; only the request's resourceVersion is kept, for the precondition.
        Meta.of(merged).put("resourceVersion", Meta.resourceVersion(obj) == null ? "" : Meta.resourceVersion(obj));
        return merged;
    }

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
