package io.capstan.apiserver.bootstrap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.common.api.StatusException;
import io.capstan.common.json.Json;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the {@code default/kubernetes} Service, its Endpoints and its EndpointSlice in existence, as
 * upstream's kubernetes-service controller and its endpoint reconciler ({@code EndpointsAdapter}) do: a
 * ClusterIP Service on the first address of the service range, port 443 ({@code https}) to the API
 * server's port, Endpoints naming the API server's address (labelled
 * {@code endpointslice.kubernetes.io/skip-mirror}), and the EndpointSlice {@code kubernetes} with the same
 * address, ready, and port (labelled {@code kubernetes.io/service-name=kubernetes}).
 * Checked at start and every minute, after the system namespaces.
 */
public final class KubernetesService implements AutoCloseable {
    /** Upstream's name and namespace of the API server's own Service. */
    public static final String NAME = "kubernetes";
    static final String NAMESPACE = "default";
    private static final Logger LOG = Logger.getLogger(KubernetesService.class.getName());

    private final GenericStore services;
    private final GenericStore endpoints;
    private final GenericStore endpointSlices;
    private final String clusterIP;
    private final String endpointIP;
    private final int port;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kubernetes-service");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param clusterIP  the first address of {@code --service-cluster-ip-range}
     * @param endpointIP the address clients reach the API server at
     * @param port       the API server's port
     */
    public KubernetesService(GenericStore services, GenericStore endpoints, GenericStore endpointSlices, String clusterIP,
                             String endpointIP, int port) {
        this.services = services;
        this.endpoints = endpoints;
        this.endpointSlices = endpointSlices;
        this.clusterIP = clusterIP;
        this.endpointIP = endpointIP;
        this.port = port;
    }

    /** Creates what is missing now (once the default namespace exists), then keeps checking every minute. */
    public void start() {
        ensure();
        timer.scheduleWithFixedDelay(this::ensure, 1, 1, TimeUnit.MINUTES);
    }

    void ensure() {
        try {
            if (services.find(NAMESPACE, NAME) == null) {
                ObjectNode svc = object("Service");
                ObjectNode labels = ((ObjectNode) svc.get("metadata")).putObject("labels");
                labels.put("component", "apiserver");
                labels.put("provider", "kubernetes");
                ObjectNode spec = svc.putObject("spec");
                spec.put("type", "ClusterIP");
                spec.put("clusterIP", clusterIP);
                spec.put("sessionAffinity", "None");
                spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP").put("targetPort", port);
                create(services, svc);
            }
            if (endpoints.find(NAMESPACE, NAME) == null) {
                ObjectNode ep = object("Endpoints");
                ((ObjectNode) ep.get("metadata")).putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
                ObjectNode subset = ep.putArray("subsets").addObject();
                subset.putArray("addresses").addObject().put("ip", endpointIP);
                subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
                create(endpoints, ep);
            }
            if (endpointSlices != null && endpointSlices.find(NAMESPACE, NAME) == null) {
                ObjectNode slice = object("EndpointSlice");
                slice.put("apiVersion", "discovery.k8s.io/v1");
                ((ObjectNode) slice.get("metadata")).putObject("labels").put("kubernetes.io/service-name", NAME);
                slice.put("addressType", endpointIP.contains(":") ? "IPv6" : "IPv4");
                ObjectNode endpoint = slice.putArray("endpoints").addObject();
                endpoint.putArray("addresses").add(endpointIP);
                endpoint.putObject("conditions").put("ready", true);
                slice.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
                create(endpointSlices, slice);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot ensure the default/kubernetes service yet; retrying in a minute", e);
        }
    }

    private static ObjectNode object(String kind) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("apiVersion", "v1");
        o.put("kind", kind);
        o.putObject("metadata").put("name", NAME).put("namespace", NAMESPACE);
        return o;
    }

    private static void create(GenericStore store, ObjectNode obj) {
        try {
            store.create(NAMESPACE, obj, false);
            LOG.info("created " + obj.path("kind").asText() + " " + NAMESPACE + "/" + NAME);
        } catch (StatusException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
