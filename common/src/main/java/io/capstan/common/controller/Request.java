package io.capstan.common.controller;

import java.util.Objects;

/**
 * What to reconcile: an object's namespace and name, never its content (controller-runtime's
 * {@code reconcile.Request}); the reconciler reads the current state itself.
 *
 * @param namespace the namespace, empty for cluster-scoped objects
 * @param name      the name
 */
public record Request(String namespace, String name) {

    public Request {
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(name, "name");
    }

    /** A request for a cluster-scoped object. */
    public static Request of(String name) {
        return new Request("", name);
    }

    @Override
    public String toString() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
