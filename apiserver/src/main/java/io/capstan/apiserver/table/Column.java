package io.capstan.apiserver.table;

/**
 * One column of a {@code meta.k8s.io/v1} Table, as upstream's printers define it.
 *
 * @param priority 0 for the default view, 1 for {@code -o wide}
 */
public record Column(String name, String type, String format, String description, int priority) {

    public static Column of(String name, String type, String description) {
        return new Column(name, type, "", description, 0);
    }

    public static Column wide(String name, String type, String description) {
        return new Column(name, type, "", description, 1);
    }

    /** The {@code Name} column every table starts with. */
    public static Column nameColumn() {
        return new Column("Name", "string", "name",
                "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
                0);
    }

    /** The {@code Age} column. */
    public static Column ageColumn() {
        return new Column("Age", "string", "",
                "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
                0);
    }
}
