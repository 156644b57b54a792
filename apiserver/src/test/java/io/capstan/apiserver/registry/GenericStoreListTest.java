package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import io.capstan.common.api.StatusException;
import io.capstan.common.json.Json;
import io.capstan.common.selector.FieldSelector;
import io.capstan.common.selector.LabelSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** List semantics of the generic store: expired continue tokens and resourceVersionMatch rules, as upstream. */
class GenericStoreListTest {
    @TempDir
    Path dir;
    SqliteStorage storage;
    GenericStore configMaps;

    @BeforeEach
    void open() {
        storage = new SqliteStorage(dir.resolve("capstan.db"));
        ResourceDefinition def = BuiltinResources.all().stream().filter(d -> d.resource().equals("configmaps")).findFirst().orElseThrow();
        ObjectNode ns = Json.object("{\"metadata\":{\"name\":\"t\"}}".getBytes());
        configMaps = new GenericStore(def, storage, name -> ns);
        for (String n : List.of("a", "b", "c", "d")) {
            configMaps.create("t", Json.object(("{\"metadata\":{\"name\":\"" + n + "\"}}").getBytes()), false);
        }
    }

    @AfterEach
    void close() {
        storage.close();
    }

    static ListOptions opts(String rv, String match, long limit, String cont, boolean watch, Boolean sendInitial) {
        return new ListOptions(LabelSelector.everything(), FieldSelector.everything(), rv, match, limit, cont, watch, true, sendInitial, 0);
    }

    @Test
    void expiredContinueIs410WithAnInconsistentTokenThatContinuesAtTheLatestRevision() {
        ObjectNode first = configMaps.list("t", opts("", "", 2, "", false, null));
        String token = first.path("metadata").path("continue").asText();
        assertFalse(token.isEmpty());
        // a change, then compaction past the first page's revision
        configMaps.create("t", Json.object("{\"metadata\":{\"name\":\"e\"}}".getBytes()), false);
        storage.compact(storage.currentRevision());
        StatusException e = assertThrows(StatusException.class, () -> configMaps.list("t", opts("", "", 2, token, false, null)));
        assertEquals(410, e.code());
        assertEquals("Expired", e.reason());
        assertTrue(e.getMessage().contains("use the continue token in this response"), e.getMessage());
        String inconsistent = e.status().getMetadata().getContinue();
        assertFalse(inconsistent == null || inconsistent.isEmpty(), "no continue token in the 410");
        ObjectNode rest = configMaps.list("t", opts("", "", 0, inconsistent, false, null));
        List<String> names = new ArrayList<>();
        rest.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
        assertEquals(List.of("c", "d", "e"), names, "the remainder at the latest revision, including the new object");
    }

    @Test
    void pagesCarryRemainingItemCountUnlessTheLastOrFilteredByASelector() {
        // upstream's conformance test "API chunking should return chunks of results for list calls":
        // remainingItemCount + items so far == total on every page with a continue token, null on the last
        List<Long> counts = new ArrayList<>();
        String token = "";
        int seen = 0;
        do {
            ListOptions page = opts("", "", 1, token, false, null);
            JsonNode meta = configMaps.list("t", page).path("metadata");
            JsonNode rawMeta = Json.tree(configMaps.listJson("t", page)).path("metadata");
            assertEquals(meta.toString(), rawMeta.toString(), "the list and its bytes written from storage carry the same metadata");
            seen++;
            token = meta.path("continue").asText("");
            counts.add(meta.has("remainingItemCount") ? meta.path("remainingItemCount").asLong() : null);
        } while (!token.isEmpty());
        assertEquals(4, seen);
        assertEquals(java.util.Arrays.asList(3L, 2L, 1L, null), counts);

        ListOptions selected = new ListOptions(LabelSelector.everything(), FieldSelector.parse("metadata.name!=z"), "", "", 2, "", false, true, null, 0);
        JsonNode meta = configMaps.list("t", selected).path("metadata");
        assertFalse(meta.path("continue").asText("").isEmpty());
        assertFalse(meta.has("remainingItemCount"), "a selector makes the count unknowable, so upstream leaves it out: " + meta);
        JsonNode whole = configMaps.list("t", opts("", "", 10, "", false, null)).path("metadata");
        assertFalse(whole.has("continue") || whole.has("remainingItemCount"), whole.toString());
    }

    @Test
    void exactListAtACompactedRevisionIs410WithUpstreamsListMessage() {
        long old = storage.currentRevision();
        configMaps.create("t", Json.object("{\"metadata\":{\"name\":\"e\"}}".getBytes()), false);
        storage.compact(storage.currentRevision());
        StatusException e = assertThrows(StatusException.class,
                () -> configMaps.list("t", opts(Long.toString(old), "Exact", 0, "", false, null)));
        assertEquals(410, e.code());
        assertEquals("Expired", e.reason());
        assertEquals("The resourceVersion for the provided list is too old.", e.status().getMessage());
    }

    @Test
    void exactListAtAFutureRevisionIsUpstreamsTooLargeResourceVersionTimeout() {
        long current = storage.currentRevision();
        long future = current + 1000;
        StatusException e = assertThrows(StatusException.class,
                () -> configMaps.list("t", opts(Long.toString(future), "Exact", 0, "", false, null)));
        assertEquals(504, e.code());
        assertEquals("Timeout", e.reason());
        assertEquals("Timeout: Too large resource version: " + future + ", current: " + current, e.status().getMessage());
        // client-go's storage.IsTooLargeResourceVersion looks for this cause
        assertEquals("ResourceVersionTooLarge", e.status().getDetails().getCauses().getFirst().getReason());
        assertNull(e.status().getDetails().getRetryAfterSeconds(), "the etcd3 store's retry-after is 0, which upstream omits");
    }

    @ParameterizedTest(name = "rv={0} match={1} continue={2} watch={3} sendInitialEvents={4}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "''  | NotOlderThan | ''  | false | null | resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided",
            "0   | Exact        | ''  | false | null | resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"",
            "5   | Bogus        | ''  | false | null | resourceVersionMatch: Unsupported value: \"Bogus\": supported values: \"Exact\", \"NotOlderThan\", \"\"",
            "''  | ''           | ''  | false | true | sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list",
            "5   | NotOlderThan | ''  | true  | null | resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
            "''  | ''           | ''  | true  | true | resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
            "''  | Exact        | ''  | true  | true | resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\""})
    void invalidListOptionsAre422(String rv, String match, String cont, boolean watch, Boolean sendInitial, String message) {
        StatusException e = assertThrows(StatusException.class, () -> {
            ListOptions o = opts(rv, match, 0, cont, watch, sendInitial);
            if (watch) {
                configMaps.watch("t", o).close();
            } else {
                configMaps.list("t", o);
            }
        });
        assertEquals(422, e.code());
        assertTrue(e.getMessage().startsWith("ListOptions.meta.k8s.io \"\" is invalid: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void unsupportedFieldLabelIs400WithUpstreamMessage() {
        StatusException e = assertThrows(StatusException.class, () -> configMaps.list("t",
                new ListOptions(LabelSelector.everything(), FieldSelector.parse("spec.foo=x"), "", "", 0, "", false, false, null, 0)));
        assertEquals(400, e.code());
        // ConfigMaps have no field label conversion of their own: upstream's default conversion answers
        assertEquals("\"spec.foo\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"", e.getMessage());
    }

    @Test
    void validOptionsStillList() {
        JsonNode l = configMaps.list("t", opts("0", "NotOlderThan", 0, "", false, null));
        assertEquals(4, l.path("items").size());
    }
}
