package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.storage.CompactedException;
import io.capstan.apiserver.storage.ConflictException;
import io.capstan.apiserver.storage.DeleteResult;
import io.capstan.apiserver.storage.FutureRevisionException;
import io.capstan.apiserver.storage.KeyExistsException;
import io.capstan.apiserver.storage.KeyNotFoundException;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.RangeResult;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.StorageUnavailableException;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.WatchListener;
import io.capstan.apiserver.storage.cache.WatchCache;
import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.capstan.common.api.UuidGenerator;
import io.capstan.common.json.Json;
import io.capstan.common.selector.FieldSelector;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.capstan.apiserver.warning.WarningRecorder;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one generic REST store (upstream's {@code genericregistry.Store}): create, get, list, update,
 * patch, delete and watch for any resource, configured by a {@link ResourceDefinition} and its
 * {@link Strategy}. Objects are JSON trees; {@code resourceVersion} is the storage revision and is
 * never stored in the value. Optimistic concurrency rests on the storage's compare-and-swap.
 */
public final class GenericStore {
    private static final String GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int GENERATE_NAME_ATTEMPTS = 8;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * etcd's default {@code --max-request-bytes} (1.5 MiB). Larger values are refused here, before any
     * backend sees them, so SQLite behaves like etcd, with a 413 the client can act on. kube-apiserver
     * 1.32 passes etcd's {@code etcdserver: request is too large} through as a 500
     * (kubernetes/kubernetes#112152, open, calls that a bug); a 5xx would tell clients to retry.
     */
    public static final int MAX_STORED_BYTES = 1_572_864;

    private final ResourceDefinition def;
    private final Storage storage;
    private final Function<String, ObjectNode> namespaceLookup;
    private final StoreHooks hooks;
    private final DecodedEvents decodedEvents = new DecodedEvents();

    /**
     * @param namespaceLookup returns the namespace object or null; used to refuse content in a
     *                        missing or terminating namespace (null for cluster-scoped resources)
     */
    public GenericStore(ResourceDefinition def, Storage storage, Function<String, ObjectNode> namespaceLookup) {
        this(def, storage, namespaceLookup, StoreHooks.NONE);
    }

    /** As above, with {@code hooks} run around the writes. */
    public GenericStore(ResourceDefinition def, Storage storage, Function<String, ObjectNode> namespaceLookup, StoreHooks hooks) {
        this.def = def;
        this.storage = storage;
        this.namespaceLookup = namespaceLookup;
        this.hooks = hooks;
    }

    public ResourceDefinition definition() {
        return def;
    }

    // ---- keys ---------------------------------------------------------------------------------

    String key(String namespace, String name) {
        return def.namespaced() ? "/registry/" + def.storagePrefix() + "/" + namespace + "/" + name
                : "/registry/" + def.storagePrefix() + "/" + name;
    }

    String prefix(String namespace) {
        return namespace == null || namespace.isEmpty() || !def.namespaced()
                ? def.keyPrefix()
                : def.keyPrefix() + namespace + "/";
    }

    // ---- reads --------------------------------------------------------------------------------

    /** The object, or 404. */
    public ObjectNode get(String namespace, String name) {
        KeyValue kv = call(() -> storage.get(key(namespace, name)));
        if (kv == null) {
            throw notFound(name);
        }
        return decode(kv);
    }

    /**
     * The object, read as upstream's GET with a {@code resourceVersion}: unset is a consistent read,
     * {@code "0"} may come from the watch cache, {@code N} is not older than {@code N} (a 504 "Too
     * large resource version" when the server has not reached it). 404 when absent.
     */
    public ObjectNode get(String namespace, String name, String resourceVersion) {
        if (resourceVersion == null || resourceVersion.isEmpty()) {
            return get(namespace, name);
        }
        long minRevision = parseRevision(resourceVersion);
        KeyValue kv = call(() -> storage.getNotOlderThan(key(namespace, name), minRevision));
        if (kv == null) {
            throw notFound(name);
        }
        return decode(kv);
    }

    /** The object, or null when absent. */
    public ObjectNode find(String namespace, String name) {
        KeyValue kv = call(() -> storage.get(key(namespace, name)));
        return kv == null ? null : decode(kv);
    }

    /** A {@code <Kind>List} of the objects matching {@code opts}, one page when {@code limit} is set. */
    public ObjectNode list(String namespace, ListOptions opts) {
        ListPage page = listPage(namespace, opts, false);
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", def.listKind());
        list.put("apiVersion", def.gvr().groupVersion());
        list.set("metadata", listMeta(page));
        ArrayNode arr = list.putArray("items");
        for (Object o : page.items()) {
            ObjectNode item = (ObjectNode) o;
            item.remove("kind");
            item.remove("apiVersion");
            arr.add(item);
        }
        return list;
    }

    /**
     * The same list as {@link #list}, as JSON bytes written straight from the stored values when no
     * selector needs the decoded objects ({@link ListWriter}): a LIST of 10 000 pods from the watch
     * cache otherwise spent most of its time decoding every value and encoding the tree again.
     */
    public byte[] listJson(String namespace, ListOptions opts) {
        ListPage page = listPage(namespace, opts, true);
        return ListWriter.write(def.listKind(), def.gvr().groupVersion(), listMeta(page), page.items());
    }

    /** A list's {@code metadata}: {@code resourceVersion}, and {@code continue} and {@code remainingItemCount} when set. */
    private static ObjectNode listMeta(ListPage page) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("resourceVersion", Long.toString(page.readAt()));
        if (page.next() != null) {
            meta.put("continue", page.next());
        }
        if (page.remainingItemCount() != null) {
            meta.put("remainingItemCount", page.remainingItemCount());
        }
        return meta;
    }

    /**
     * One page of a list: the items (decoded, or stored values when {@code raw} and no selector), its
     * revision, the continue token, and how many objects follow this page (null when a selector made
     * that unknowable; upstream's {@code remainingItemCount}).
     */
    private record ListPage(List<Object> items, long readAt, String next, Long remainingItemCount) {
    }

    private ListPage listPage(String namespace, ListOptions opts, boolean raw) {
        ListOptionsValidation.check(opts);
        checkFieldSelector(opts);
        boolean keepRaw = raw && def.storageConversion() == StorageConversion.IDENTITY && opts.labelSelector().isEmpty() && opts.fieldSelector().isEmpty();
        String prefix = prefix(namespace);
        long revision = 0;
        String start = null;
        if (opts.continueToken() != null && !opts.continueToken().isEmpty()) {
            if (!opts.resourceVersion().isEmpty() && !opts.resourceVersion().equals("0")) {
                throw Statuses.badRequest("specifying resource version is not allowed when using continue");
            }
            ContinueToken token = ContinueToken.decode(opts.continueToken(), prefix);
            revision = token.latest() ? 0 : token.revision();
            start = token.startKey();
        } else if (exact(opts)) {
            revision = parseRevision(opts.resourceVersion());
        }
        // resourceVersion=0 ("any") and NotOlderThan may be answered by the watch cache from memory;
        // unset is a consistent read at the current revision. Later pages read at the first one's.
        boolean notOlderThan = revision == 0 && start == null && !opts.resourceVersion().isEmpty();
        long minRevision = notOlderThan ? parseRevision(opts.resourceVersion()) : 0;
        List<Object> items = new ArrayList<>();
        long readAt = revision;
        String next = null;
        Long remainingItemCount = null;
        long want = opts.limit() > 0 && !servedWholeFromCache(opts) ? opts.limit() : 0;
        boolean unfiltered = opts.labelSelector().isEmpty() && opts.fieldSelector().isEmpty();
        while (true) {
            // Without a selector every key is an item: read exactly the page. With one, read ahead.
            int batch = want == 0 ? 0 : unfiltered ? (int) want
                    : (int) Math.max(want - items.size(), Math.min(want * 2, 10_000));
            final long rev = readAt;
            final String from = start;
            final boolean firstAnyPage = notOlderThan && items.isEmpty() && start == null;
            // upstream's shouldDelegateList: a limited list at a resourceVersion other than "0" is not the
            // cache's to answer from whatever revision it holds; it is read at the latest revision
            final boolean latestPage = firstAnyPage && want > 0 && !"0".equals(opts.resourceVersion());
            RangeResult page;
            try {
                page = call(() -> latestPage ? latestNotOlderThan(prefix, batch, minRevision)
                        : firstAnyPage ? storage.rangeNotOlderThan(prefix, null, batch, minRevision)
                        : storage.range(prefix, from, batch, rev));
            } catch (StatusException e) {
                if (e.isGone() && opts.continueToken() != null && !opts.continueToken().isEmpty()) {
                    // upstream's handleCompactedErrorForPaging: 410 carrying a token that continues at the latest revision
                    StatusException expired = Statuses.gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
                    expired.status().setMetadata(new io.fabric8.kubernetes.api.model.ListMetaBuilder()
                            .withContinue(ContinueToken.encodeStart(ContinueToken.LATEST, prefix,
                                    ContinueToken.decode(opts.continueToken(), prefix).startKey())).build());
                    throw expired;
                }
                if (e.isGone()) {
                    // upstream's etcd3 store (interpretListError): a list at a compacted resourceVersion
                    throw Statuses.gone("The resourceVersion for the provided list is too old.");
                }
                throw e;
            }
            readAt = page.revision();
            String lastExamined = null;
            int examined = 0;
            List<KeyValue> kvs = page.items();
            for (int i = 0; i < kvs.size(); i++) {
                lastExamined = kvs.get(i).key();
                examined = i + 1;
                Object item = keepRaw ? kvs.get(i) : decode(kvs.get(i));
                if (keepRaw || matches((ObjectNode) item, opts)) {
                    items.add(item);
                    if (want > 0 && items.size() == want) {
                        break;
                    }
                }
            }
            if (want > 0 && items.size() == want) {
                if (examined < kvs.size() || page.more()) {
                    next = ContinueToken.encode(readAt, prefix, lastExamined);
                    // upstream's etcd3 store: the count is exact only when no selector dropped items
                    if (unfiltered) {
                        long after = !page.more() ? 0 : page.remaining() != RangeResult.UNCOUNTED ? page.remaining()
                                : countAfter(prefix, kvs.getLast().key(), readAt);
                        if (after >= 0) {
                            remainingItemCount = kvs.size() - examined + after;
                        }
                    }
                }
                break;
            }
            if (!page.more() || lastExamined == null) {
                break;
            }
            start = lastExamined + "\u0000";
        }
        return new ListPage(items, readAt, next, remainingItemCount);
    }

    // ---- writes -------------------------------------------------------------------------------

    /** Creates {@code obj} in {@code namespace} for an unauthenticated user; returns it as stored. */
    public ObjectNode create(String namespace, ObjectNode obj, boolean dryRun) {
        return create(namespace, obj, dryRun, UserInfo.ANONYMOUS);
    }

    /** Creates {@code obj} in {@code namespace} on behalf of {@code user}; returns it as stored. */
    public ObjectNode create(String namespace, ObjectNode obj, boolean dryRun, UserInfo user) {
        checkTypeMeta(obj);
        prepareNamespace(namespace, obj);
        ObjectNode meta = Meta.of(obj);
        String rv = Meta.resourceVersion(obj);
        if (rv != null && !rv.isEmpty()) {
            throw Statuses.badRequest("resourceVersion should not be set on objects to be created");
        }
        meta.remove(List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"));
        meta.put("uid", UuidGenerator.randomString());
        meta.put("creationTimestamp", now());
        if (def.strategy().tracksGeneration()) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        String generateName = meta.path("generateName").asText("");
        boolean generated = (Meta.name(obj) == null || Meta.name(obj).isEmpty()) && !generateName.isEmpty();
        if (generated) {
            meta.put("name", generateName + randomSuffix());
        }
        dropEmptyMetadata(meta);
        if (def.namespaced()) {
            // Upstream's NamespaceLifecycle admission runs before the strategy validates: a missing
            // namespace is a 404 even for an invalid object.
            checkNamespaceOpen(namespace, Meta.name(obj));
        }
        hooks.admitCreate(obj);
        def.strategy().applyDefaults(obj);
        def.strategy().prepareForCreate(obj, user);
        validate(obj, def.strategy().validate(obj));
        WarningRecorder.addAll(def.strategy().warningsOnCreate(obj));
        FinishFunc finish = hooks.beginCreate(obj, dryRun);
        if (dryRun) {
            finish.finish(true);
            return obj;
        }
        boolean success = false;
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    long revision = call(() -> storage.create(key(namespace, Meta.name(obj)), encode(obj)));
                    meta.put("resourceVersion", Long.toString(revision));
                    success = true;
                    return obj;
                } catch (StatusException e) {
                    if (e.isAlreadyExists() && generated && attempt < GENERATE_NAME_ATTEMPTS) {
                        meta.put("name", generateName + randomSuffix());
                        continue;
                    }
                    throw e;
                }
            }
        } finally {
            finish.finish(success);
        }
    }

    /**
     * Replaces the object (or, with {@code subresource = "status"}, its status) with {@code obj}.
     * A {@code resourceVersion} in {@code obj} is a precondition; without one the update is retried
     * on conflicts (unconditional update, as upstream allows for these kinds).
     */
    public ObjectNode update(String namespace, String name, ObjectNode obj, String subresource, boolean dryRun) {
        return update(namespace, name, obj, subresource, dryRun, (current, desired) -> desired);
    }

    /**
     * {@link #update}, with {@code track} turning (current, desired) into what is written, e.g. to
     * record managed fields against the current object.
     */
    public ObjectNode update(String namespace, String name, ObjectNode obj, String subresource, boolean dryRun,
                             BinaryOperator<ObjectNode> track) {
        checkTypeMeta(obj);
        checkIdentity(namespace, name, obj);
        return guaranteedUpdate(namespace, name, subresource, dryRun, current -> track.apply(current, obj.deepCopy()));
    }

    /**
     * Reads the current object, computes the desired one with {@code change}, and writes it with
     * compare-and-swap, retrying on conflicts unless the desired object names a resourceVersion
     * that is no longer current (then 409).
     */
    public ObjectNode guaranteedUpdate(String namespace, String name, String subresource, boolean dryRun,
                                       UnaryOperator<ObjectNode> change) {
        String key = key(namespace, name);
        while (true) {
            KeyValue kv = call(() -> storage.get(key));
            if (kv == null) {
                throw notFound(name);
            }
            ObjectNode current = decode(kv);
            ObjectNode desired = change.apply(current.deepCopy());
            checkIdentity(namespace, name, desired);
            String wantRv = Meta.resourceVersion(desired);
            if (wantRv != null && !wantRv.isEmpty() && !wantRv.equals(Long.toString(kv.modRevision()))) {
                throw Statuses.conflict(def.group(), def.resource(), name, Statuses.OPTIMISTIC_LOCK_MESSAGE);
            }
            ObjectNode updated = prepareUpdate(desired, current, subresource);
            ObjectNode comparableOld = current.deepCopy();
            Meta.of(comparableOld).remove("resourceVersion");
            ObjectNode comparableNew = updated.deepCopy();
            Meta.of(comparableNew).remove("resourceVersion");
            if (comparableNew.equals(comparableOld)) {
                return current; // nothing changed: no write, same resourceVersion, as upstream
            }
            if (shouldDeleteDuringUpdate(updated)) {
                if (dryRun) {
                    return updated;
                }
                try {
                    DeleteResult r = call(() -> storage.delete(key, kv.modRevision()));
                    Meta.of(updated).put("resourceVersion", Long.toString(r.revision()));
                    hooks.afterDelete(current);
                    return updated;
                } catch (StatusException e) {
                    if (e.isConflict() && (wantRv == null || wantRv.isEmpty())) {
                        continue;
                    }
                    throw e;
                }
            }
            FinishFunc finish = subresource.isEmpty() ? hooks.beginUpdate(updated, current, dryRun) : FinishFunc.NOOP;
            if (dryRun) {
                finish.finish(true);
                Meta.of(updated).put("resourceVersion", Long.toString(kv.modRevision())); // what a real write would have been based on
                return updated;
            }
            boolean success = false;
            try {
                long revision = call(() -> storage.update(key, encode(updated), kv.modRevision()));
                Meta.of(updated).put("resourceVersion", Long.toString(revision));
                success = true;
                return updated;
            } catch (StatusException e) {
                if (e.isConflict() && (wantRv == null || wantRv.isEmpty())) {
                    continue;
                }
                throw e;
            } finally {
                finish.finish(success);
            }
        }
    }

    private ObjectNode prepareUpdate(ObjectNode desired, ObjectNode current, String subresource) {
        Strategy s = def.strategy();
        ObjectNode updated;
        boolean custom = !subresource.isEmpty() && !"status".equals(subresource);
        if ("status".equals(subresource)) {
            updated = s.prepareForStatusUpdate(desired, current);
            JsonNode managed = desired.path("metadata").get("managedFields");
            if (managed != null) {
                Meta.of(updated).set("managedFields", managed); // what the field manager recorded for this write
            }
        } else if (custom) {
            // binding, finalize, ...: the caller's change function is the whole semantics.
            updated = desired;
        } else {
            updated = desired;
            s.applyDefaults(updated);
            s.prepareForUpdate(updated, current);
        }
        ObjectNode meta = Meta.of(updated);
        ObjectNode oldMeta = Meta.of(current);
        for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation")) {
            if (oldMeta.has(f)) {
                meta.set(f, oldMeta.get(f).deepCopy());
            } else {
                meta.remove(f);
            }
        }
        if (def.namespaced()) {
            meta.put("namespace", Meta.namespace(current));
        }
        meta.remove("selfLink");
        dropEmptyMetadata(meta);
        // Upstream's status strategies never bump the generation; the main resource's (and scale's) do.
        if (s.tracksGeneration() && !"status".equals(subresource) && s.generationChanged(updated, current)) {
            meta.put("generation", oldMeta.path("generation").asLong(0) + 1);
        }
        List<StatusCause> causes = new ArrayList<>();
        if (Meta.deleting(current)) {
            Set<String> before = new HashSet<>();
            current.path("metadata").path("finalizers").forEach(f -> before.add(f.asText()));
            for (JsonNode f : updated.path("metadata").path("finalizers")) {
                if (!before.contains(f.asText())) {
                    causes.add(Statuses.cause("FieldValueForbidden", "metadata.finalizers",
                            "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"" + f.asText() + "\"}"));
                }
            }
        }
        causes.addAll(s.validate(updated));
        if (!custom) {
            causes.addAll(s.validateUpdate(updated, current));
        }
        validate(updated, causes);
        if (subresource.isEmpty()) {
            WarningRecorder.addAll(s.warningsOnUpdate(updated, current));
        }
        return updated;
    }

    private boolean shouldDeleteDuringUpdate(ObjectNode obj) {
        return Meta.deleting(obj) && !Meta.hasFinalizers(obj) && !def.strategy().hasPendingFinalizers(obj)
                && obj.path("metadata").path("deletionGracePeriodSeconds").asLong(0) == 0;
    }

    /** The outcome of a delete: the object, and whether it is gone or only marked for deletion. */
    public record Deleted(ObjectNode object, boolean gone) {
    }

    /**
     * Deletes the object, honouring preconditions, finalizers and the grace period: with finalizers
     * (including those a propagation policy adds) or a grace period the object is only marked with a
     * {@code deletionTimestamp}; otherwise it is removed.
     */
    public Deleted delete(String namespace, String name, DeleteOptions opts) {
        String key = key(namespace, name);
        while (true) {
            KeyValue kv = call(() -> storage.get(key));
            if (kv == null) {
                throw notFound(name);
            }
            ObjectNode current = decode(kv);
            checkPreconditions(current, opts, name);
            def.strategy().checkDelete(current);
            hooks.beginDelete(current);
            long grace = def.strategy().gracePeriodSeconds(current, opts.gracePeriodSeconds());
            ObjectNode marked = current.deepCopy();
            boolean changed = addPropagationFinalizer(marked, opts.propagationPolicy());
            boolean finalizing = Meta.hasFinalizers(marked) || def.strategy().hasPendingFinalizers(marked);
            boolean pending = finalizing || grace > 0;
            if (pending) {
                ObjectNode meta = Meta.of(marked);
                if (!Meta.deleting(marked)) {
                    def.strategy().prepareForDeletion(marked);
                    meta.put("deletionTimestamp", Instant.now().plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString());
                    meta.put("deletionGracePeriodSeconds", grace);
                    changed = true;
                } else if (grace < meta.path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE)) {
                    meta.put("deletionTimestamp", Instant.now().plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString());
                    meta.put("deletionGracePeriodSeconds", grace);
                    changed = true;
                }
                if (!finalizing && grace == 0) {
                    pending = false; // the grace period was cut to zero: delete now
                }
            }
            if (pending) {
                if (!changed || opts.dryRun()) {
                    return new Deleted(changed ? marked : current, false);
                }
                try {
                    Meta.of(marked).remove("resourceVersion");
                    long rev = call(() -> storage.update(key, encode(marked), kv.modRevision()));
                    Meta.of(marked).put("resourceVersion", Long.toString(rev));
                    return new Deleted(marked, false);
                } catch (StatusException e) {
                    if (e.isConflict()) {
                        continue;
                    }
                    throw e;
                }
            }
            if (opts.dryRun()) {
                return new Deleted(current, true);
            }
            try {
                DeleteResult r = call(() -> storage.delete(key, kv.modRevision()));
                ObjectNode gone = decode(r.deleted());
                hooks.afterDelete(gone);
                return new Deleted(gone, true);
            } catch (StatusException e) {
                if (e.isConflict()) {
                    continue;
                }
                throw e;
            }
        }
    }

    private static boolean addPropagationFinalizer(ObjectNode obj, String policy) {
        String finalizer = policy == null ? null : switch (policy) {
            case "Foreground" -> "foregroundDeletion";
            case "Orphan" -> "orphan";
            default -> null;
        };
        if (finalizer == null || Meta.deleting(obj)) {
            return false;
        }
        ObjectNode meta = Meta.of(obj);
        ArrayNode list = meta.path("finalizers").isArray() ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers");
        for (JsonNode f : list) {
            if (finalizer.equals(f.asText())) {
                return false;
            }
        }
        list.add(finalizer);
        return true;
    }

    private void checkPreconditions(ObjectNode current, DeleteOptions opts, String name) {
        if (opts.preconditionUid() != null && !opts.preconditionUid().equals(Meta.uid(current))) {
            throw Statuses.conflict(def.group(), def.resource(), name, "Precondition failed: UID in precondition: "
                    + opts.preconditionUid() + ", UID in object meta: " + Meta.uid(current));
        }
        if (opts.preconditionResourceVersion() != null && !opts.preconditionResourceVersion().equals(Meta.resourceVersion(current))) {
            throw Statuses.conflict(def.group(), def.resource(), name, "Precondition failed: ResourceVersion in precondition: "
                    + opts.preconditionResourceVersion() + ", ResourceVersion in object meta: " + Meta.resourceVersion(current));
        }
    }

    /** Deletes every object matching {@code list}; returns the list of those deleted or marked. */
    public ObjectNode deleteCollection(String namespace, ListOptions list, DeleteOptions opts) {
        ObjectNode matching = list(namespace, list);
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode item : matching.path("items")) {
            try {
                out.add(delete(namespace == null ? Meta.namespace((ObjectNode) item) : namespace,
                        Meta.name((ObjectNode) item), opts).object());
            } catch (StatusException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
        matching.set("items", out);
        return matching;
    }

    // ---- watch --------------------------------------------------------------------------------

    /**
     * Starts a watch. With {@code resourceVersion} unset or {@code "0"} it first sends the current
     * objects as ADDED events (the upstream "get state and start at most recent" semantics), then
     * every change. Objects that stop matching the selectors arrive as DELETED, those that start to
     * match as ADDED.
     */
    public WatchStream watch(String namespace, ListOptions opts) {
        checkFieldSelector(opts);
        String prefix = prefix(namespace);
        String rv = opts.resourceVersion();
        boolean initial = opts.sendInitialEvents() != null ? opts.sendInitialEvents() : (rv.isEmpty() || rv.equals("0"));
        ListOptionsValidation.check(opts);
        long after;
        WatchStream stream;
        if (initial) {
            RangeResult all = call(() -> rv.equals("0") ? storage.rangeNotOlderThan(prefix, null, 0, 0)
                    : storage.range(prefix, null, 0, 0));
            after = all.revision();
            stream = new WatchStream(after);
            for (KeyValue kv : all.items()) {
                ObjectNode obj = decode(kv);
                if (matches(obj, opts)) {
                    stream.offer(new ApiWatchEvent(WatchEventType.ADDED, obj, kv.modRevision()));
                }
            }
            if (Boolean.TRUE.equals(opts.sendInitialEvents()) && opts.allowWatchBookmarks()) {
                stream.offer(new ApiWatchEvent(WatchEventType.BOOKMARK, bookmark(after, true), after));
            }
        } else {
            after = parseRevision(rv);
            stream = new WatchStream(after);
        }
        final WatchStream s = stream;
        try {
            s.attach(storage.watch(prefix, after, new WatchListener() {
                @Override
                public void onEvent(WatchEvent e) {
                    translate(e, opts, s);
                }

                @Override
                public void onProgress(long revision) {
                    s.progress(revision);
                }

                @Override
                public void onError(StorageException error) {
                    s.fail(toStatus(error, after));
                }

                @Override
                public void onClosed() {
                    s.end();
                }
            }));
        } catch (StorageException e) {
            s.fail(toStatus(e, after));
        }
        return s;
    }

    /**
     * One storage event as this watch's event. The object is decoded once for all watches of the event
     * ({@link DecodedEvents}) and shared with them, so it is read here and never changed.
     */
    private void translate(WatchEvent e, ListOptions opts, WatchStream s) {
        if (e.type() == WatchEvent.Type.DELETE) {
            KeyValue before = e.prevKv() != null ? e.prevKv() : e.kv();
            CachingObject obj = decodedEvents.get(before, e.revision(), () -> decodeAt(before, e.revision()));
            if (matches(obj.object(), opts)) {
                s.offer(ApiWatchEvent.shared(WatchEventType.DELETED, obj, e.revision()));
            } else {
                s.progress(e.revision());
            }
            return;
        }
        CachingObject obj = decodedEvents.get(e.kv(), e.kv().modRevision(), () -> decode(e.kv()));
        boolean now = matches(obj.object(), opts);
        boolean existed = e.prevKv() != null && e.prevKv().value() != null;
        // Without selectors every object matches: the previous one need not be decoded to know.
        boolean was = existed && (opts.labelSelector().isEmpty() && opts.fieldSelector().isEmpty()
                || matches(decode(e.prevKv()), opts));
        if (now && was) {
            s.offer(ApiWatchEvent.shared(WatchEventType.MODIFIED, obj, e.revision()));
        } else if (now) {
            s.offer(ApiWatchEvent.shared(WatchEventType.ADDED, obj, e.revision()));
        } else if (was) {
            s.offer(ApiWatchEvent.shared(WatchEventType.DELETED, obj, e.revision()));
        } else {
            s.progress(e.revision());
        }
    }

    /** A BOOKMARK event object: the kind with only {@code metadata.resourceVersion}. */
    public ObjectNode bookmark(long revision, boolean initialEventsEnd) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", def.kind());
        o.put("apiVersion", def.gvr().groupVersion());
        ObjectNode meta = o.putObject("metadata");
        meta.put("resourceVersion", Long.toString(revision));
        if (initialEventsEnd) {
            meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        return o;
    }

    private StatusException toStatus(StorageException e, long requested) {
        if (e instanceof CompactedException c) {
            return Statuses.gone("too old resource version: " + requested + " (" + c.compactedRevision() + ")");
        }
        return translateStorage(e);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private boolean matches(ObjectNode obj, ListOptions opts) {
        if (!opts.labelSelector().isEmpty() && !opts.labelSelector().matches(Meta.labels(obj))) {
            return false;
        }
        if (!opts.fieldSelector().isEmpty()) {
            Map<String, String> fields = new HashMap<>(def.strategy().selectableFields(obj));
            fields.put("metadata.name", Meta.name(obj));
            if (def.namespaced()) {
                fields.put("metadata.namespace", Meta.namespace(obj));
            }
            return opts.fieldSelector().matches(fields);
        }
        return true;
    }

    /**
     * ObjectMeta's maps and lists are {@code omitempty} upstream: removing the last label or annotation
     * (e.g. {@code kubectl annotate x key-}) leaves no empty {@code annotations: {}} behind.
     */
    private static void dropEmptyMetadata(ObjectNode meta) {
        for (String f : List.of("labels", "annotations", "finalizers", "ownerReferences", "managedFields")) {
            JsonNode v = meta.get(f);
            if (v != null && (v.isNull() || (v.isContainerNode() && v.isEmpty()))) {
                meta.remove(f);
            }
        }
    }

    private void checkFieldSelector(ListOptions opts) {
        // Upstream converts field labels per kind. A kind without its own conversion gets the default one:
        // metadata.name and metadata.namespace (cluster-scoped kinds too), and its message names the two. A kind
        // with its own conversion (pods, nodes, namespaces, CSRs, ...) takes exactly its list: its own fields,
        // metadata.name, and metadata.namespace only when namespaced (nodes and namespaces refuse it).
        Set<String> own = def.strategy().selectableFieldNames();
        Set<String> supported = new HashSet<>(own);
        supported.add("metadata.name");
        if (own.isEmpty() || def.namespaced()) {
            supported.add("metadata.namespace");
        }
        for (FieldSelector.Term t : opts.fieldSelector().terms()) {
            if (!supported.contains(t.field())) {
                throw Statuses.badRequest(own.isEmpty()
                        ? "\"" + t.field() + "\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
                        : "field label not supported: " + t.field());
            }
        }
    }

    private void checkTypeMeta(ObjectNode obj) {
        String apiVersion = obj.path("apiVersion").asText("");
        String kind = obj.path("kind").asText("");
        if (apiVersion.isEmpty() && kind.isEmpty()) {
            obj.put("apiVersion", def.gvr().groupVersion());
            obj.put("kind", def.kind());
            return;
        }
        if (!kind.equals(def.kind()) || !apiVersion.equals(def.gvr().groupVersion())) {
            throw Statuses.badRequest("the object provided is unrecognized (must be of type " + def.kind() + "): "
                    + (kind.isEmpty() ? "Object 'Kind' is missing" : kind + " in version \"" + apiVersion + "\" cannot be handled as a " + def.kind()));
        }
    }

    private void prepareNamespace(String namespace, ObjectNode obj) {
        String bodyNs = Meta.namespace(obj);
        if (def.namespaced()) {
            if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
                throw Statuses.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            Meta.of(obj).put("namespace", namespace);
        } else if (bodyNs != null && bodyNs.isEmpty()) {
            Meta.of(obj).remove("namespace");
        }
    }

    private void checkIdentity(String namespace, String name, ObjectNode obj) {
        String bodyName = Meta.name(obj);
        if (bodyName == null || bodyName.isEmpty()) {
            Meta.of(obj).put("name", name);
        } else if (!bodyName.equals(name)) {
            throw Statuses.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
        }
        prepareNamespace(namespace, obj);
    }

    private void checkNamespaceOpen(String namespace, String name) {
        ObjectNode ns = namespaceLookup == null ? null : namespaceLookup.apply(namespace);
        if (ns == null) {
            throw Statuses.notFound("", "namespaces", namespace);
        }
        if (Meta.deleting(ns) || "Terminating".equals(ns.path("status").path("phase").asText())) {
            StatusException e = Statuses.of(403, "Forbidden", qualifiedResource() + " \"" + name + "\" is forbidden: unable to create new content in namespace "
                    + namespace + " because it is being terminated");
            e.status().setDetails(new io.fabric8.kubernetes.api.model.StatusDetails(
                    List.of(Statuses.cause("NamespaceTerminating", "metadata.namespace",
                            "namespace " + namespace + " is being terminated")), def.group().isEmpty() ? null : def.group(),
                    def.resource(), name, null, null));
            throw e;
        }
    }

    private String qualifiedResource() {
        return def.group().isEmpty() ? def.resource() : def.resource() + "." + def.group();
    }

    private void validate(ObjectNode obj, List<StatusCause> strategyCauses) {
        List<StatusCause> causes = new ArrayList<>(ObjectMetaValidation.validate(obj, def.strategy().nameRule(), def.namespaced()));
        causes.addAll(strategyCauses);
        if (!causes.isEmpty()) {
            String name = Meta.name(obj);
            throw Statuses.invalid(def.group(), def.kind(), name == null ? "" : name, causes);
        }
    }

    private StatusException notFound(String name) {
        return Statuses.notFound(def.group(), def.resource(), name);
    }

    /**
     * Upstream's list semantics for a non-zero resourceVersion: {@code Exact} when asked, and also
     * without a match when a limit is set (the legacy paginated meaning); otherwise NotOlderThan.
     */
    private static boolean exact(ListOptions opts) {
        String rv = opts.resourceVersion();
        if ("Exact".equals(opts.resourceVersionMatch())) {
            return true;
        }
        return opts.resourceVersionMatch().isEmpty() && opts.limit() > 0 && !rv.isEmpty() && !rv.equals("0");
    }

    /**
     * The keys of {@code prefix} after {@code lastKey} at {@code revision}, for a page's
     * {@code remainingItemCount}; -1 when that revision was compacted meanwhile.
     */
    private long countAfter(String prefix, String lastKey, long revision) {
        try {
            return call(() -> storage.count(prefix, lastKey + "\u0000", revision));
        } catch (StatusException e) {
            if (e.isGone()) {
                // compacted between the page and its count: the page is still good, the count is unknowable
                return -1;
            }
            throw e;
        }
    }

    /** A page at the latest revision, refused as upstream when {@code minRevision} is still in the future. */
    private RangeResult latestNotOlderThan(String prefix, int limit, long minRevision) {
        RangeResult latest = storage.range(prefix, null, limit, 0);
        return latest.revision() >= minRevision ? latest : storage.rangeNotOlderThan(prefix, null, limit, minRevision);
    }

    /**
     * Upstream's cacher ({@code shouldDelegateList}, 1.32) answers a list at {@code resourceVersion=0}
     * (match unset or NotOlderThan) from the watch cache, which cannot paginate: {@code limit} is
     * ignored and the whole list comes back without a continue token. Without a watch cache the
     * backend honours the limit, as etcd3's store does.
     */
    private boolean servedWholeFromCache(ListOptions opts) {
        return storage instanceof WatchCache
                && "0".equals(opts.resourceVersion())
                && (opts.continueToken() == null || opts.continueToken().isEmpty())
                && !"Exact".equals(opts.resourceVersionMatch());
    }

    private static long parseRevision(String rv) {
        if (rv == null || rv.isEmpty()) {
            return 0;
        }
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw Statuses.badRequest("invalid resource version \"" + rv + "\": must be a non-negative integer");
        }
    }

    /** The stored form: JSON without {@code resourceVersion}; 413 when over {@link #MAX_STORED_BYTES}. */
    private byte[] encode(ObjectNode served) {
        // events.k8s.io/v1 Events are stored as core Events: convert a copy (the conversion may work in place)
        ObjectNode obj = def.storageConversion() == StorageConversion.IDENTITY ? served
                : def.storageConversion().toStorage(served.deepCopy());
        // Stored as upstream's typed objects serialize: kind, apiVersion, metadata, then the rest, which
        // is the layout ListWriter splices without tokenizing (a shallow copy; nothing is modified).
        ObjectNode stored = Json.MAPPER.createObjectNode();
        for (String f : List.of("kind", "apiVersion")) {
            if (obj.has(f)) {
                stored.set(f, obj.get(f));
            }
        }
        JsonNode meta = obj.get("metadata");
        if (meta instanceof ObjectNode m && m.has("resourceVersion")) {
            ObjectNode copy = m.deepCopy();
            copy.remove("resourceVersion");
            meta = copy;
        }
        if (meta != null) {
            stored.set("metadata", meta);
        }
        obj.properties().forEach(e -> {
            if (!stored.has(e.getKey())) {
                stored.set(e.getKey(), e.getValue());
            }
        });
        byte[] value = Json.bytes(stored);
        if (value.length > MAX_STORED_BYTES) {
            throw Statuses.tooLarge("Request entity too large: limit is " + MAX_STORED_BYTES);
        }
        return value;
    }

    private ObjectNode decode(KeyValue kv) {
        return decodeAt(kv, kv.modRevision());
    }

    private ObjectNode decodeAt(KeyValue kv, long revision) {
        ObjectNode obj = def.storageConversion().fromStorage(Json.object(kv.value()));
        Meta.of(obj).put("resourceVersion", Long.toString(revision));
        return obj;
    }

    /** Upstream's {@code names.SimpleNameGenerator} suffix: five random consonants and digits. */
    public static String randomSuffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(GENERATE_ALPHABET.charAt(RANDOM.nextInt(GENERATE_ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Now, as upstream writes timestamps: RFC 3339 in UTC, whole seconds. */
    public static String now() {
        long second = Instant.now().getEpochSecond();
        Timestamp t = lastTimestamp;
        if (t.second() != second) {
            // Formatting an Instant is costly next to the rest of a create; it changes once a second.
            t = new Timestamp(second, Instant.ofEpochSecond(second).toString());
            lastTimestamp = t;
        }
        return t.text();
    }

    private record Timestamp(long second, String text) {
    }

    private static volatile Timestamp lastTimestamp = new Timestamp(Long.MIN_VALUE, "");

    private <T> T call(StorageCall<T> c) {
        try {
            return c.run();
        } catch (StorageException e) {
            throw translateStorage(e);
        }
    }

    private StatusException translateStorage(StorageException e) {
        if (e instanceof KeyExistsException k) {
            return Statuses.alreadyExists(def.group(), def.resource(), nameOf(k.key()));
        } else if (e instanceof KeyNotFoundException k) {
            return Statuses.notFound(def.group(), def.resource(), nameOf(k.key()));
        } else if (e instanceof ConflictException c) {
            return Statuses.conflict(def.group(), def.resource(), nameOf(c.current().key()), Statuses.OPTIMISTIC_LOCK_MESSAGE);
        } else if (e instanceof CompactedException c) {
            return Statuses.gone("too old resource version: " + c.getMessage());
        } else if (e instanceof FutureRevisionException f) {
            return Statuses.tooLargeResourceVersion(f.requested(), f.current(), f.retryAfterSeconds());
        } else if (e instanceof StorageUnavailableException) {
            return Statuses.unavailable("storage is unavailable: " + e.getMessage());
        }
        return Statuses.internal(e.getMessage());
    }

    private static String nameOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    @FunctionalInterface
    private interface StorageCall<T> {
        T run();
    }
}
