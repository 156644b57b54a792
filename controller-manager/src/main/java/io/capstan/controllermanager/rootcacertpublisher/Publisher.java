package io.capstan.controllermanager.rootcacertpublisher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.StatusException;
import io.capstan.common.client.ListOptions;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.client.RestClient;
import io.capstan.common.controller.Controller;
import io.capstan.common.controller.Reconciler;
import io.capstan.common.controller.Request;
import io.capstan.common.controller.Result;
import io.capstan.common.informer.Lister;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.informer.SharedInformerFactory;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Publishes the cluster's root CA as the {@code kube-root-ca.crt} ConfigMap ({@code ca.crt}) in every namespace
 * and keeps it so, as upstream's root-ca-cert-publisher: a missing ConfigMap is created, a changed one is put
 * back; namespaces being deleted are left alone.
 */
public final class Publisher implements Reconciler {
    private static final Logger LOG = Logger.getLogger(Publisher.class.getName());
    /** The controller's upstream name. */
    public static final String NAME = "root-ca-cert-publisher";
    public static final String CONFIG_MAP_NAME = "kube-root-ca.crt";
    static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
    static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
            + "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across "
            + "distributions of Kubernetes clusters.";
    static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    static final GroupVersionResource CONFIG_MAPS = new GroupVersionResource("", "v1", "configmaps");

    private final Lister<Namespace> namespaces;
    private final Lister<ConfigMap> configMaps;
    private final ResourceInterface configMapClient;
    private final String rootCa;

    /** @param rootCa the PEM CA bundle to publish */
    public Publisher(Lister<Namespace> namespaces, Lister<ConfigMap> configMaps, ResourceInterface configMapClient, String rootCa) {
        this.namespaces = namespaces;
        this.configMaps = configMaps;
        this.configMapClient = configMapClient;
        this.rootCa = rootCa;
    }

    /**
     * Only {@code kube-root-ca.crt} ConfigMaps concern the publisher: its informer lists and watches them by
     * field selector, so the server sends it no other ConfigMap.
     */
    static final ListOptions ROOT_CA_CONFIG_MAPS = ListOptions.NONE.withFieldSelector("metadata.name=" + CONFIG_MAP_NAME);

    /** The running controller: namespaces are its resource; a change to a {@code kube-root-ca.crt} queues its namespace. */
    public static Controller controller(SharedInformerFactory informers, RestClient client, MeterRegistry metrics, String rootCa) {
        SharedInformer<Namespace> nsInformer = informers.informerFor(NAMESPACES, Namespace.class);
        SharedInformer<ConfigMap> cmInformer = informers.informerFor(CONFIG_MAPS, ConfigMap.class, ROOT_CA_CONFIG_MAPS);
        Publisher reconciler = new Publisher(nsInformer.lister(), cmInformer.lister(), client.resource(CONFIG_MAPS), rootCa);
        return Controller.builder(NAME)
                .forResource(nsInformer)
                .watches(cmInformer, cm -> CONFIG_MAP_NAME.equals(cm.getMetadata().getName())
                        ? List.of(Request.of(cm.getMetadata().getNamespace())) : List.of())
                .meterRegistry(metrics)
                .build(reconciler);
    }

    @Override
    public Result reconcile(Request request) {
        Optional<Namespace> ns = namespaces.get(request.name());
        if (ns.isEmpty() || ns.get().getMetadata().getDeletionTimestamp() != null
                || (ns.get().getStatus() != null && "Terminating".equals(ns.get().getStatus().getPhase()))) {
            return Result.done();
        }
        String namespace = request.name();
        Optional<ConfigMap> existing = configMaps.get(namespace, CONFIG_MAP_NAME);
        if (existing.isEmpty()) {
            ObjectNode cm = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
            ObjectNode meta = cm.putObject("metadata").put("name", CONFIG_MAP_NAME).put("namespace", namespace);
            meta.putObject("annotations").put(DESCRIPTION_ANNOTATION, DESCRIPTION);
            cm.putObject("data").put("ca.crt", rootCa);
            try {
                configMapClient.namespace(namespace).create(cm);
                LOG.fine("published " + CONFIG_MAP_NAME + " in " + namespace);
            } catch (StatusException e) {
                // A namespace that is gone or terminating gets no ConfigMap; one the cache did not show yet is fine.
                if (!e.isNotFound() && !e.isAlreadyExists() && e.code() != 403) {
                    throw e;
                }
            }
            return Result.done();
        }
        ConfigMap cm = existing.get();
        Map<String, String> annotations = cm.getMetadata().getAnnotations();
        boolean dataCurrent = Map.of("ca.crt", rootCa).equals(cm.getData() == null ? Map.of() : cm.getData())
                && (cm.getBinaryData() == null || cm.getBinaryData().isEmpty());
        boolean annotated = annotations != null && DESCRIPTION.equals(annotations.get(DESCRIPTION_ANNOTATION));
        if (dataCurrent && annotated) {
            return Result.done();
        }
        ObjectNode live = configMapClient.namespace(namespace).get(CONFIG_MAP_NAME);
        live.remove("binaryData");
        live.putObject("data").put("ca.crt", rootCa);
        ObjectNode meta = (ObjectNode) live.get("metadata");
        ObjectNode ann = meta.path("annotations").isObject() ? (ObjectNode) meta.get("annotations") : meta.putObject("annotations");
        ann.put(DESCRIPTION_ANNOTATION, DESCRIPTION);
        configMapClient.namespace(namespace).update(live);
        LOG.info("restored " + CONFIG_MAP_NAME + " in " + namespace);
        return Result.done();
    }
}
