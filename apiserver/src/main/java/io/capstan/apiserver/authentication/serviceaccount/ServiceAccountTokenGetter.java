package io.capstan.apiserver.authentication.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * Reads the objects a service-account token names, as upstream's {@code ServiceAccountTokenGetter}: the
 * account itself, and the secret, pod or node a token is bound to. Empty when the object does not exist.
 */
public interface ServiceAccountTokenGetter {

    Optional<ObjectNode> serviceAccount(String namespace, String name);

    Optional<ObjectNode> secret(String namespace, String name);

    Optional<ObjectNode> pod(String namespace, String name);

    Optional<ObjectNode> node(String name);
}
