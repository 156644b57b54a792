package io.capstan.apiserver.protobuf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses one descriptor file (the format is described at the top of {@code meta-v1.desc}). */
final class DescriptorParser {
    private final String source;
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, MessageDescriptor> messages = new LinkedHashMap<>();
    private final Map<String, String> kinds = new LinkedHashMap<>();
    private String pkg;
    private String messageName;
    private boolean messageUnwrap;
    private List<FieldDescriptor> messageFields;
    private int messageLine;
    private int line;

    private DescriptorParser(String source) {
        this.source = source;
    }

    /** Parses a file into the given maps of messages (by full name) and kinds ({@code apiVersion/Kind} to message). */
    static void parse(String source, String text, Map<String, MessageDescriptor> messages, Map<String, String> kinds) {
        DescriptorParser p = new DescriptorParser(source);
        for (String raw : text.split("\n", -1)) {
            p.line++;
            String l = raw.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                p.parseLine(l.split("\\s+"));
            }
        }
        p.finishMessage();
        for (String name : p.messages.keySet()) {
            if (messages.containsKey(name)) {
                throw new IllegalStateException(source + ": message " + name + " is declared in another file too");
            }
        }
        messages.putAll(p.messages);
        for (Map.Entry<String, String> k : p.kinds.entrySet()) {
            if (kinds.putIfAbsent(k.getKey(), k.getValue()) != null) {
                throw new IllegalStateException(source + ": kind " + k.getKey() + " is declared in another file too");
            }
        }
    }

    private void parseLine(String[] words) {
        switch (words[0]) {
            case "package" -> {
                expect(words.length == 2, "package <proto.package>");
                finishMessage();
                pkg = words[1];
            }
            case "alias" -> {
                expect(words.length == 3, "alias <short> <proto.package>");
                aliases.put(words[1], words[2]);
            }
            case "kind" -> {
                expect(words.length == 3 || words.length == 4, "kind <apiVersion> <Kind> [message]");
                String message = qualify(words.length == 4 ? words[3] : words[2]);
                if (kinds.put(words[1] + "/" + words[2], message) != null) {
                    throw error("kind " + words[1] + "/" + words[2] + " is declared twice");
                }
            }
            case "message" -> {
                expect(words.length == 2 || (words.length == 3 && words[2].equals("unwrap")), "message <Name> [unwrap]");
                finishMessage();
                messageName = qualify(words[1]);
                messageUnwrap = words.length == 3;
                messageFields = new ArrayList<>();
                messageLine = line;
            }
            default -> field(words);
        }
    }

    private void field(String[] words) {
        expect(messageFields != null, "a field line inside a message");
        expect(words.length >= 3, "<number> <jsonName> <type> [repeated|ptr|always|inline...]");
        int number;
        try {
            number = Integer.parseInt(words[0]);
        } catch (NumberFormatException e) {
            throw error("unknown directive \"" + words[0] + "\"");
        }
        expect(number > 0, "a positive field number");
        FieldType type = type(words[2]);
        boolean repeated = false;
        boolean pointer = false;
        boolean always = false;
        boolean inline = false;
        for (int i = 3; i < words.length; i++) {
            switch (words[i]) {
                case "repeated" -> repeated = true;
                case "ptr" -> pointer = true;
                case "always" -> always = true;
                case "inline" -> inline = true;
                default -> throw error("unknown flag \"" + words[i] + "\"");
            }
        }
        if (repeated && (pointer || inline || type instanceof FieldType.MapOf)) {
            throw error("a repeated field cannot be ptr, inline or a map");
        }
        if (inline && (pointer || always || !(type instanceof FieldType.Message))) {
            throw error("an inline field is a plain message field");
        }
        if (pointer && always) {
            throw error("a field is ptr or always, not both");
        }
        for (FieldDescriptor f : messageFields) {
            if (f.number() == number || (!inline && f.jsonName().equals(words[1]))) {
                throw error("field " + number + " " + words[1] + " clashes with " + f.number() + " " + f.jsonName());
            }
        }
        messageFields.add(new FieldDescriptor(number, words[1], type, repeated, pointer, always, inline));
    }

    private FieldType type(String word) {
        if (word.startsWith("map<string,") && word.endsWith(">")) {
            FieldType value = type(word.substring("map<string,".length(), word.length() - 1));
            if (value instanceof FieldType.MapOf) {
                throw error("maps of maps do not occur in the Kubernetes API");
            }
            return new FieldType.MapOf(value);
        }
        if (word.startsWith("map<")) {
            throw error("map keys are strings in the Kubernetes API: " + word);
        }
        ScalarKind scalar = ScalarKind.named(word);
        return scalar != null ? new FieldType.Scalar(scalar) : new FieldType.Message(qualify(word));
    }

    private String qualify(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            expect(pkg != null, "a package line before the first unqualified name");
            return pkg + "." + name;
        }
        String alias = aliases.get(name.substring(0, dot));
        return alias == null ? name : alias + name.substring(dot);
    }

    private void finishMessage() {
        if (messageName == null) {
            return;
        }
        // Reported at the message line: the message ends wherever the next directive or the file does.
        if (messageUnwrap && (messageFields.size() != 1 || !messageFields.get(0).repeated())) {
            throw error(messageLine, "unwrap message " + messageName + " must have exactly one repeated field");
        }
        if (messages.put(messageName, new MessageDescriptor(messageName, messageUnwrap, messageFields)) != null) {
            throw error(messageLine, "message " + messageName + " is declared twice");
        }
        messageName = null;
        messageFields = null;
    }

    private void expect(boolean ok, String what) {
        if (!ok) {
            throw error("expected " + what);
        }
    }

    private IllegalStateException error(String why) {
        return error(line, why);
    }

    private IllegalStateException error(int at, String why) {
        return new IllegalStateException(source + ":" + at + ": " + why);
    }
}
