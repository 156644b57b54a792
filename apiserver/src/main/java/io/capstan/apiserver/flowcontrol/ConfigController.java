package io.capstan.apiserver.flowcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ListOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The priority-and-fairness configuration in force, as upstream's {@code configController}
 * (apf_controller.go): the FlowSchemas in matching order and one {@link PriorityLevel} per
 * PriorityLevelConfiguration, kept current from the API server's own storage (its watch cache) by
 * {@link #start}, with the FlowSchemas' {@code Dangling} condition written back.
 *
 * <p>Seats: the server's concurrency limit ({@code --max-requests-inflight} +
 * {@code --max-mutating-requests-inflight}) is split among the levels in proportion to their
 * {@code nominalConcurrencyShares}, each level's share rounded up, as upstream's nominal concurrency
 * limits (here at least 1 seat per limited level). Borrowing between levels ({@code lendablePercent},
 * {@code borrowingLimitPercent}) is not done: each level keeps its nominal seats.
 */
public final class ConfigController implements AutoCloseable {
    /** A v1 limited level without {@code nominalConcurrencyShares} gets upstream's default of 30. */
    static final int DEFAULT_NOMINAL_SHARES = 30;
    private static final Logger LOG = Logger.getLogger(ConfigController.class.getName());

    private record Schema(String name, String uid, int precedence, String priorityLevel, String distinguisher, JsonNode object) {
    }

    private record Snapshot(List<Schema> flowSchemas, Map<String, PriorityLevel> priorityLevels) {
    }

    private final int serverConcurrencyLimit;
    private final Map<String, QueueSet> queueSets = new HashMap<>();
    private final Map<String, String> queueSetKeys = new HashMap<>();
    private volatile Snapshot snapshot;
    private volatile boolean synced;
    private String lastSeen = "";
    private ScheduledExecutorService timer;

    /** Starts with upstream's bootstrap configuration until the stored objects are read. */
    public ConfigController(int serverConcurrencyLimit) {
        if (serverConcurrencyLimit <= 0) {
            throw new IllegalArgumentException("the server concurrency limit must be positive");
        }
        this.serverConcurrencyLimit = serverConcurrencyLimit;
        update(BootstrapConfiguration.priorityLevels(), BootstrapConfiguration.flowSchemas());
    }

    /** The server's total seats. */
    public int serverConcurrencyLimit() {
        return serverConcurrencyLimit;
    }

    /** True once the stored configuration was read at least once. */
    public boolean synced() {
        return synced;
    }

    /** The priority levels in force, by name. */
    public Map<String, PriorityLevel> priorityLevels() {
        return snapshot.priorityLevels();
    }

    /**
     * Puts a configuration in force: the PriorityLevelConfigurations and FlowSchemas (whole objects).
     * Levels whose queuing settings did not change keep their queues and waiting requests.
     */
    public synchronized void update(List<? extends JsonNode> priorityLevelObjects, List<? extends JsonNode> flowSchemaObjects) {
        long shareSum = 0;
        for (JsonNode pl : priorityLevelObjects) {
            shareSum += shares(pl.path("spec"));
        }
        Map<String, PriorityLevel> levels = new LinkedHashMap<>();
        for (JsonNode pl : priorityLevelObjects) {
            JsonNode spec = pl.path("spec");
            String name = pl.path("metadata").path("name").asText();
            String uid = pl.path("metadata").path("uid").asText("");
            boolean exempt = spec.path("type").asText().equals("Exempt");
            int limit = exempt ? Integer.MAX_VALUE
                    : (int) Math.max(1, shareSum == 0 ? 1 : (long) Math.ceil((double) serverConcurrencyLimit * shares(spec) / shareSum));
            JsonNode queuing = spec.path("limited").path("limitResponse").path("queuing");
            boolean queues = spec.path("limited").path("limitResponse").path("type").asText().equals("Queue");
            int queueCount = queuing.path("queues").asInt(64);
            int handSize = queuing.path("handSize").asInt(8);
            int queueLengthLimit = queuing.path("queueLengthLimit").asInt(50);
            String key = exempt ? "exempt" : queues ? "queue/" + queueCount + "/" + handSize + "/" + queueLengthLimit : "reject";
            QueueSet qs = queueSets.get(name);
            if (qs == null || !key.equals(queueSetKeys.get(name))) {
                qs = exempt ? QueueSet.exempt() : queues
                        ? QueueSet.queuing(limit, Math.max(1, queueCount), Math.max(1, Math.min(handSize, ShuffleShardingDealer.MAX_HAND_SIZE)), queueLengthLimit)
                        : QueueSet.rejecting(limit);
                queueSets.put(name, qs);
                queueSetKeys.put(name, key);
            } else if (!exempt) {
                qs.concurrencyLimit(limit);
            }
            levels.put(name, new PriorityLevel(name, uid, exempt, qs));
        }
        queueSets.keySet().retainAll(levels.keySet());
        queueSetKeys.keySet().retainAll(levels.keySet());
        List<Schema> schemas = new ArrayList<>();
        for (JsonNode fs : flowSchemaObjects) {
            JsonNode spec = fs.path("spec");
            schemas.add(new Schema(fs.path("metadata").path("name").asText(), fs.path("metadata").path("uid").asText(""),
                    spec.path("matchingPrecedence").asInt(1000), spec.path("priorityLevelConfiguration").path("name").asText(),
                    spec.path("distinguisherMethod").path("type").asText(""), fs));
        }
        // Upstream's order: matchingPrecedence, then name.
        schemas.sort(Comparator.comparingInt(Schema::precedence).thenComparing(Schema::name));
        snapshot = new Snapshot(List.copyOf(schemas), Map.copyOf(levels));
    }

