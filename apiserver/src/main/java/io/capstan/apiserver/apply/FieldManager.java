package io.capstan.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tracks who owns which fields of one resource's objects (upstream's {@code fieldmanager.FieldManager}):
 * every write records its manager's fields in {@code metadata.managedFields}, and server-side apply
 * merges a manager's configuration into the live object, removes what the manager stopped applying,
 * and refuses (409) to change fields another manager owns unless forced.
 */
public final class FieldManager {
    private static final Logger LOG = Logger.getLogger(FieldManager.class.getName());
    /** The manager upstream gives the fields of an object that had none when it was first applied. */
    public static final String BEFORE_FIRST_APPLY = "before-first-apply";
    /** Upstream's cap on Update entries, and the manager the oldest ones are merged into. */
    static final int MAX_UPDATE_MANAGERS = 10;
    static final String ANCIENT_CHANGES = "ancient-changes";
    /** Fields the server sets, never owned by anyone (upstream's stripMetaManager). */
    private static final Set<List<String>> STRIPPED = Set.of(List.of("f:apiVersion"), List.of("f:kind"),
            List.of("f:metadata"), List.of("f:metadata", "f:name"), List.of("f:metadata", "f:namespace"),
            List.of("f:metadata", "f:creationTimestamp"), List.of("f:metadata", "f:selfLink"),
            List.of("f:metadata", "f:uid"), List.of("f:metadata", "f:clusterName"), List.of("f:metadata", "f:generation"),
            List.of("f:metadata", "f:managedFields"), List.of("f:metadata", "f:resourceVersion"));

    /** The empty object a create compares with; never changed (compare only reads it). */
    private final TypedObject nothing;
    private final FieldTypes types;
    private final String apiVersion;
    private final boolean hasStatus;
    private final UnaryOperator<ObjectNode> defaulter;
    private final Supplier<String> clock;

    /**
     * @param apiVersion the group/version the objects are served in ({@code apps/v1})
     * @param hasStatus  true when status belongs to the {@code status} subresource: the main resource's
     *                   writes then own no status field, as upstream's reset fields say
     * @param defaulter  fills the kind's defaults into a copy, so updated objects compare like stored ones
     * @param clock      now, as RFC 3339 in UTC
     */
    public FieldManager(FieldTypes types, String apiVersion, boolean hasStatus, UnaryOperator<ObjectNode> defaulter,
                        Supplier<String> clock) {
        this.types = types;
        this.nothing = new TypedObject(Json.MAPPER.createObjectNode(), types);
        this.apiVersion = apiVersion;
        this.hasStatus = hasStatus;
        this.defaulter = defaulter;
        this.clock = clock;
    }

