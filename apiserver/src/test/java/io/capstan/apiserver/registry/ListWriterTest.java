package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import io.capstan.common.json.Json;
import io.capstan.common.selector.FieldSelector;
import io.capstan.common.selector.LabelSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link GenericStore#listJson} writes byte for byte the JSON of {@link GenericStore#list}. */
class ListWriterTest {
    @TempDir
    Path dir;

    @Test
    void streamedListIsTheTreeListsJson() {
        try (SqliteStorage storage = new SqliteStorage(dir.resolve("list.db"))) {
            ObjectNode ns = Json.object("{\"metadata\":{\"name\":\"t\"}}".getBytes(StandardCharsets.UTF_8));
            GenericStore pods = new GenericStore(definition("pods"), storage, n -> n.equals("t") ? ns : null);
            for (int i = 0; i < 5; i++) {
                pods.create("t", obj("""
                        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p%d","labels":{"app":"a%d"},"annotations":{"n":"x\\"y"}},
                         "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":%d}]}],"priority":0}}
                        """.formatted(i, i % 2, 8000 + i)), false);
            }
            // A stored value in another field order, with metadata after spec, and no kind.
            storage.create("/registry/pods/t/q", "{\"spec\":{\"containers\":[]},\"metadata\":{\"name\":\"q\",\"namespace\":\"t\"}}"
                    .getBytes(StandardCharsets.UTF_8));

            // A top-level kind after metadata; a nested kind; escapes and non-ASCII text.
            storage.create("/registry/pods/t/s", "{\"metadata\":{\"name\":\"s\"},\"kind\":\"Pod\",\"spec\":{}}".getBytes(StandardCharsets.UTF_8));
            storage.create("/registry/pods/t/u", "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"u\"},\"spec\":{\"ref\":{\"kind\":\"Node\"}}}"
                    .getBytes(StandardCharsets.UTF_8));
            pods.create("t", obj("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"v\",\"annotations\":{\"t\":\"é \\u0001 \\\\ \\\" /\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}"), false);

            assertSame(pods, ListOptions.all());
            assertSame(pods, options(LabelSelector.parse("app=a1"), FieldSelector.everything(), 0, ""));
            assertSame(pods, options(LabelSelector.everything(), FieldSelector.parse("metadata.name=p2"), 0, ""));
            ObjectNode first = pods.list("t", options(LabelSelector.everything(), FieldSelector.everything(), 2, ""));
            assertSame(pods, options(LabelSelector.everything(), FieldSelector.everything(), 2, ""));
            assertSame(pods, options(LabelSelector.everything(), FieldSelector.everything(), 2,
                    first.path("metadata").path("continue").asText()));
        }
    }

    @Test
    void objectsAreStoredKindApiVersionAndMetadataFirst() {
        try (SqliteStorage storage = new SqliteStorage(dir.resolve("layout.db"))) {
            ObjectNode ns = Json.object("{\"metadata\":{\"name\":\"t\"}}".getBytes(StandardCharsets.UTF_8));
            GenericStore configMaps = new GenericStore(definition("configmaps"), storage, n -> ns);
            // As kubectl and the benchmarks send it: no kind or apiVersion, data before metadata.
            configMaps.create("t", obj("{\"data\":{\"k\":\"v\"},\"metadata\":{\"name\":\"a\"}}"), false);
            String stored = new String(storage.get("/registry/configmaps/t/a").value(), StandardCharsets.UTF_8);
            assertEquals(true, stored.startsWith("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"a\","), stored);
            assertEquals(true, stored.endsWith("},\"data\":{\"k\":\"v\"}}"), stored);
            assertEquals(false, stored.contains("resourceVersion"), stored);
        }
    }

    @Test
    void theStoredLayoutIsSplicedWithoutTokenizingTheRest() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] stored = "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"a\",\"uid\":\"u\"},\"data\":{\"k\":\"v\"}}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(true, ListWriter.splice(out, stored, 42));
        assertEquals("{\"metadata\":{\"name\":\"a\",\"uid\":\"u\",\"resourceVersion\":\"42\"},\"data\":{\"k\":\"v\"}}",
                out.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(true, ListWriter.splice(out, "{\"kind\":\"Pod\",\"metadata\":{}}".getBytes(StandardCharsets.UTF_8), 7));
        assertEquals("{\"metadata\":{\"resourceVersion\":\"7\"}}", out.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(false, ListWriter.splice(out, "{\"metadata\":{\"name\":\"a\"},\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8), 1));
        assertEquals(0, out.size(), "nothing is written when the layout is not the stored one");
    }

    private static void assertSame(GenericStore store, ListOptions opts) {
        String tree = new String(Json.bytes(store.list("t", opts)), StandardCharsets.UTF_8);
        String streamed = new String(store.listJson("t", opts), StandardCharsets.UTF_8);
        assertEquals(tree, streamed);
    }

    private static ListOptions options(LabelSelector labels, FieldSelector fields, long limit, String continueToken) {
        return new ListOptions(labels, fields, "", "", limit, continueToken, false, false, null, 0);
    }

    private static ObjectNode obj(String json) {
        return Json.object(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ResourceDefinition definition(String resource) {
        return BuiltinResources.all().stream().filter(d -> d.group().isEmpty() && d.resource().equals(resource))
                .findFirst().orElseThrow();
    }
}
