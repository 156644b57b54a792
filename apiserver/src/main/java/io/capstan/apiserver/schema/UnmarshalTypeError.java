package io.capstan.apiserver.schema;

/**
 * A JSON value that does not fit the Go type of its field, as Go's {@code json.UnmarshalTypeError}
 * reports it when kube-apiserver decodes a request body into a typed object.
 *
 * @param value  what the body held: {@code string}, {@code number}, {@code number 1.5}, {@code bool}, {@code array}, {@code object}
 * @param struct the Go struct holding the field ({@code ObjectMeta})
 * @param field  the field's JSON path without list indices, as Go writes it ({@code metadata.name})
 * @param type   the field's Go type ({@code string}, {@code int32}, {@code []v1.Container})
 */
public record UnmarshalTypeError(String value, String struct, String field, String type) {

    /** Go's wording: {@code json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string}. */
    public String message() {
        if (struct.isEmpty()) {
            return "json: cannot unmarshal " + value + " into Go value of type " + type;
        }
        return "json: cannot unmarshal " + value + " into Go struct field " + struct + "." + field + " of type " + type;
    }
}