    /**
     * Records a create, update or patch by {@code manager} (operation {@code Update}): it owns the
     * fields it added or changed, taking them from other managers; fields it removed leave everyone.
     * Managed fields the client sent replace the live ones (that is how they are reset, with
     * {@code [{}]}). Never fails: on unreadable input the object keeps the live entries, as upstream's
     * {@code UpdateNoErrors}.
     *
     * @param live    the stored object, or null on create
     * @param updated the object to be written; its {@code managedFields} are set
     * @return {@code updated}
     */
    public ObjectNode update(ObjectNode live, ObjectNode updated, String manager, String subresource) {
        List<ManagedFieldsEntry> entries = subresource.isEmpty() ? ManagedFields.decode(updated) : null;
        if (live == null && entries == null) {
            return created(updated, manager, subresource);
        }
        if (entries == null) {
            entries = orEmpty(ManagedFields.decode(live));
        }
        try {
            TypedObject before = new TypedObject(withoutManagedFields(live), types);
            ObjectNode after = withoutManagedFields(updated);
            defaulter.apply(after);
            TypedObject.Comparison c = owned(before.compare(new TypedObject(after, types)), subresource);
            ManagedFieldsEntry mine = new ManagedFieldsEntry(manager, ManagedFieldsEntry.UPDATE, apiVersion, null,
                    subresource, FieldSet.EMPTY);
            FieldSet taken = c.added().union(c.modified());
            List<ManagedFieldsEntry> out = new ArrayList<>();
            ManagedFieldsEntry previous = null;
            for (ManagedFieldsEntry e : entries) {
                if (e.identity().equals(mine.identity())) {
                    previous = e;
                    continue;
                }
                FieldSet kept = e.fields().difference(c.removed()).difference(taken);
                out.add(kept.equals(e.fields()) ? e : e.with(kept, e.time()));
            }
            FieldSet old = previous == null ? FieldSet.EMPTY : previous.fields();
            FieldSet now = old.difference(c.removed()).union(taken);
            out.add(mine.with(now, previous != null && c.isSame() ? previous.time() : clock.get()));
            ManagedFields.encode(updated, capUpdateManagers(out));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.FINE, "not tracking managed fields of this update: " + e.getMessage());
            ManagedFields.encode(updated, entries);
        }
        return updated;
    }

    /**
     * {@link #update} of a create that brings no managed fields of its own, the common case: nothing
     * was there before and nobody else owns anything, so the one entry is the manager's, owning every
     * field the (defaulted) object holds. Gives what the general path gives, without its set algebra.
     */
    private ObjectNode created(ObjectNode updated, String manager, String subresource) {
        try {
            ObjectNode after = withoutManagedFields(updated);
            defaulter.apply(after);
            FieldSet taken = owned(nothing.compare(new TypedObject(after, types)).added(), subresource);
            ManagedFields.encode(updated, List.of(new ManagedFieldsEntry(manager, ManagedFieldsEntry.UPDATE, apiVersion,
                    clock.get(), subresource, taken)));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.FINE, "not tracking managed fields of this create: " + e.getMessage());
            ManagedFields.encode(updated, List.of());
        }
        return updated;
    }

    /**
     * Server-side apply of {@code config} by {@code manager}: the result is the live object (or, on
     * create, nothing) with the configuration merged in and the fields this manager applied before
     * but not now removed, unless another manager owns them too.
     *
     * @param live  the stored object, or null when apply creates it
     * @param force take fields from other managers instead of failing
     * @return the object to store, with its managed fields
     * @throws io.capstan.common.api.StatusException 409 Conflict with the conflicting fields
     * @throws IllegalArgumentException              when the configuration does not fit the field types
     *                                               (a map list item without its key)
     */
    public ObjectNode apply(ObjectNode live, ObjectNode config, String manager, String subresource, boolean force) {
        List<ManagedFieldsEntry> entries = ManagedFields.decode(live);
        TypedObject current = new TypedObject(withoutManagedFields(live), types);
        if (entries == null) {
            entries = new ArrayList<>();
            if (live != null) {
                entries.add(new ManagedFieldsEntry(BEFORE_FIRST_APPLY, ManagedFieldsEntry.UPDATE, apiVersion,
                        clock.get(), "", owned(current.toFieldSet(), "")));
            }
        }
        ObjectNode applied = applicable(config, subresource);
        FieldSet configSet = owned(new TypedObject(applied, types).toFieldSet(), subresource);
        TypedObject merged = current.merge(applied);
        ManagedFieldsEntry mine = new ManagedFieldsEntry(manager, ManagedFieldsEntry.APPLY, apiVersion, null,
                subresource, configSet);
        ManagedFieldsEntry previous = null;
        List<ManagedFieldsEntry> others = new ArrayList<>();
        for (ManagedFieldsEntry e : entries) {
            if (e.identity().equals(mine.identity())) {
                previous = e;
            } else {
                others.add(e);
            }
        }
        FieldSet last = previous == null ? FieldSet.EMPTY : previous.fields();
        List<List<String>> dropped = new ArrayList<>(last.difference(configSet).paths());
        dropped.sort((a, b) -> Integer.compare(a.size(), b.size()));
        for (List<String> path : dropped) {
            if (others.stream().noneMatch(o -> o.fields().containsPrefix(path))) {
                merged.remove(path);
            }
        }
        TypedObject.Comparison c = owned(current.compare(merged), subresource);
        FieldSet taken = c.added().union(c.modified());
        Map<ManagedFieldsEntry, FieldSet> conflicts = new LinkedHashMap<>();
        List<ManagedFieldsEntry> out = new ArrayList<>();
        for (ManagedFieldsEntry o : others) {
            FieldSet conflict = o.fields().intersection(taken);
            if (!conflict.isEmpty()) {
                conflicts.put(o, conflict);
            }
            FieldSet kept = o.fields().difference(c.removed()).difference(taken);
            out.add(kept.equals(o.fields()) ? o : o.with(kept, o.time()));
        }
        if (!force && !conflicts.isEmpty()) {
            throw ApplyConflict.of(conflicts);
        }
        // Upstream keeps an applied null through the merge, then decodes the result into the Go type,
        // where null is the zero value: the field is gone (and defaulted again), owned by this manager.
        ObjectNode result = merged.object();
        removeNulls(result);
        boolean unchanged = previous != null && configSet.equals(last) && (c.isSame() || result.equals(current.object()));
        out.add(mine.with(configSet, unchanged ? previous.time() : clock.get()));
        ManagedFields.encode(result, out);
        return result;
    }

    /**
     * Upstream's {@code capManagersManager}: beyond {@link #MAX_UPDATE_MANAGERS} Update entries, the
     * oldest are merged, per API version, into one {@value #ANCIENT_CHANGES} entry.
     */
    static List<ManagedFieldsEntry> capUpdateManagers(List<ManagedFieldsEntry> entries) {
        List<ManagedFieldsEntry> updaters = new ArrayList<>(entries.stream()
                .filter(e -> !ManagedFieldsEntry.APPLY.equals(e.operation()) && !e.fields().isEmpty()).toList());
        if (updaters.size() <= MAX_UPDATE_MANAGERS) {
            return entries;
        }
        updaters.sort(java.util.Comparator.comparing((ManagedFieldsEntry e) -> e.time() == null ? "" : e.time())
                .thenComparing(ManagedFieldsEntry::manager));
        List<ManagedFieldsEntry> out = new ArrayList<>(entries.stream().filter(e -> !e.fields().isEmpty()).toList());
        Map<String, ManagedFieldsEntry> firstByVersion = new LinkedHashMap<>();
        Map<String, ManagedFieldsEntry> bucketByVersion = new LinkedHashMap<>();
        int length = updaters.size();
        for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
            ManagedFieldsEntry e = updaters.get(i);
            ManagedFieldsEntry first = firstByVersion.get(e.apiVersion());
            if (first == null) {
                firstByVersion.put(e.apiVersion(), e);
                continue;
            }
            ManagedFieldsEntry bucket = bucketByVersion.get(e.apiVersion());
            if (bucket == null) {
                out.remove(first);
                bucket = new ManagedFieldsEntry(ANCIENT_CHANGES, ManagedFieldsEntry.UPDATE, e.apiVersion(), first.time(), "",
                        first.fields());
            } else {
                out.remove(bucket);
            }
            bucket = bucket.with(bucket.fields().union(e.fields()), e.time());
            bucketByVersion.put(e.apiVersion(), bucket);
            out.remove(e);
            out.add(bucket);
            length--;
        }
        return out;
    }

    /**
     * The configuration apply merges: only the part the endpoint may change. Nulls stay, as in
     * structured-merge-diff: a null is a value the manager sets and owns (it replaces the live value,
     * and conflicts with another owner of the field); it becomes absent only in the result.
     */
    private ObjectNode applicable(ObjectNode config, String subresource) {
        ObjectNode c = config.deepCopy();
        if (c.path("metadata").isNull()) {
            c.remove("metadata");
        } else if (c.get("metadata") instanceof ObjectNode meta) {
            // Server-set metadata (a generated manifest's creationTimestamp: null) is nobody's to clear.
            for (List<String> p : STRIPPED) {
                if (p.size() == 2 && meta.path(p.get(1).substring(2)).isNull()) {
                    meta.remove(p.get(1).substring(2));
                }
            }
        }
        if (c.path("metadata").isObject()) {
            ((ObjectNode) c.get("metadata")).remove("managedFields");
        }
        if ("status".equals(subresource)) {
            ObjectNode only = Json.MAPPER.createObjectNode();
            for (String f : List.of("apiVersion", "kind", "status")) {
                if (c.has(f)) {
                    only.set(f, c.get(f));
                }
            }
            ObjectNode meta = only.putObject("metadata");
            for (String f : List.of("name", "namespace", "resourceVersion")) {
                if (c.path("metadata").has(f)) {
                    meta.set(f, c.path("metadata").get(f));
                }
            }
            return only;
        }
        if (subresource.isEmpty() && hasStatus) {
            c.remove("status");
        }
        return c;
    }

    private static void removeNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    it.remove();
                } else {
                    removeNulls(e.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(FieldManager::removeNulls);
        }
    }

    /** Only fields someone can own through this endpoint: no server-set metadata, no reset fields. */
    private FieldSet owned(FieldSet set, String subresource) {
        boolean statusOnly = "status".equals(subresource);
        boolean noStatus = subresource.isEmpty() && hasStatus;
        List<List<String>> kept = new ArrayList<>(set.paths().size());
        for (List<String> p : set.paths()) {
            String first = p.get(0);
            if (STRIPPED.contains(p) || first.equals("f:metadata") && p.size() > 1 && p.get(1).equals("f:managedFields")
                    || statusOnly != first.equals("f:status") && (statusOnly || noStatus)) {
                continue;
            }
            kept.add(p);
        }
        return kept.size() == set.paths().size() ? set : FieldSet.of(kept);
    }

    private TypedObject.Comparison owned(TypedObject.Comparison c, String subresource) {
        return new TypedObject.Comparison(owned(c.added(), subresource), owned(c.modified(), subresource),
                owned(c.removed(), subresource));
    }

    private static ObjectNode withoutManagedFields(ObjectNode obj) {
        ObjectNode copy = obj == null ? Json.MAPPER.createObjectNode() : obj.deepCopy();
        if (copy.path("metadata").isObject()) {
            ((ObjectNode) copy.get("metadata")).remove("managedFields");
        }
        return copy;
    }

    private static List<ManagedFieldsEntry> orEmpty(List<ManagedFieldsEntry> entries) {
        return entries == null ? new ArrayList<>() : entries;
    }
}
