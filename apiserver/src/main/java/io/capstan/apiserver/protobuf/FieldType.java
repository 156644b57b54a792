package io.capstan.apiserver.protobuf;

/** The declared type of a message field in the descriptor table. */
sealed interface FieldType {

    /** A scalar: string, bytes, bool, int32, int64 or double. */
    record Scalar(ScalarKind kind) implements FieldType {
    }

    /** A message, by fully qualified protobuf name; may be one of the {@link SpecialType}s. */
    record Message(String name) implements FieldType {
    }

    /** A map; every map in the Kubernetes API has string keys, so only the value type varies. */
    record MapOf(FieldType value) implements FieldType {
    }
}
