package io.capstan.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.StatusException;
import io.capstan.apiserver.openapi.ModelFieldTypes;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusCause;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldManagerTest {
    private final AtomicInteger ticks = new AtomicInteger();
    /** A clock that moves on every reading, so a rewritten time shows. */
    private final FieldManager fm = new FieldManager(ModelFieldTypes.of(Deployment.class), "apps/v1", true, o -> {
        if (o.path("spec").isObject() && !o.path("spec").has("revisionHistoryLimit") && o.path("spec").has("replicas")) {
            ((ObjectNode) o.get("spec")).put("revisionHistoryLimit", 10);
        }
        return o;
    }, () -> String.format("2026-01-01T00:00:%02dZ", ticks.incrementAndGet()));

    private static ObjectNode json(String s) {
        return Json.object(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private static final String CONFIG = """
            {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','labels':{'app':'x'}},
             'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'c','image':'nginx'}]}}}}""";

    /** The stored form of {@code obj}: defaulted, with what the store adds around it. */
    private ObjectNode stored(ObjectNode obj) {
        ObjectNode o = obj.deepCopy();
        if (o.path("spec").has("replicas") && !o.path("spec").has("revisionHistoryLimit")) {
            ((ObjectNode) o.get("spec")).put("revisionHistoryLimit", 10);
        }
        ((ObjectNode) o.get("metadata")).put("uid", "u-1").put("resourceVersion", "7").put("creationTimestamp", "2026-01-01T00:00:00Z");
        return o;
    }

    private static ManagedFieldsEntry entry(ObjectNode obj, String manager) {
        List<ManagedFieldsEntry> entries = ManagedFields.decode(obj);
        return entries == null ? null : entries.stream().filter(e -> e.manager().equals(manager)).findFirst().orElse(null);
    }

    @Test
    void createRecordsAnUpdateEntryWithoutServerSetMetadata() {
        ObjectNode created = fm.update(null, json(CONFIG), "kubectl-create", "");
        JsonNode managed = created.path("metadata").path("managedFields");
        assertEquals(1, managed.size());
        JsonNode e = managed.get(0);
        assertEquals("kubectl-create", e.path("manager").asText());
        assertEquals("Update", e.path("operation").asText());
        assertEquals("apps/v1", e.path("apiVersion").asText());
        assertEquals("FieldsV1", e.path("fieldsType").asText());
        assertFalse(e.path("time").asText().isEmpty());
        assertEquals(json("""
                {'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:replicas':{},'f:revisionHistoryLimit':{},
                 'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'c\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}"""),
                e.path("fieldsV1"));
    }

    /** A fixed clock, so that two writes can be compared whole. */
    private static FieldManager fixedClock(boolean hasStatus) {
        return new FieldManager(ModelFieldTypes.of(Pod.class), "v1", hasStatus, o -> {
            if (o.path("spec").isObject() && !o.path("spec").has("restartPolicy")) {
                ((ObjectNode) o.get("spec")).put("restartPolicy", "Always");
            }
            return o;
        }, () -> "2026-01-01T00:00:00Z");
    }

    private static final String POD = """
            {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'ns','uid':'u','labels':{'a':'b'},
              'annotations':{'x':'y'},'finalizers':['f1'],'ownerReferences':[{'uid':'o','name':'rs','kind':'ReplicaSet','apiVersion':'apps/v1'}]},
             'spec':{'containers':[{'name':'c','image':'nginx','ports':[{'containerPort':80,'protocol':'TCP'}],
               'env':[{'name':'E','value':'1'}],'resources':{'requests':{'cpu':'1'}}}],'tolerations':[{'key':'k'}]},
             'status':{'phase':'Pending','conditions':[{'type':'Ready','status':'False'}]}}""";

    @Test
    void aCreateRecordsWhatAnUpdateFromAnEmptyObjectRecords() {
        for (boolean hasStatus : new boolean[] {true, false}) {
            for (String subresource : List.of("", "status", "scale")) {
                FieldManager m = fixedClock(hasStatus);
                ObjectNode created = m.update(null, json(POD), "mgr", subresource);
                ObjectNode fromEmpty = m.update(Json.MAPPER.createObjectNode(), json(POD), "mgr", subresource);
                assertEquals(fromEmpty, created, "hasStatus=" + hasStatus + " subresource=" + subresource);
                assertEquals(1, created.path("metadata").path("managedFields").size());
            }
        }
    }

    @Test
    void aCreateWhoseObjectDoesNotFitTheFieldTypesRecordsNoManagedFields() {
        FieldManager m = fixedClock(true);
        String bad = "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':[{'image':'x'}]}}";
        ObjectNode created = m.update(null, json(bad), "mgr", "");
        assertEquals(m.update(Json.MAPPER.createObjectNode(), json(bad), "mgr", ""), created);
        assertTrue(created.path("metadata").path("managedFields").isMissingNode());
    }

    @Test
    void aCreateWithItsOwnManagedFieldsKeepsTheOtherManagers() {
        FieldManager m = fixedClock(true);
        ObjectNode obj = json(POD);
        ((ObjectNode) obj.get("metadata")).set("managedFields", json("""
                {'a':[{'manager':'other','operation':'Update','apiVersion':'v1','time':'2025-01-01T00:00:00Z',
                  'fieldsType':'FieldsV1','fieldsV1':{'f:spec':{'f:nodeName':{}}}}]}""").get("a"));
        ObjectNode created = m.update(null, obj, "mgr", "");
        assertEquals(List.of("other", "mgr"), ManagedFields.decode(created).stream().map(ManagedFieldsEntry::manager).toList());
    }

    @Test
    void applyingTheSameConfigurationTwiceChangesNothing() {
        ObjectNode first = stored(fm.apply(null, json(CONFIG), "kubectl", "", false));
        assertEquals("Apply", first.path("metadata").path("managedFields").get(0).path("operation").asText());
        ObjectNode second = fm.apply(first, json(CONFIG), "kubectl", "", false);
        assertEquals(first, second);
    }

    @Test
    void fieldsAManagerStopsApplyingAreRemovedUnlessSomeoneElseOwnsThem() {
        ObjectNode live = stored(fm.apply(null, json(CONFIG), "kubectl", "", false));
        live = fm.update(live, withLabel(live, "team", "a"), "other", "");
        ObjectNode config = json(CONFIG);
        ((ObjectNode) config.get("metadata")).remove("labels");
        ((ObjectNode) config.get("spec")).remove("replicas");
        ObjectNode applied = fm.apply(live, config, "kubectl", "", false);
        assertFalse(applied.path("spec").has("replicas"), applied.toString());
        assertFalse(applied.path("metadata").path("labels").has("app"), applied.toString());
        assertEquals("a", applied.path("metadata").path("labels").path("team").asText(), "owned by other: kept");
        assertFalse(entry(applied, "kubectl").fields().containsPrefix(List.of("f:spec", "f:replicas")));
    }

    private static ObjectNode withLabel(ObjectNode obj, String k, String v) {
        ObjectNode o = obj.deepCopy();
        ((ObjectNode) o.get("metadata").get("labels")).put(k, v);
        return o;
    }

    @Test
    void changingAFieldAnotherApplierOwnsConflicts() {
        ObjectNode live = stored(fm.apply(null, json(CONFIG), "kubectl", "", false));
        ObjectNode other = json(CONFIG.replace("'replicas':2", "'replicas':5"));
        StatusException e = assertThrows(StatusException.class, () -> fm.apply(live, other, "other", "", false));
        assertEquals(409, e.code());
        assertEquals("Conflict", e.status().getReason());
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas", e.status().getMessage());
        StatusCause cause = e.status().getDetails().getCauses().get(0);
        assertEquals("FieldManagerConflict", cause.getReason());
        assertEquals(".spec.replicas", cause.getField());
        assertEquals("conflict with \"kubectl\"", cause.getMessage());
    }

    @Test
    void aConflictWithAnUpdaterNamesItsVersionAndSeveralAreListed() {
        ObjectNode live = stored(fm.update(null, json(CONFIG), "kubectl-create", ""));
        ObjectNode other = json(CONFIG.replace("'replicas':2", "'replicas':5").replace("'image':'nginx'", "'image':'httpd'"));
        StatusException e = assertThrows(StatusException.class, () -> fm.apply(live, other, "mine", "", false));
        assertEquals("""
                Apply failed with 2 conflicts: conflicts with "kubectl-create" using apps/v1:
                - .spec.replicas
                - .spec.template.spec.containers[name="c"].image""", e.status().getMessage());
        assertEquals(2, e.status().getDetails().getCauses().size());
    }

    @Test
    void anAppliedNullRemovesTheFieldAndTheManagerOwnsIt() {
        ObjectNode live = stored(fm.apply(null, json(CONFIG.replace("'replicas':2", "'replicas':2,'paused':true")), "kubectl", "", false));
        assertTrue(live.path("spec").path("paused").asBoolean());
        ObjectNode applied = fm.apply(live, json(CONFIG.replace("'replicas':2", "'replicas':2,'paused':null")), "kubectl", "", false);
        assertFalse(applied.path("spec").has("paused"), applied.toString());
        assertTrue(entry(applied, "kubectl").fields().contains(List.of("f:spec", "f:paused")));
    }

    @Test
    void anAppliedNullIsAValueThatConflictsWithAnotherOwner() {
        ObjectNode live = stored(fm.apply(null, json(CONFIG), "kubectl", "", false));
        ObjectNode other = json(CONFIG.replace("'replicas':2", "'replicas':null"));
        StatusException e = assertThrows(StatusException.class, () -> fm.apply(live, other, "other", "", false));
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas", e.status().getMessage());
        ObjectNode forced = fm.apply(live, other, "other", "", true);
        assertFalse(forced.path("spec").has("replicas"), forced.toString());
        assertTrue(entry(forced, "other").fields().contains(List.of("f:spec", "f:replicas")));
        assertFalse(entry(forced, "kubectl").fields().contains(List.of("f:spec", "f:replicas")));
    }

    @Test
    void reapplyingAConfigurationWithNullsChangesNothing() {
        String withNulls = CONFIG.replace("'metadata':{'name':'d',", "'metadata':{'name':'d','creationTimestamp':null,")
                .replace("'template':{", "'template':{'metadata':{'creationTimestamp':null},");
        ObjectNode first = stored(fm.apply(null, json(withNulls), "kubectl", "", false));
        assertEquals("2026-01-01T00:00:00Z", first.path("metadata").path("creationTimestamp").asText());
        assertFalse(first.path("spec").path("template").path("metadata").has("creationTimestamp"));
        assertTrue(entry(first, "kubectl").fields().contains(
                List.of("f:spec", "f:template", "f:metadata", "f:creationTimestamp")), "upstream owns a template's null creationTimestamp");
        assertEquals(first, fm.apply(first, json(withNulls), "kubectl", "", false));
    }

    @Test
    void forceTakesTheFieldFromTheOtherManager() {
        ObjectNode live = stored(fm.apply(null, json(CONFIG), "kubectl", "", false));
        ObjectNode forced = fm.apply(live, json(CONFIG.replace("'replicas':2", "'replicas':5")), "other", "", true);
        assertEquals(5, forced.path("spec").path("replicas").asInt());
        assertTrue(entry(forced, "other").fields().contains(List.of("f:spec", "f:replicas")));
        assertFalse(entry(forced, "kubectl").fields().contains(List.of("f:spec", "f:replicas")));
        assertTrue(entry(forced, "kubectl").fields().contains(List.of("f:metadata", "f:labels", "f:app")), "shared: same value");
    }

    @Test
    void applyingTheSameValueSharesOwnershipWithoutConflict() {
        ObjectNode live = stored(fm.apply(null, json(CONFIG), "kubectl", "", false));
        ObjectNode shared = fm.apply(live, json(CONFIG), "other", "", false);
        assertTrue(entry(shared, "kubectl").fields().contains(List.of("f:spec", "f:replicas")));
        assertTrue(entry(shared, "other").fields().contains(List.of("f:spec", "f:replicas")));
    }

    @Test
    void anUpdateTakesTheFieldsItChangesAndDropsThoseItRemoves() {
        ObjectNode live = stored(fm.apply(null, json(CONFIG), "kubectl", "", false));
        ObjectNode scaled = live.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 9);
        ((ObjectNode) scaled.get("metadata")).remove("labels");
        ObjectNode updated = fm.update(live, scaled, "kube-controller-manager", "");
        assertEquals(FieldSet.of(List.of("f:spec", "f:replicas")), entry(updated, "kube-controller-manager").fields());
        FieldSet kubectl = entry(updated, "kubectl").fields();
        assertFalse(kubectl.contains(List.of("f:spec", "f:replicas")));
        assertFalse(kubectl.containsPrefix(List.of("f:metadata", "f:labels")));
    }

    @Test
    void anUnchangedUpdateLeavesManagedFieldsAlone() {
        ObjectNode live = stored(fm.update(null, json(CONFIG), "kubectl-create", ""));
        assertEquals(live, fm.update(live, live.deepCopy(), "someone", ""));
    }

    @Test
    void statusWritesOwnOnlyStatusUnderTheirSubresource() {
        ObjectNode live = stored(fm.update(null, json(CONFIG), "kubectl-create", ""));
        ObjectNode withStatus = live.deepCopy();
        withStatus.putObject("status").put("replicas", 2);
        ((ObjectNode) withStatus.get("spec")).put("replicas", 7);
        ObjectNode updated = fm.update(live, withStatus, "kube-controller-manager", "status");
        ManagedFieldsEntry e = entry(updated, "kube-controller-manager");
        assertEquals("status", e.subresource());
        assertEquals(FieldSet.of(List.of("f:status", "f:replicas")), e.fields());
        assertEquals("status", updated.path("metadata").path("managedFields").get(1).path("subresource").asText());
    }

    @Test
    void theMainResourceOwnsNoStatus() {
        ObjectNode config = json(CONFIG);
        config.putObject("status").put("replicas", 3);
        ObjectNode created = fm.apply(null, config, "kubectl", "", false);
        assertFalse(entry(created, "kubectl").fields().containsPrefix(List.of("f:status")));
        assertFalse(created.has("status"), "status is not applied through the main resource");
    }

    @Test
    void anObjectWithoutManagedFieldsGetsBeforeFirstApply() {
        ObjectNode legacy = stored(json(CONFIG));
        ObjectNode applied = fm.apply(legacy, json(CONFIG.replace("'replicas':2", "'replicas':3")), "kubectl", "", true);
        ManagedFieldsEntry before = entry(applied, FieldManager.BEFORE_FIRST_APPLY);
        assertEquals("Update", before.operation());
        assertTrue(before.fields().contains(List.of("f:metadata", "f:labels", "f:app")));
        assertFalse(before.fields().contains(List.of("f:spec", "f:replicas")), "forced away");
        assertFalse(before.fields().contains(List.of("f:metadata", "f:uid")));
        StatusException e = assertThrows(StatusException.class,
                () -> fm.apply(legacy, json(CONFIG.replace("'replicas':2", "'replicas':3")), "kubectl", "", false));
        assertTrue(e.status().getMessage().contains("conflict with \"before-first-apply\" using apps/v1: .spec.replicas"),
                e.status().getMessage());
    }

    @Test
    void clientSentManagedFieldsReplaceTheLiveOnesAndASingleEmptyEntryResetsThem() {
        ObjectNode live = stored(fm.update(null, json(CONFIG), "kubectl-create", ""));
        ObjectNode reset = live.deepCopy();
        ((ObjectNode) reset.get("metadata")).putArray("managedFields").addObject();
        assertNull(fm.update(live, reset, "x", "").path("metadata").get("managedFields"));
        ObjectNode without = live.deepCopy();
        ((ObjectNode) without.get("metadata")).remove("managedFields");
        assertEquals(live.path("metadata").path("managedFields"),
                fm.update(live, without, "x", "").path("metadata").path("managedFields"), "absent: the live entries stay");
    }

    @Test
    void entriesAreSortedApplyFirst() {
        ObjectNode live = stored(fm.update(null, json(CONFIG), "kubectl-create", ""));
        ObjectNode applied = fm.apply(live, json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','labels':{'z':'1'}}}"),
                "zz", "", false);
        JsonNode managed = applied.path("metadata").path("managedFields");
        assertEquals("Apply", managed.get(0).path("operation").asText());
        assertEquals("Update", managed.get(1).path("operation").asText());
    }

    @Test
    void moreThanTenUpdateManagersMergeTheOldestIntoAncientChanges() {
        ObjectNode live = stored(fm.update(null, json(CONFIG), "m0", ""));
        for (int i = 1; i <= 11; i++) {
            ObjectNode next = live.deepCopy();
            ((ObjectNode) next.get("metadata").get("labels")).put("l" + i, "v");
            live = fm.update(live, next, "m" + i, "");
        }
        List<ManagedFieldsEntry> entries = ManagedFields.decode(live);
        assertEquals(10, entries.size(), entries.toString());
        ManagedFieldsEntry ancient = entry(live, "ancient-changes");
        assertTrue(ancient.fields().contains(List.of("f:spec", "f:replicas")), "m0's fields: " + ancient);
        assertTrue(ancient.fields().contains(List.of("f:metadata", "f:labels", "f:l1")), "m1's fields");
        assertTrue(ancient.fields().contains(List.of("f:metadata", "f:labels", "f:l2")), "m2's fields");
        assertNull(entry(live, "m0"));
        assertNull(entry(live, "m2"));
        assertEquals("m11", entries.get(entries.size() - 1).manager());
    }

    @Test
    void aContainerLeftOutOfTheConfigurationIsRemoved() {
        ObjectNode two = json(CONFIG.replace("[{'name':'c','image':'nginx'}]", "[{'name':'c','image':'nginx'},{'name':'d','image':'redis'}]"));
        ObjectNode live = stored(fm.apply(null, two, "kubectl", "", false));
        ObjectNode applied = fm.apply(live, json(CONFIG), "kubectl", "", false);
        JsonNode containers = applied.path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), containers.toString());
        assertEquals("c", containers.get(0).path("name").asText());
    }

    @Test
    void aSharedFieldStaysWhenOneOfItsOwnersStopsApplyingIt() {
        ObjectNode live = stored(fm.apply(null, json(CONFIG), "kubectl", "", false));
        live = stored(fm.apply(live, json(CONFIG), "other", "", false));
        ObjectNode config = json(CONFIG);
        ((ObjectNode) config.get("spec")).remove("replicas");
        ObjectNode applied = fm.apply(live, config, "kubectl", "", false);
        assertEquals(2, applied.path("spec").path("replicas").asInt());
        assertTrue(entry(applied, "other").fields().contains(List.of("f:spec", "f:replicas")));
        assertFalse(entry(applied, "kubectl").fields().contains(List.of("f:spec", "f:replicas")));
    }
}
