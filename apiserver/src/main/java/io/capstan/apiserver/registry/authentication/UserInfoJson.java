package io.capstan.apiserver.registry.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.common.json.Json;

/** A user as authentication.k8s.io/v1 {@code UserInfo} JSON, empty fields left out as upstream's encoding does. */
final class UserInfoJson {
    private UserInfoJson() {
    }

    static ObjectNode of(UserInfo user) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (!user.username().isEmpty()) {
            o.put("username", user.username());
        }
        if (user.uid() != null && !user.uid().isEmpty()) {
            o.put("uid", user.uid());
        }
        if (!user.groups().isEmpty()) {
            user.groups().forEach(o.putArray("groups")::add);
        }
        if (!user.extra().isEmpty()) {
            ObjectNode extra = o.putObject("extra");
            user.extra().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> e.getValue().forEach(extra.withArray(e.getKey())::add));
        }
        return o;
    }
}
