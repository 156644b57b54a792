package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.storage.cache.WatchCache;
import io.capstan.apiserver.storage.cache.WatchCacheOptions;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import io.capstan.common.json.Json;
import io.capstan.common.selector.FieldSelector;
import io.capstan.common.selector.LabelSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Watches served by the watch cache share each event's decoded object (upstream's cachingObject), and a
 * {@code metadata.name} field selector across namespaces lets only that name through.
 */
class GenericStoreSharedWatchTest {
    @TempDir
    Path dir;
    WatchCache storage;
    GenericStore configMaps;

    @BeforeEach
    void open() {
        ResourceDefinition def = BuiltinResources.all().stream().filter(d -> d.resource().equals("configmaps")).findFirst().orElseThrow();
        storage = new WatchCache(new SqliteStorage(dir.resolve("capstan.db")), List.of(def.keyPrefix()), WatchCacheOptions.defaults());
        ObjectNode ns = Json.object("{\"metadata\":{\"name\":\"t\"}}".getBytes());
        configMaps = new GenericStore(def, storage, name -> ns);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static ListOptions watchFrom(String rv, String fieldSelector) {
        return new ListOptions(LabelSelector.everything(), fieldSelector.isEmpty() ? FieldSelector.everything() : FieldSelector.parse(fieldSelector),
                rv, "", 0, "", true, false, null, 0);
    }

    private static ObjectNode configMap(String name) {
        return Json.object(("{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"k\":\"v\"}}").getBytes());
    }

    private static ApiWatchEvent next(WatchStream s) throws InterruptedException {
        ApiWatchEvent e = s.poll(10_000);
        assertNotNull(e, "an event within 10s");
        return e;
    }

    @RepeatedTest(5)
    void watchesShareEachEventsDecodedObjectAndANameSelectorFiltersAcrossNamespaces() throws Exception {
        String rv = String.valueOf(storage.currentRevision());
        try (WatchStream a = configMaps.watch("", watchFrom(rv, ""));
             WatchStream b = configMaps.watch("t", watchFrom(rv, ""));
             WatchStream byName = configMaps.watch("", watchFrom(rv, "metadata.name=x"))) {
            configMaps.create("t", configMap("other"), false);
            configMaps.create("t", configMap("x"), false);
            ObjectNode x = configMaps.get("t", "x").deepCopy();
            x.withObject("data").put("k", "changed");
            configMaps.update("t", "x", x, "", false);

            for (String expected : List.of("ADDED other", "ADDED x", "MODIFIED x")) {
                ApiWatchEvent ea = next(a);
                ApiWatchEvent eb = next(b);
                assertEquals(expected, ea.type() + " " + Meta.name(ea.object()));
                assertEquals(expected, eb.type() + " " + Meta.name(eb.object()));
                assertNotNull(ea.shared(), "a watch-cache event carries the shared object");
                assertSame(ea.shared(), eb.shared(), "decoded once for both watches: " + expected);
                assertSame(ea.shared().object(), ea.object());
            }
            ApiWatchEvent added = next(byName);
            assertEquals("ADDED x", added.type() + " " + Meta.name(added.object()));
            ApiWatchEvent modified = next(byName);
            assertEquals("MODIFIED x", modified.type() + " " + Meta.name(modified.object()));
            assertEquals("changed", modified.object().path("data").path("k").asText());
            assertNull(byName.poll(200), "no other ConfigMap reaches the name-selected watch");
        }
    }
}
