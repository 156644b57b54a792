package io.capstan.apiserver.flowcontrol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.BuiltinResources;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationEnsurerTest {
    @TempDir
    Path dir;
    SqliteStorage storage;
    GenericStore flowSchemas;
    GenericStore priorityLevels;
    ConfigurationEnsurer ensurer;

    @BeforeEach
    void open() {
        storage = new SqliteStorage(dir.resolve("capstan.db"));
        flowSchemas = new GenericStore(definition("flowschemas"), storage, null);
        priorityLevels = new GenericStore(definition("prioritylevelconfigurations"), storage, null);
        ensurer = new ConfigurationEnsurer(flowSchemas, priorityLevels);
    }

    @AfterEach
    void close() {
        ensurer.close();
        storage.close();
    }

    @Test
    void createsMissingObjectsAndRestoresAutoUpdatedSpecs() {
        assertFalse(ensurer.done());
        ensurer.ensure();
        assertTrue(ensurer.done());
        assertEquals(13, flowSchemas.list(null, io.capstan.apiserver.registry.ListOptions.all()).path("items").size());
        assertEquals(8, priorityLevels.list(null, io.capstan.apiserver.registry.ListOptions.all()).path("items").size());

        // An administrator changes workload-low (annotation true: restored) and global-default (annotation false: kept).
        ObjectNode workloadLow = priorityLevels.get(null, "workload-low");
        workloadLow.with("spec").with("limited").put("nominalConcurrencyShares", 1);
        priorityLevels.update(null, "workload-low", workloadLow, "", false);
        ObjectNode globalDefault = priorityLevels.get(null, "global-default");
        globalDefault.with("metadata").with("annotations").put(BootstrapConfiguration.AUTO_UPDATE_ANNOTATION, "false");
        globalDefault.with("spec").with("limited").put("nominalConcurrencyShares", 2);
        priorityLevels.update(null, "global-default", globalDefault, "", false);
        flowSchemas.delete(null, "probes", io.capstan.apiserver.registry.DeleteOptions.defaults());

        ensurer.ensure();
        assertEquals(100, priorityLevels.get(null, "workload-low").path("spec").path("limited").path("nominalConcurrencyShares").asInt());
        assertEquals(2, priorityLevels.get(null, "global-default").path("spec").path("limited").path("nominalConcurrencyShares").asInt());
        assertNotNull(flowSchemas.find(null, "probes"));

        // Nothing changed: nothing written.
        String rv = priorityLevels.get(null, "workload-low").path("metadata").path("resourceVersion").asText();
        ensurer.ensure();
        assertEquals(rv, priorityLevels.get(null, "workload-low").path("metadata").path("resourceVersion").asText());
    }

    private static ResourceDefinition definition(String resource) {
        return BuiltinResources.all().stream().filter(d -> d.resource().equals(resource)).findFirst().orElseThrow();
    }
}
