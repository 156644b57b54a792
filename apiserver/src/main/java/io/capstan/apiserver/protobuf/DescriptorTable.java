package io.capstan.apiserver.protobuf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The messages and kinds Capstan can decode from protobuf, read from the {@code *.desc} resources. */
final class DescriptorTable {
    /** The resource files; a reference may point into another file, so references are checked after all are read. */
    static final List<String> FILES = List.of(
            "meta-v1.desc", "core-v1.desc", "apps-v1.desc", "batch-v1.desc", "coordination-v1.desc",
            "scheduling-v1.desc", "policy-v1.desc", "networking-v1.desc", "rbac-v1.desc",
            "authorization-v1.desc", "authentication-v1.desc", "certificates-v1.desc", "events-v1.desc");

    private final Map<String, MessageDescriptor> messages;
    private final Map<String, String> kinds;

    DescriptorTable(Map<String, MessageDescriptor> messages, Map<String, String> kinds) {
        this.messages = Map.copyOf(messages);
        this.kinds = Map.copyOf(kinds);
        validate();
    }

    /** Reads and checks the table that ships with Capstan. */
    static DescriptorTable standard() {
        Map<String, MessageDescriptor> messages = new HashMap<>();
        Map<String, String> kinds = new HashMap<>();
        for (String file : FILES) {
            DescriptorParser.parse(file, read(file), messages, kinds);
        }
        return new DescriptorTable(messages, kinds);
    }

    /** Parses table text directly; tests use this to build small tables. */
    static DescriptorTable of(String text) {
        Map<String, MessageDescriptor> messages = new HashMap<>();
        Map<String, String> kinds = new HashMap<>();
        DescriptorParser.parse("inline table", text, messages, kinds);
        return new DescriptorTable(messages, kinds);
    }

    /** The message for an envelope's apiVersion and kind; a {@code *} apiVersion in the table matches any. */
    Optional<MessageDescriptor> forKind(String apiVersion, String kind) {
        String name = kinds.get(apiVersion + "/" + kind);
        if (name == null) {
            name = kinds.get("*/" + kind);
        }
        return Optional.ofNullable(name).map(messages::get);
    }

    /** A message that validation proved exists; special types are not in here. */
    MessageDescriptor message(String name) {
        MessageDescriptor m = messages.get(name);
        if (m == null) {
            throw new IllegalStateException("no message " + name + " in the descriptor table");
        }
        return m;
    }

    int messageCount() {
        return messages.size();
    }

    int kindCount() {
        return kinds.size();
    }

    private void validate() {
        for (Map.Entry<String, String> k : kinds.entrySet()) {
            if (!messages.containsKey(k.getValue())) {
                throw new IllegalStateException("kind " + k.getKey() + " names missing message " + k.getValue());
            }
        }
        for (MessageDescriptor m : messages.values()) {
            for (FieldDescriptor f : m.fields()) {
                checkType(m, f, f.type());
                if (f.inline() && SpecialType.of(((FieldType.Message) f.type()).name()).isPresent()) {
                    throw new IllegalStateException(m.name() + "." + f.jsonName() + ": special types cannot be inlined");
                }
            }
        }
    }

    private void checkType(MessageDescriptor m, FieldDescriptor f, FieldType type) {
        switch (type) {
            case FieldType.Scalar s -> {
            }
            case FieldType.MapOf map -> checkType(m, f, map.value());
            case FieldType.Message ref -> {
                if (!messages.containsKey(ref.name()) && SpecialType.of(ref.name()).isEmpty()) {
                    throw new IllegalStateException(m.name() + "." + f.jsonName() + " refers to unknown message " + ref.name());
                }
            }
        }
    }

    private static String read(String file) {
        try (InputStream in = DescriptorTable.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("descriptor resource " + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read descriptor resource " + file, e);
        }
    }
}
