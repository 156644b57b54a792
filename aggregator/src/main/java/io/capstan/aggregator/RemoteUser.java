package io.capstan.aggregator;

import java.util.List;
import java.util.Objects;

/**
 * The caller the aggregator vouches for to the API server in upstream's request-header scheme:
 * {@code X-Remote-User} is the name, one {@code X-Remote-Group} per group.
 *
 * @param name   the user name
 * @param groups the groups, in order
 */
public record RemoteUser(String name, List<String> groups) {
    /** Upstream's anonymous user: {@code system:anonymous} in {@code system:unauthenticated}. */
    public static final RemoteUser ANONYMOUS = new RemoteUser("system:anonymous", List.of("system:unauthenticated"));

    public RemoteUser {
        Objects.requireNonNull(name, "name");
        groups = List.copyOf(groups);
    }
}