    private static long shares(JsonNode spec) {
        if (spec.path("type").asText().equals("Exempt")) {
            return spec.path("exempt").path("nominalConcurrencyShares").asLong(0);
        }
        return spec.path("limited").path("nominalConcurrencyShares").asLong(DEFAULT_NOMINAL_SHARES);
    }

    /**
     * The first FlowSchema, in matching order, that matches the request and whose priority level exists
     * (a dangling FlowSchema is skipped, as upstream); the mandatory {@code catch-all} when none does.
     */
    public Classification classify(RequestDigest digest) {
        Snapshot s = snapshot;
        for (Schema fs : s.flowSchemas()) {
            PriorityLevel pl = s.priorityLevels().get(fs.priorityLevel());
            if (pl == null || !FlowSchemaMatcher.matches(fs.object(), digest)) {
                continue;
            }
            String distinguisher = switch (fs.distinguisher()) {
                case "ByUser" -> digest.user().username();
                case "ByNamespace" -> digest.namespace();
                default -> "";
            };
            return new Classification(fs.name(), fs.uid(), pl, distinguisher, flowHash(fs.name(), distinguisher));
        }
        PriorityLevel catchAll = s.priorityLevels().get("catch-all");
        if (catchAll == null) {
            catchAll = new PriorityLevel("catch-all", "", false, QueueSet.rejecting(1));
        }
        String user = digest.user().username();
        return new Classification("catch-all", "", catchAll, user, flowHash("catch-all", user));
    }

    /** Upstream's flow ID hash: FNV-1a (64-bit) over the FlowSchema name and the distinguisher. */
    static long flowHash(String flowSchema, String distinguisher) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (flowSchema + "\u0000" + distinguisher).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Reads the stored configuration now and then every {@code interval}, writing FlowSchema conditions. */
    public void start(GenericStore flowSchemas, GenericStore priorityLevels, Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "apf-config-controller");
            t.setDaemon(true);
            return t;
        });
        sync(flowSchemas, priorityLevels);
        timer.scheduleWithFixedDelay(() -> sync(flowSchemas, priorityLevels), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void sync(GenericStore flowSchemaStore, GenericStore priorityLevelStore) {
        try {
            List<ObjectNode> pls = items(priorityLevelStore.list(null, ListOptions.all()));
            List<ObjectNode> fss = items(flowSchemaStore.list(null, ListOptions.all()));
            StringBuilder seen = new StringBuilder();
            pls.forEach(o -> seen.append(o.path("metadata").path("resourceVersion").asText()).append(','));
            seen.append('|');
            fss.forEach(o -> seen.append(o.path("metadata").path("resourceVersion").asText()).append(','));
            if (synced && seen.toString().equals(lastSeen)) {
                return;
            }
            update(pls, fss);
            lastSeen = seen.toString();
            synced = true;
            writeConditions(flowSchemaStore, fss);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read the priority-and-fairness configuration; keeping the one in force", e);
        }
    }

    private static List<ObjectNode> items(ObjectNode list) {
        List<ObjectNode> out = new ArrayList<>();
        list.path("items").forEach(n -> out.add((ObjectNode) n));
        return out;
    }

    /** Upstream's {@code Dangling} condition: whether the FlowSchema's priority level exists. */
    private void writeConditions(GenericStore flowSchemaStore, List<ObjectNode> fss) {
        Map<String, PriorityLevel> levels = snapshot.priorityLevels();
        for (ObjectNode fs : fss) {
            String plName = fs.path("spec").path("priorityLevelConfiguration").path("name").asText();
            boolean dangling = !levels.containsKey(plName);
            String status = dangling ? "True" : "False";
            JsonNode current = null;
            for (JsonNode c : fs.path("status").path("conditions")) {
                if (c.path("type").asText().equals("Dangling")) {
                    current = c;
                }
            }
            if (current != null && Objects.equals(current.path("status").asText(), status)) {
                continue;
            }
            ObjectNode updated = fs.deepCopy();
            ObjectNode condition = updated.putObject("status").putArray("conditions").addObject();
            condition.put("type", "Dangling");
            condition.put("status", status);
            condition.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            condition.put("reason", dangling ? "NotFound" : "Found");
            condition.put("message", dangling
                    ? "This FlowSchema references the PriorityLevelConfiguration object named \"" + plName + "\" but there is no such object"
                    : "This FlowSchema references the PriorityLevelConfiguration object named \"" + plName + "\" and it exists");
            ((ObjectNode) updated.get("metadata")).remove("resourceVersion");
            try {
                flowSchemaStore.update(null, fs.path("metadata").path("name").asText(), updated, "status", false);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "cannot write the Dangling condition of FlowSchema " + fs.path("metadata").path("name").asText(), e);
            }
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
