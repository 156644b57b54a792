package io.capstan.apiserver.authentication.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Objects by kind/namespace/name, for validator tests. */
final class FakeTokenGetter implements ServiceAccountTokenGetter {
    final Map<String, ObjectNode> objects = new HashMap<>();

    ObjectNode put(String kind, String namespace, String name, String uid) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("kind", kind);
        o.putObject("metadata").put("name", name).put("namespace", namespace).put("uid", uid);
        objects.put(kind + "/" + namespace + "/" + name, o);
        return o;
    }

    void remove(String kind, String namespace, String name) {
        objects.remove(kind + "/" + namespace + "/" + name);
    }

    private Optional<ObjectNode> get(String kind, String namespace, String name) {
        return Optional.ofNullable(objects.get(kind + "/" + namespace + "/" + name));
    }

    @Override
    public Optional<ObjectNode> serviceAccount(String namespace, String name) {
        return get("ServiceAccount", namespace, name);
    }

    @Override
    public Optional<ObjectNode> secret(String namespace, String name) {
        return get("Secret", namespace, name);
    }

    @Override
    public Optional<ObjectNode> pod(String namespace, String name) {
        return get("Pod", namespace, name);
    }

    @Override
    public Optional<ObjectNode> node(String name) {
        return get("Node", "", name);
    }
}
