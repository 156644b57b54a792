package io.capstan.common.patch;

import java.util.Map;

/**
 * What strategic merge patch needs to know about the fields of one level of an object, as upstream's
 * {@code strategicpatch.LookupPatchMeta}: for each field, the metadata of its value (of its elements,
 * for a list; of its values, for a map) and, for a list, how it merges.
 */
public interface LookupPatchMeta {

    /** Metadata that knows no field: every list is replaced, as upstream does for lists without a patch strategy. */
    LookupPatchMeta NONE = new LookupPatchMeta() {
        @Override
        public LookupPatchMeta field(String name) {
            return this;
        }

        @Override
        public String mergeKey() {
            return null;
        }
    };

    /** The metadata of field {@code name} at this level; {@link #NONE} when the field is unknown. */
    LookupPatchMeta field(String name);

    /**
     * How this field merges when it is a list ({@code patchStrategy=merge}): the element field that
     * identifies elements ({@code patchMergeKey}), {@code ""} for a list of primitives merged as a set,
     * or null when the list is replaced.
     */
    String mergeKey();

    /**
     * Metadata from one table of merge keys by field name, the same at every level
     * ({@code containers -> name}); for callers that know no schema.
     */
    static LookupPatchMeta byFieldName(Map<String, String> mergeKeys) {
        return new LookupPatchMeta() {
            @Override
            public LookupPatchMeta field(String name) {
                LookupPatchMeta parent = this;
                return new LookupPatchMeta() {
                    @Override
                    public LookupPatchMeta field(String child) {
                        return parent.field(child);
                    }

                    @Override
                    public String mergeKey() {
                        return mergeKeys.get(name);
                    }
                };
            }

            @Override
            public String mergeKey() {
                return null;
            }
        };
    }
}
