package io.capstan.apiserver.protobuf;

/**
 * One field of a message: its protobuf number, its upstream JSON name, its type and how Go writes it.
 *
 * @param repeated a list, dropped when empty
 * @param pointer  a Go pointer: kept whenever the sender set it, even to a zero value
 * @param always   a Go field without omitempty: written even when zero (an empty list or map as null)
 * @param inline   a Go embedded struct whose fields merge into the enclosing object
 */
record FieldDescriptor(int number, String jsonName, FieldType type, boolean repeated, boolean pointer,
                       boolean always, boolean inline) {
}
