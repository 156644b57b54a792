package io.capstan.apiserver.authentication.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.common.api.StatusException;

import java.util.Optional;

/**
 * Reads service accounts, secrets, pods and nodes straight from the API server's own registry, as upstream's
 * {@code serviceaccount.NewGetterFromStorage} (no client round trip, no authorization).
 */
public final class StorageTokenGetter implements ServiceAccountTokenGetter {
    private final java.util.function.Supplier<ResourceRegistry> registry;

    public StorageTokenGetter(ResourceRegistry registry) {
        this(() -> registry);
    }

    /** Reads from the registry {@code registry} supplies at each lookup (it may be built after this getter). */
    public StorageTokenGetter(java.util.function.Supplier<ResourceRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Optional<ObjectNode> serviceAccount(String namespace, String name) {
        return get("serviceaccounts", namespace, name);
    }

    @Override
    public Optional<ObjectNode> secret(String namespace, String name) {
        return get("secrets", namespace, name);
    }

    @Override
    public Optional<ObjectNode> pod(String namespace, String name) {
        return get("pods", namespace, name);
    }

    @Override
    public Optional<ObjectNode> node(String name) {
        return get("nodes", "", name);
    }

    private Optional<ObjectNode> get(String resource, String namespace, String name) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(registry.get().core(resource).get(namespace, name));
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
