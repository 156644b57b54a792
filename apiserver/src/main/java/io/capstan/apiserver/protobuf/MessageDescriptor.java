package io.capstan.apiserver.protobuf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A message of the descriptor table: its fields in Go struct order, and whether it stands for a bare list. */
final class MessageDescriptor {
    private final String name;
    private final boolean unwrap;
    private final List<FieldDescriptor> fields;
    private final Map<Integer, FieldDescriptor> byNumber = new HashMap<>();

    /**
     * @param unwrap the message stands for a Go named slice (like {@code ExtraValue}), so its JSON is its one
     *               repeated field's list rather than an object
     */
    MessageDescriptor(String name, boolean unwrap, List<FieldDescriptor> fields) {
        this.name = name;
        this.unwrap = unwrap;
        this.fields = List.copyOf(fields);
        for (FieldDescriptor f : this.fields) {
            if (byNumber.put(f.number(), f) != null) {
                throw new IllegalStateException(name + " declares field " + f.number() + " twice");
            }
        }
    }

    String name() {
        return name;
    }

    boolean unwrap() {
        return unwrap;
    }

    List<FieldDescriptor> fields() {
        return fields;
    }

    /** The field with this number, or null for a field the table does not know (which readers skip). */
    FieldDescriptor field(int number) {
        return byNumber.get(number);
    }
}
