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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lists through the watch cache follow upstream's cacher (1.32 {@code shouldDelegateList}):
 * {@code resourceVersion=0} is answered whole from memory, ignoring {@code limit}; every other
 * paginated list goes to storage and honours the limit.
 */
class GenericStoreCachedListTest {
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
        for (String n : List.of("a", "b", "c", "d", "e")) {
            configMaps.create("t", Json.object(("{\"metadata\":{\"name\":\"" + n + "\"}}").getBytes()), false);
        }
        // A consistent list waits until the cache holds storage's current revision; without it a
        // resourceVersion=0 list may legally answer from a cache that has not seen the last creates yet.
        configMaps.list("t", new ListOptions(LabelSelector.everything(), FieldSelector.everything(), "", "", 0, "", false, false, null, 0));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @ParameterizedTest(name = "rv={0} match={1} limit=2 -> {2} items, continue={3}")
    @CsvSource(delimiter = '|', value = {
            "0  | ''           | 5 | false",
            "0  | NotOlderThan | 5 | false",
            "'' | ''           | 2 | true",
            "1  | NotOlderThan | 2 | true",
    })
    void resourceVersionZeroIgnoresLimit(String rv, String match, int items, boolean hasContinue) {
        ListOptions opts = new ListOptions(LabelSelector.everything(), FieldSelector.everything(), rv, match, 2, "", false, false, null, 0);
        ObjectNode list = configMaps.list("t", opts);
        assertEquals(items, list.path("items").size(), list.toString());
        assertEquals(hasContinue, !list.path("metadata").path("continue").asText("").isEmpty(), list.toString());
        assertEquals(String.valueOf(storage.currentRevision()), list.path("metadata").path("resourceVersion").asText());
    }
}
