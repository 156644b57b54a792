package io.capstan.controllermanager.rootcacertpublisher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.controller.Request;
import io.capstan.common.informer.Lister;
import io.capstan.common.informer.ThreadSafeIndexer;
import io.capstan.common.json.Json;
import io.capstan.controllermanager.InMemoryResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kube-root-ca.crt in every active namespace, created and kept current. */
class PublisherTest {
    static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    final ThreadSafeIndexer<Namespace> namespaces = new ThreadSafeIndexer<>();
    final ThreadSafeIndexer<ConfigMap> configMaps = new ThreadSafeIndexer<>();
    final InMemoryResource client = new InMemoryResource("configmaps");
    final Publisher publisher = new Publisher(new Lister<>(namespaces), new Lister<>(configMaps), client, CA);

    @Test
    void createsTheConfigMapInAnActiveNamespace() {
        namespaces.add(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().withNewStatus().withPhase("Active").endStatus().build());
        publisher.reconcile(Request.of("team"));
        ObjectNode cm = client.namespace("team").get("kube-root-ca.crt");
        assertEquals(CA, cm.path("data").path("ca.crt").asText());
        assertEquals(Publisher.DESCRIPTION, cm.path("metadata").path("annotations").path("kubernetes.io/description").asText());
    }

    @Test
    void restoresAChangedConfigMapAndLeavesACurrentOneAlone() {
        namespaces.add(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build());
        ObjectNode tampered = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        tampered.putObject("metadata").put("name", "kube-root-ca.crt").put("namespace", "team");
        tampered.putObject("data").put("ca.crt", "evil").put("extra", "x");
        configMaps.add(Json.MAPPER.convertValue(client.put(tampered), ConfigMap.class));
        publisher.reconcile(Request.of("team"));
        ObjectNode restored = client.namespace("team").get("kube-root-ca.crt");
        assertEquals("{\"ca.crt\":" + Json.MAPPER.valueToTree(CA) + "}", restored.path("data").toString());
        assertEquals(List.of("update team/kube-root-ca.crt"), client.writes);

        configMaps.update(Json.MAPPER.convertValue(restored, ConfigMap.class));
        publisher.reconcile(Request.of("team"));
        assertEquals(1, client.writes.size(), "a current ConfigMap is not written again");
    }

    @Test
    void skipsTerminatingAndMissingNamespaces() {
        namespaces.add(new NamespaceBuilder().withNewMetadata().withName("going").withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata().build());
        publisher.reconcile(Request.of("going"));
        publisher.reconcile(Request.of("absent"));
        assertTrue(client.writes.isEmpty());
    }
}
