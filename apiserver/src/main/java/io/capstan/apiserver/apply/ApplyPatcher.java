package io.capstan.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.openapi.ModelFieldTypes;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.Meta;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;

import java.util.List;


/**
 * A server-side apply request ({@code PATCH} with {@code application/apply-patch+yaml}), as upstream's
 * {@code applyPatcher}: the configuration is applied to the live object, or creates it when absent.
 */
public final class ApplyPatcher {
    private final GenericStore store;
    private final FieldManager fieldManager;
    private final UserInfo user;

    public ApplyPatcher(GenericStore store) {
        this(store, UserInfo.ANONYMOUS);
    }

    /** An apply on behalf of {@code user}, who creates the object when it is absent. */
    public ApplyPatcher(GenericStore store, UserInfo user) {
        this.store = store;
        this.fieldManager = fieldManager(store.definition());
        this.user = user;
    }

    /** The field manager of a resource: the field types of its published schema and the kind's defaults. */
    public static FieldManager fieldManager(ResourceDefinition def) {
        return new FieldManager(ModelFieldTypes.of(def.schema().modelClass()), def.gvr().groupVersion(), def.strategy().hasStatus(), obj -> {
            def.strategy().applyDefaults(obj);
            return obj;
        }, GenericStore::now);
    }

    /** The outcome: the stored object, and whether apply created it (201) rather than updated it (200). */
    public record Result(ObjectNode object, boolean created) {
    }

    /**
     * Checks a configuration as upstream does before applying it: its apiVersion and kind must be
     * the resource's and it may not carry {@code managedFields}; both are 400 BadRequest.
     */
    public static void validate(ResourceDefinition def, ObjectNode config) {
        String apiVersion = config.path("apiVersion").asText("");
        if (!apiVersion.equals(def.gvr().groupVersion())) {
            throw Statuses.badRequest("Incorrect version specified in apply patch. Specified patch version: "
                    + (apiVersion.isEmpty() ? "" : apiVersion) + ", expected: " + def.gvr().groupVersion());
        }
        String kind = config.path("kind").asText("");
        if (!kind.equals(def.kind())) {
            throw Statuses.badRequest("the object provided is unrecognized (must be of type " + def.kind() + "): "
                    + (kind.isEmpty() ? "Object 'Kind' is missing" : kind + " in version \"" + apiVersion
                    + "\" cannot be handled as a " + def.kind()));
        }
        JsonNode managed = config.path("metadata").get("managedFields");
        if (managed != null && !managed.isNull()) {
            throw Statuses.badRequest("metadata.managedFields must be nil");
        }
    }

    /**
     * Applies {@code config} for {@code manager} to the object {@code name}; creates the object when
     * it does not exist (only on the main resource, as upstream).
     */
    public Result apply(String namespace, String name, String subresource, ObjectNode config, String manager,
                        boolean force, boolean dryRun) {
        validate(store.definition(), config);
        String configName = Meta.name(config);
        if (configName != null && !configName.isEmpty() && !configName.equals(name)) {
            throw Statuses.badRequest("the name of the object (" + configName + ") does not match the name on the URL (" + name + ")");
        }
        List<String> unknown = store.definition().schema().prune(config.deepCopy());
        if (!unknown.isEmpty()) {
            throw typedPatchError(namespace, name, unknown.size() == 1 ? "." + unknown.get(0) + ": field not declared in schema"
                    : "errors:\n  " + String.join("\n  ", unknown.stream().map(u -> "." + u + ": field not declared in schema").toList()));
        }
        try {
            return applyOrCreate(namespace, name, subresource, config, manager, force, dryRun);
        } catch (IllegalArgumentException e) {
            throw typedPatchError(namespace, name, e.getMessage());
        }
    }

    /**
     * Upstream answers a configuration its schema cannot type with a plain error, which becomes a
     * 500 Status without reason: {@code failed to create typed patch object (ns/name; apps/v1, Kind=Deployment): ...}.
     */
    private StatusException typedPatchError(String namespace, String name, String problem) {
        ResourceDefinition def = store.definition();
        return Statuses.of(500, "", "failed to create typed patch object (" + namespace + "/" + name + "; "
                + def.gvr().groupVersion() + ", Kind=" + def.kind() + "): " + problem);
    }

    private Result applyOrCreate(String namespace, String name, String subresource, ObjectNode config, String manager,
                                 boolean force, boolean dryRun) {
        for (int attempt = 0; ; attempt++) {
            if (subresource.isEmpty() && store.find(namespace, name) == null) {
                ObjectNode created = fieldManager.apply(null, config, manager, "", force);
                Meta.of(created).put("name", name);
                try {
                    return new Result(store.create(namespace, created, dryRun, user), true);
                } catch (StatusException e) {
                    if (e.isAlreadyExists() && attempt < 3) {
                        continue; // created meanwhile: apply to it
                    }
                    throw e;
                }
            }
            try {
                return new Result(store.guaranteedUpdate(namespace, name, subresource, dryRun, current -> {
                    ObjectNode applied = fieldManager.apply(current, config, manager, subresource, force);
                    // Without a resourceVersion in the configuration, apply goes to whatever is current.
                    String appliedRv = Meta.resourceVersion(config);
                    if (appliedRv == null || appliedRv.isEmpty()) {
                        Meta.of(applied).remove("resourceVersion");
                    }
                    return applied;
                }), false);
            } catch (StatusException e) {
                if (e.isNotFound() && subresource.isEmpty() && attempt < 3) {
                    continue; // deleted meanwhile: create it
                }
                throw e;
            }
        }
    }
}
