package io.capstan.apiserver.filters;

import java.util.Optional;

/**
 * The {@link RequestContext} of the request the current thread serves, for code below the handler that has no
 * {@code ServerRequest} at hand (the RBAC escalation checks in the store). Every request runs on its own virtual
 * thread; {@link AuthorizationFilter}, the innermost filter, binds it around the handler.
 */
public final class CurrentRequest {
    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    private CurrentRequest() {
    }

    /** Runs {@code body} with {@code ctx} as the current request. */
    public static void run(RequestContext ctx, Runnable body) {
        RequestContext previous = CURRENT.get();
        CURRENT.set(ctx);
        try {
            body.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The current request, empty outside a request (the server's own writes, such as the bootstrap policy). */
    public static Optional<RequestContext> get() {
        return Optional.ofNullable(CURRENT.get());
    }
}
