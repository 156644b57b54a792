package io.capstan.apiserver.authorization.rbac;

import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.RangeResult;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.WatchListener;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import io.capstan.apiserver.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.rbac.Subject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server's own roles and bindings, decoded once and kept in memory by a list and a watch on its storage
 * (the watch cache, when enabled), as upstream's RBAC authorizer reads them from shared informers. A watch that
 * fails (compaction) lists again. Changes are seen as soon as the watch delivers them, usually within
 * milliseconds of the write; upstream has the same window.
 */
public final class WatchingPolicySource implements PolicySource, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WatchingPolicySource.class.getName());
    static final String ROLES = "/registry/roles/";
    static final String ROLE_BINDINGS = "/registry/rolebindings/";
    static final String CLUSTER_ROLES = "/registry/clusterroles/";
    static final String CLUSTER_ROLE_BINDINGS = "/registry/clusterrolebindings/";

    private final Storage storage;
    private final Informer<Role> roles;
    private final Informer<RoleBinding> roleBindings;
    private final Informer<ClusterRole> clusterRoles;
    private final Informer<ClusterRoleBinding> clusterRoleBindings;
    private final Map<String, Map<String, RoleBinding>> bindingsByNamespace = new ConcurrentHashMap<>();
    /** ClusterRoleBindings by subject key ({@link #subjectKey}), rebuilt on each (rare) ClusterRoleBinding change. */
    private volatile Map<String, List<ClusterRoleBinding>> clusterBindingsBySubject = Map.of();
    private volatile boolean closed;

    public WatchingPolicySource(Storage storage) {
        this.storage = storage;
        this.roles = new Informer<>(ROLES, Role.class, false);
        this.roleBindings = new Informer<>(ROLE_BINDINGS, RoleBinding.class, true);
        this.clusterRoles = new Informer<>(CLUSTER_ROLES, ClusterRole.class, false);
        this.clusterRoleBindings = new Informer<>(CLUSTER_ROLE_BINDINGS, ClusterRoleBinding.class, false);
    }

    /** Lists and starts watching; returns once the first lists are in memory (or after {@code timeoutSeconds}). */
    public WatchingPolicySource start(long timeoutSeconds) {
        for (Informer<?> i : List.of(roles, roleBindings, clusterRoles, clusterRoleBindings)) {
            Thread.ofVirtual().name("rbac-informer " + i.prefix).start(i::run);
        }
        try {
            for (Informer<?> i : List.of(roles, roleBindings, clusterRoles, clusterRoleBindings)) {
                i.synced.await(timeoutSeconds, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /** True once every kind was listed. */
    public boolean synced() {
        return roles.synced.getCount() == 0 && roleBindings.synced.getCount() == 0
                && clusterRoles.synced.getCount() == 0 && clusterRoleBindings.synced.getCount() == 0;
    }

    @Override
    public Role role(String namespace, String name) {
        return roles.items.get(ROLES + namespace + "/" + name);
    }

    @Override
    public ClusterRole clusterRole(String name) {
        return clusterRoles.items.get(CLUSTER_ROLES + name);
    }

    @Override
    public Collection<RoleBinding> roleBindings(String namespace) {
        Map<String, RoleBinding> m = bindingsByNamespace.get(namespace);
        return m == null ? List.of() : m.values();
    }

    @Override
    public Collection<ClusterRoleBinding> clusterRoleBindings() {
        return clusterRoleBindings.items.values();
    }

    @Override
    public Collection<ClusterRoleBinding> clusterRoleBindingsFor(UserInfo user) {
        Map<String, List<ClusterRoleBinding>> index = clusterBindingsBySubject;
        Set<ClusterRoleBinding> out = Collections.newSetFromMap(new IdentityHashMap<>());
        out.addAll(index.getOrDefault("User/" + user.username(), List.of()));
        for (String g : user.groups()) {
            out.addAll(index.getOrDefault("Group/" + g, List.of()));
        }
        if (user.username().startsWith(SA_PREFIX)) {
            String[] nsName = user.username().substring(SA_PREFIX.length()).split(":", 2);
            if (nsName.length == 2) {
                out.addAll(index.getOrDefault("ServiceAccount/" + nsName[0] + "/" + nsName[1], List.of()));
            }
        }
        return out;
    }

    private static final String SA_PREFIX = "system:serviceaccount:";

    private void reindexClusterRoleBindings() {
        Map<String, List<ClusterRoleBinding>> index = new HashMap<>();
        for (ClusterRoleBinding b : clusterRoleBindings.items.values()) {
            if (b.getSubjects() == null) {
                continue;
            }
            for (Subject s : b.getSubjects()) {
                String key = switch (s.getKind() == null ? "" : s.getKind()) {
                    case "User", "Group" -> s.getKind() + "/" + s.getName();
                    case "ServiceAccount" -> "ServiceAccount/" + s.getNamespace() + "/" + s.getName();
                    default -> null;
                };
                if (key != null) {
                    index.computeIfAbsent(key, k -> new ArrayList<>()).add(b);
                }
            }
        }
        clusterBindingsBySubject = index;
    }

    /** Every ClusterRole (the aggregation of the bootstrap roles reads them). */
    public Collection<ClusterRole> clusterRoles() {
        return clusterRoles.items.values();
    }

    @Override
    public void close() {
        closed = true;
        for (Informer<?> i : List.of(roles, roleBindings, clusterRoles, clusterRoleBindings)) {
            i.stop();
        }
    }

    /** One kind: list, then watch from the list's revision; on a watch error, list again. */
    private final class Informer<T> {
        final String prefix;
        final Class<T> type;
        final boolean namespacedIndex;
        final Map<String, T> items = new ConcurrentHashMap<>();
        final CountDownLatch synced = new CountDownLatch(1);
        private volatile Watch watch;
        private final Object lock = new Object();

        Informer(String prefix, Class<T> type, boolean namespacedIndex) {
            this.prefix = prefix;
            this.type = type;
            this.namespacedIndex = namespacedIndex;
        }

        void run() {
            long backoff = 100;
            while (!closed) {
                CountDownLatch failed = new CountDownLatch(1);
                try {
                    RangeResult r = storage.range(prefix, null, 0, 0);
                    synchronized (lock) {
                        Map<String, T> fresh = new ConcurrentHashMap<>();
                        for (KeyValue kv : r.items()) {
                            T obj = decode(kv);
                            if (obj != null) {
                                fresh.put(kv.key(), obj);
                            }
                        }
                        items.keySet().removeIf(k -> !fresh.containsKey(k));
                        if (namespacedIndex) {
                            bindingsByNamespace.values().forEach(m -> m.keySet().removeIf(k -> !fresh.containsKey(k)));
                        }
                        fresh.forEach(this::put);
                        changed();
                    }
                    synced.countDown();
                    watch = storage.watch(prefix, r.revision(), new WatchListener() {
                        @Override
                        public void onEvent(WatchEvent e) {
                            synchronized (lock) {
                                if (e.type() == WatchEvent.Type.DELETE) {
                                    remove(e.kv().key());
                                } else {
                                    T obj = decode(e.kv());
                                    if (obj != null) {
                                        put(e.kv().key(), obj);
                                    }
                                }
                                changed();
                            }
                        }

                        @Override
                        public void onError(StorageException error) {
                            LOG.log(Level.FINE, "RBAC watch of " + prefix + " failed, listing again", error);
                            failed.countDown();
                        }

                        @Override
                        public void onClosed() {
                            failed.countDown();
                        }
                    });
                    backoff = 100;
                    failed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    if (!closed) {
                        LOG.log(Level.WARNING, "listing " + prefix + " for RBAC failed; retrying", e);
                    }
                } finally {
                    Watch w = watch;
                    if (w != null) {
                        w.close();
                    }
                }
                if (closed) {
                    return;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5000);
            }
        }

        private void changed() {
            if (this == (Object) clusterRoleBindings) {
                reindexClusterRoleBindings();
            }
        }

        private void put(String key, T obj) {
            items.put(key, obj);
            if (namespacedIndex) {
                bindingsByNamespace.computeIfAbsent(namespaceOf(key), n -> new ConcurrentHashMap<>()).put(key, (RoleBinding) obj);
            }
        }

        private void remove(String key) {
            items.remove(key);
            if (namespacedIndex) {
                Map<String, RoleBinding> m = bindingsByNamespace.get(namespaceOf(key));
                if (m != null) {
                    m.remove(key);
                }
            }
        }

        private String namespaceOf(String key) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            return slash < 0 ? "" : rest.substring(0, slash);
        }

        private T decode(KeyValue kv) {
            try {
                return Json.MAPPER.readValue(kv.value(), type);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot decode " + kv.key() + " for RBAC", e);
                return null;
            }
        }

        void stop() {
            Watch w = watch;
            if (w != null) {
                w.close();
            }
        }
    }
}
