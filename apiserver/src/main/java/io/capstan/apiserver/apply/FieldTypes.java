package io.capstan.apiserver.apply;

import java.util.List;

/**
 * The schema facts apply needs about a kind: the type of each list and which maps and structs are
 * atomic ({@code x-kubernetes-map-type: atomic}, Go's {@code +structType=atomic}). Fields are
 * addressed by their names from the root, list items skipped ({@code spec.template.spec.containers.ports}).
 * The built-in kinds' types come from their published OpenAPI schema ({@code openapi.ModelFieldTypes}).
 */
public interface FieldTypes {

    /** The type of the list at {@code fieldNames}; atomic when the schema says nothing. */
    ListType list(List<String> fieldNames);

    /** True when the map or struct at {@code fieldNames} is replaced and owned as a whole. */
    boolean atomicMap(List<String> fieldNames);

    /**
     * True when the field at {@code fieldNames} is a struct that every object holds, empty or not (a
     * non-pointer Go struct such as {@code spec} or {@code template}): it is never an added field
     * of its own, so update managers own only what is inside it.
     */
    boolean alwaysPresent(List<String> fieldNames);
}
