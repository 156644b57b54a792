package io.capstan.apiserver.bootstrap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.common.api.StatusException;
import io.capstan.common.json.Json;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the system namespaces ({@code default}, {@code kube-system}, {@code kube-public},
 * {@code kube-node-lease}) in existence, as upstream's system-namespaces controller does: once at
 * start, then every minute (so a deleted one comes back).
 */
public final class SystemNamespaces implements AutoCloseable {
    /** The namespaces upstream's API server creates. */
    public static final List<String> NAMES = List.of("default", "kube-system", "kube-public", "kube-node-lease");
    private static final Logger LOG = Logger.getLogger(SystemNamespaces.class.getName());

    private final GenericStore namespaces;
    private final AtomicBoolean done = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "system-namespaces");
        t.setDaemon(true);
        return t;
    });

    public SystemNamespaces(GenericStore namespaces) {
        this.namespaces = namespaces;
    }

    /** Creates any missing namespace now, then keeps checking every minute. */
    public void start() {
        ensure();
        timer.scheduleWithFixedDelay(this::ensure, 1, 1, TimeUnit.MINUTES);
    }

    /** True once every system namespace existed at least once (the readiness post-start hook). */
    public boolean done() {
        return done.get();
    }

    void ensure() {
        try {
            for (String name : NAMES) {
                if (namespaces.find(null, name) == null) {
                    ObjectNode ns = Json.MAPPER.createObjectNode();
                    ns.put("apiVersion", "v1");
                    ns.put("kind", "Namespace");
                    ns.putObject("metadata").put("name", name);
                    try {
                        namespaces.create(null, ns, false);
                        LOG.info("created system namespace " + name);
                    } catch (StatusException e) {
                        if (!e.isAlreadyExists()) {
                            throw e;
                        }
                    }
                }
            }
            done.set(true);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot ensure system namespaces yet; retrying in a minute", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
