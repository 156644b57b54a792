package io.capstan.apiserver.registry;

import io.capstan.apiserver.schema.ModelSchema;
import io.capstan.apiserver.table.TableConvertor;
import io.capstan.common.api.GroupVersionKind;
import io.capstan.common.api.GroupVersionResource;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the server needs to serve one resource: its names as discovery shows them, where it is
 * stored, its strategy and its table columns.
 *
 * @param storagePrefix the etcd key segment after {@code /registry/}, as upstream lays out keys
 * @param returnDeletedObject true when DELETE answers with the object rather than a Status
 * @param schema        the kind's structural schema, from its fabric8 model class
 * @param storageConversion how objects are converted to and from the stored version
 * @param creater       for a create-only resource that is never stored (TokenReview, SubjectAccessReview, ...),
 *                      what answers its POST; null for stored resources
 */
public record ResourceDefinition(
        GroupVersionResource gvr,
        String kind,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        Set<String> subresources,
        String storagePrefix,
        boolean returnDeletedObject,
        Strategy strategy,
        TableConvertor table,
        ModelSchema schema,
        StorageConversion storageConversion,
        Creater creater) {

    public ResourceDefinition {
        Objects.requireNonNull(gvr);
        Objects.requireNonNull(kind);
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = Set.copyOf(subresources);
    }

    public GroupVersionKind gvk() {
        return new GroupVersionKind(gvr.group(), gvr.version(), kind);
    }

    /** The key prefix of every object of this resource, {@code /registry/<storagePrefix>/}; a watch cache caches it. */
    public String keyPrefix() {
        return "/registry/" + storagePrefix + "/";
    }

    public String listKind() {
        return kind + "List";
    }

    public String group() {
        return gvr.group();
    }

    public String resource() {
        return gvr.resource();
    }

    /** The verbs discovery lists for the main resource. */
    public static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** True for a create-only resource that is never stored (see {@link Creater}). */
    public boolean createOnly() {
        return creater != null;
    }

    /**
     * The verbs discovery lists for this resource, and the only ones it serves: {@link #VERBS}, {@code create} alone for
     * a create-only one, and no {@code deletecollection} for namespaces (upstream's namespace storage has none).
     */
    public List<String> verbs() {
        if (createOnly()) {
            return List.of("create");
        }
        return group().isEmpty() && resource().equals("namespaces") ? NAMESPACE_VERBS : VERBS;
    }

    private static final List<String> NAMESPACE_VERBS = VERBS.stream().filter(v -> !v.equals("deletecollection")).toList();

    /** A builder, so the table of built-in resources reads one line per property. */
    public static Builder builder(String group, String version, String resource, String kind) {
        return new Builder(new GroupVersionResource(group, version, resource), kind);
    }

    /** Builds a {@link ResourceDefinition}; {@link #build()} fails fast on missing parts. */
    public static final class Builder {
        private final GroupVersionResource gvr;
        private final String kind;
        private boolean namespaced = true;
        private List<String> shortNames = List.of();
        private List<String> categories = List.of();
        private Set<String> subresources = Set.of();
        private String storagePrefix;
        private boolean returnDeletedObject;
        private Strategy strategy = new Strategy() { };
        private TableConvertor table;
        private Class<?> model;
        private StorageConversion storageConversion = StorageConversion.IDENTITY;
        private Creater creater;

        private Builder(GroupVersionResource gvr, String kind) {
            this.gvr = gvr;
            this.kind = kind;
        }

        public Builder clusterScoped() {
            namespaced = false;
            return this;
        }

        public Builder shortNames(String... names) {
            shortNames = List.of(names);
            return this;
        }

        public Builder categories(String... names) {
            categories = List.of(names);
            return this;
        }

        public Builder subresources(String... names) {
            subresources = Set.of(names);
            return this;
        }

        public Builder storagePrefix(String prefix) {
            storagePrefix = prefix;
            return this;
        }

        public Builder returnDeletedObject() {
            returnDeletedObject = true;
            return this;
        }

        public Builder strategy(Strategy s) {
            strategy = s;
            return this;
        }

        public Builder table(TableConvertor t) {
            table = t;
            return this;
        }

        /** The fabric8 model class whose fields make the kind's schema. */
        public Builder model(Class<?> modelClass) {
            model = modelClass;
            return this;
        }

        /** Stores the objects in another version (with {@link #storagePrefix}, where that version's objects live). */
        public Builder storageConversion(StorageConversion c) {
            storageConversion = c;
            return this;
        }

        /** Makes the resource create-only and never stored: {@code creater} answers its POST. */
        public Builder createOnly(Creater c) {
            creater = c;
            return this;
        }

        public ResourceDefinition build() {
            if (table == null) {
                throw new IllegalStateException("no table convertor for " + gvr);
            }
            if (model == null) {
                throw new IllegalStateException("no model class for " + gvr);
            }
            String prefix = storagePrefix != null ? storagePrefix : gvr.resource();
            return new ResourceDefinition(gvr, kind, kind.toLowerCase(), namespaced, shortNames, categories,
                    subresources, prefix, returnDeletedObject, strategy, table,
                    ModelSchema.of(model), storageConversion, creater);
        }
    }
}
