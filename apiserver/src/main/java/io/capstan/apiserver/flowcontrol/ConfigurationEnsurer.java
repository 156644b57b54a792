package io.capstan.apiserver.flowcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.common.api.StatusException;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the bootstrap priority-and-fairness objects in place, as upstream's configuration ensurer
 * ({@code registry/flowcontrol/ensurer}): at start and every minute, each missing mandatory or suggested
 * FlowSchema and PriorityLevelConfiguration is created, and one whose
 * {@code apf.kubernetes.io/autoupdate-spec} annotation is {@code "true"} gets its bootstrap spec back if
 * it was changed. Setting the annotation to {@code "false"} keeps an administrator's change.
 */
public final class ConfigurationEnsurer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConfigurationEnsurer.class.getName());

    private final GenericStore flowSchemas;
    private final GenericStore priorityLevels;
    private final AtomicBoolean done = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "apf-configuration-ensurer");
        t.setDaemon(true);
        return t;
    });

    public ConfigurationEnsurer(GenericStore flowSchemas, GenericStore priorityLevels) {
        this.flowSchemas = flowSchemas;
        this.priorityLevels = priorityLevels;
    }

    /** Ensures the objects now, then every minute. */
    public void start() {
        ensure();
        timer.scheduleWithFixedDelay(this::ensure, 1, 1, TimeUnit.MINUTES);
    }

    /** True once every bootstrap object existed at least once. */
    public boolean done() {
        return done.get();
    }

    void ensure() {
        try {
            // Priority levels first, so the FlowSchemas never point at a missing level.
            ensureAll(priorityLevels, BootstrapConfiguration.priorityLevels());
            ensureAll(flowSchemas, BootstrapConfiguration.flowSchemas());
            done.set(true);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot ensure the priority-and-fairness bootstrap configuration yet; retrying in a minute", e);
        }
    }

    private static void ensureAll(GenericStore store, List<ObjectNode> wanted) {
        for (ObjectNode object : wanted) {
            String name = object.path("metadata").path("name").asText();
            ObjectNode existing = store.find(null, name);
            if (existing == null) {
                try {
                    store.create(null, object, false);
                    LOG.fine(() -> "created " + object.path("kind").asText() + " " + name);
                } catch (StatusException e) {
                    if (!e.isAlreadyExists()) {
                        throw e;
                    }
                }
                continue;
            }
            JsonNode autoUpdate = existing.path("metadata").path("annotations").path(BootstrapConfiguration.AUTO_UPDATE_ANNOTATION);
            if (autoUpdate.asText("").equals("true") && !existing.path("spec").equals(object.path("spec"))) {
                ObjectNode updated = existing.deepCopy();
                updated.set("spec", object.get("spec").deepCopy());
                store.update(null, name, updated, "", false);
                LOG.info("restored the bootstrap spec of " + object.path("kind").asText() + " " + name);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
