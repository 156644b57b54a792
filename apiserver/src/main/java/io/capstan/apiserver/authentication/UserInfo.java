package io.capstan.apiserver.authentication;

import java.util.List;
import java.util.Map;

/**
 * Who made a request, as upstream's {@code user.Info}: name, uid, groups and extra attributes.
 * Until authentication exists every request is {@link #ANONYMOUS}, which is what upstream records for
 * an unauthenticated request.
 */
public record UserInfo(String username, String uid, List<String> groups, Map<String, List<String>> extra) {
    /** Upstream's anonymous user. */
    public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", "", List.of("system:unauthenticated"), Map.of());

    public UserInfo {
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }
}
