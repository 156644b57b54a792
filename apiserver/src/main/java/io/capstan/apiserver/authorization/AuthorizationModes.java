package io.capstan.apiserver.authorization;

import io.capstan.common.server.UsageException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Parses {@code --authorization-mode} (a comma-separated, ordered list of {@code AlwaysAllow}, {@code AlwaysDeny},
 * {@code RBAC}, {@code Webhook}; upstream's names, case as upstream) and builds the chain kube-apiserver builds:
 * the {@code system:masters} short-circuit, then each mode in order, in a {@link UnionAuthorizer}.
 */
public final class AuthorizationModes {
    public static final String ALWAYS_ALLOW = "AlwaysAllow";
    public static final String ALWAYS_DENY = "AlwaysDeny";
    public static final String RBAC = "RBAC";
    public static final String WEBHOOK = "Webhook";
    private static final List<String> KNOWN = List.of(ALWAYS_ALLOW, ALWAYS_DENY, RBAC, WEBHOOK, "Node", "ABAC");

    private final List<String> modes;

    private AuthorizationModes(List<String> modes) {
        this.modes = modes;
    }

    /**
     * The modes of a flag value.
     *
     * @throws UsageException for an empty list, an unknown or repeated mode, and for modes Capstan does
     *                                  not implement: {@code Node}, {@code ABAC}
     */
    public static AuthorizationModes parse(String flag) {
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : flag.split(",")) {
            String m = raw.trim();
            if (m.isEmpty()) {
                continue;
            }
            if (!KNOWN.contains(m)) {
                throw new UsageException("--authorization-mode: authorization mode \"" + m
                        + "\" is not a valid mode; supported modes: AlwaysAllow, AlwaysDeny, RBAC, Webhook");
            }
            if (!seen.add(m)) {
                throw new UsageException("--authorization-mode: mode \"" + m + "\" has already been specified");
            }
            if (m.equals("Node") || m.equals("ABAC")) {
                throw new UsageException("--authorization-mode: " + m + " is not supported by Capstan;"
                        + " use AlwaysAllow, AlwaysDeny or RBAC");
            }
        }
        if (seen.isEmpty()) {
            throw new UsageException("--authorization-mode: at least one authorization mode must be passed");
        }
        return new AuthorizationModes(List.copyOf(seen));
    }

    public List<String> modes() {
        return modes;
    }

    public boolean has(String mode) {
        return modes.contains(mode.toLowerCase(Locale.ROOT).equals("rbac") ? RBAC : mode);
    }

    /** The chain: system:masters first, then each mode, RBAC from {@code rbac}; {@code Webhook} is refused here. */
    public Authorizer build(Supplier<Authorizer> rbac) {
        return build(rbac, () -> {
            throw new UsageException("--authorization-mode=Webhook needs --authorization-webhook-config-file");
        });
    }

    /** The chain: system:masters first, then each mode, RBAC from {@code rbac}, Webhook from {@code webhook}. */
    public Authorizer build(Supplier<Authorizer> rbac, Supplier<Authorizer> webhook) {
        List<Authorizer> chain = new ArrayList<>();
        chain.add(new PrivilegedGroupsAuthorizer(List.of(PrivilegedGroupsAuthorizer.SYSTEM_MASTERS)));
        for (String m : modes) {
            chain.add(switch (m) {
                case ALWAYS_ALLOW -> new AlwaysAllowAuthorizer();
                case ALWAYS_DENY -> new AlwaysDenyAuthorizer();
                case RBAC -> rbac.get();
                case WEBHOOK -> webhook.get();
                default -> throw new IllegalStateException(m);
            });
        }
        return new UnionAuthorizer(chain);
    }
}
