package io.capstan.controllermanager.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.Statuses;
import io.capstan.common.client.ListOptions;
import io.capstan.common.client.PatchType;
import io.capstan.common.client.PatchOptions;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.client.Watch;
import io.capstan.common.controller.Request;
import io.capstan.common.informer.Lister;
import io.capstan.common.informer.ThreadSafeIndexer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceAccountsControllerTest {

    /** Records creates; answers them with {@code failure} when set. Other verbs are not used by the controller. */
    private static final class RecordingServiceAccounts implements ResourceInterface {
        final List<String> created = new ArrayList<>();
        RuntimeException failure;
        private final String ns;
        private final RecordingServiceAccounts root;

        RecordingServiceAccounts() {
            this(null, null);
        }

        private RecordingServiceAccounts(String ns, RecordingServiceAccounts root) {
            this.ns = ns;
            this.root = root == null ? this : root;
        }

        @Override
        public ResourceInterface namespace(String namespace) {
            return new RecordingServiceAccounts(namespace, root);
        }

        @Override
        public ObjectNode create(ObjectNode object) {
            if (root.failure != null) {
                throw root.failure;
            }
            assertEquals("ServiceAccount", object.path("kind").asText());
            assertEquals(ns, object.path("metadata").path("namespace").asText());
            root.created.add(ns + "/" + object.path("metadata").path("name").asText());
            return object;
        }

        @Override
        public ObjectNode get(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectNode list(ListOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectNode update(ObjectNode object) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectNode updateSubresource(ObjectNode object, String subresource) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectNode deleteCollection(ListOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectNode patch(String name, PatchType type, JsonNode patch, String subresource) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectNode delete(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectNode patch(String name, PatchType type, JsonNode patch, String subresource, PatchOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectNode delete(String name, ObjectNode deleteOptions) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectNode deleteCollection(ListOptions options, ObjectNode deleteOptions) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectNode getSubresource(String name, String subresource) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectNode createSubresource(String name, String subresource, ObjectNode body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Watch watch(ListOptions options) {
            throw new UnsupportedOperationException();
        }
    }

    private final ThreadSafeIndexer<Namespace> namespaces = new ThreadSafeIndexer<>();
    private final ThreadSafeIndexer<ServiceAccount> accounts = new ThreadSafeIndexer<>();
    private final RecordingServiceAccounts client = new RecordingServiceAccounts();
    private final ServiceAccountsController controller = new ServiceAccountsController(
            new Lister<>(namespaces), new Lister<>(accounts), client, List.of("default"));

    private static Namespace namespace(String name, String phase, boolean deleting) {
        NamespaceBuilder b = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().withPhase(phase).endStatus();
        if (deleting) {
            b.editMetadata().withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata();
        }
        return b.build();
    }

    @Test
    void createsDefaultInAnActiveNamespaceThatLacksIt() {
        namespaces.add(namespace("team", "Active", false));
        assertEquals("done", controller.reconcile(Request.of("team")).toString());
        assertEquals(List.of("team/default"), client.created);
    }

    @Test
    void leavesAnExistingDefaultAlone() {
        namespaces.add(namespace("team", "Active", false));
        accounts.add(new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace("team").endMetadata().build());
        controller.reconcile(Request.of("team"));
        assertTrue(client.created.isEmpty());
    }

    @Test
    void skipsTerminatingAndMissingNamespaces() {
        namespaces.add(namespace("going", "Terminating", false));
        namespaces.add(namespace("deleting", "Active", true));
        controller.reconcile(Request.of("going"));
        controller.reconcile(Request.of("deleting"));
        controller.reconcile(Request.of("absent"));
        assertTrue(client.created.isEmpty());
    }

    @Test
    void alreadyExistsIsSuccessButOtherErrorsAreRetried() {
        namespaces.add(namespace("team", "Active", false));
        client.failure = Statuses.alreadyExists("", "serviceaccounts", "default");
        assertEquals("done", controller.reconcile(Request.of("team")).toString());
        client.failure = Statuses.unavailable("etcd is down");
        assertThrows(RuntimeException.class, () -> controller.reconcile(Request.of("team")));
    }
}
