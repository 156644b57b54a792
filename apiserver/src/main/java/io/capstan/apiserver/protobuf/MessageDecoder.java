package io.capstan.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a protobuf message into the JSON upstream's Go encoding/json writes for the same Go value. */
final class MessageDecoder {
    private static final byte[] EMPTY = new byte[0];
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final DescriptorTable table;

    MessageDecoder(DescriptorTable table) {
        this.table = table;
    }

    /** The JSON of a message of the named type: an object, a special type's form, or an unwrapped list. */
    JsonNode decode(String messageName, byte[] bytes) {
        var special = SpecialType.of(messageName);
        if (special.isPresent()) {
            return special.get().decode(bytes);
        }
        MessageDescriptor m = table.message(messageName);
        if (m.unwrap()) {
            FieldDescriptor only = m.fields().get(0);
            ArrayNode list = NODES.arrayNode();
            list.addAll(repeated(m, only, occurrences(m, bytes).getOrDefault(only.number(), List.of())));
            return list;
        }
        return decodeObject(m, bytes);
    }

    ObjectNode decodeObject(MessageDescriptor m, byte[] bytes) {
        Map<Integer, List<Occurrence>> seen = occurrences(m, bytes);
        ObjectNode out = NODES.objectNode();
        for (FieldDescriptor f : m.fields()) {
            write(out, m, f, seen.getOrDefault(f.number(), List.of()));
        }
        return out;
    }

    private void write(ObjectNode out, MessageDescriptor m, FieldDescriptor f, List<Occurrence> occ) {
        if (f.repeated()) {
            List<JsonNode> items = repeated(m, f, occ);
            if (!items.isEmpty()) {
                out.putArray(f.jsonName()).addAll(items);
            } else if (f.always()) {
                // An empty list decodes to a nil Go slice, which encoding/json writes as null without omitempty.
                out.putNull(f.jsonName());
            }
            return;
        }
        switch (f.type()) {
            case FieldType.MapOf map -> {
                ObjectNode entries = map(m, f, map.value(), occ);
                if (!entries.isEmpty()) {
                    out.set(f.jsonName(), entries);
                } else if (f.always()) {
                    out.putNull(f.jsonName());
                }
            }
            case FieldType.Message ref -> {
                if (occ.isEmpty() && f.pointer()) {
                    return;
                }
                // Repeated occurrences of one embedded message merge, which for protobuf is concatenation.
                byte[] bytes = occ.isEmpty() ? EMPTY : concat(m, f, occ);
                if (f.inline()) {
                    out.setAll(decodeObject(table.message(ref.name()), bytes));
                } else {
                    // A Go struct value is always written, even when zero; only pointers can be absent.
                    out.set(f.jsonName(), decode(ref.name(), bytes));
                }
            }
            case FieldType.Scalar s -> {
                if (occ.isEmpty()) {
                    if (f.always()) {
                        out.set(f.jsonName(), s.kind().zero());
                    }
                    return;
                }
                Occurrence last = occ.get(occ.size() - 1);
                expectWireType(m, f, last, s.kind().wireType());
                JsonNode value = s.kind().read(last.reader());
                if (f.pointer() || f.always() || !ScalarKind.isEmpty(value)) {
                    out.set(f.jsonName(), value);
                }
            }
        }
    }

    private List<JsonNode> repeated(MessageDescriptor m, FieldDescriptor f, List<Occurrence> occ) {
        List<JsonNode> items = new ArrayList<>(occ.size());
        for (Occurrence o : occ) {
            switch (f.type()) {
                case FieldType.Message ref -> {
                    expectWireType(m, f, o, WireReader.LENGTH_DELIMITED);
                    items.add(decode(ref.name(), o.bytes()));
                }
                case FieldType.Scalar s -> {
                    if (s.kind().packable() && o.wireType() == WireReader.LENGTH_DELIMITED) {
                        // A packed run: one length-delimited occurrence holding many values.
                        WireReader run = new WireReader(o.bytes());
                        while (run.hasMore()) {
                            items.add(s.kind().read(run));
                        }
                    } else {
                        expectWireType(m, f, o, s.kind().wireType());
                        items.add(s.kind().read(o.reader()));
                    }
                }
                case FieldType.MapOf map -> throw new IllegalStateException("repeated maps are rejected by the parser");
            }
        }
        return items;
    }

    /** Map entries are messages with the key in field 1 and the value in field 2. */
    private ObjectNode map(MessageDescriptor m, FieldDescriptor f, FieldType valueType, List<Occurrence> occ) {
        ObjectNode out = NODES.objectNode();
        for (Occurrence o : occ) {
            expectWireType(m, f, o, WireReader.LENGTH_DELIMITED);
            String key = "";
            JsonNode value = null;
            WireReader entry = new WireReader(o.bytes());
            while (entry.hasMore()) {
                int tag = entry.readTag();
                int number = WireReader.fieldNumber(tag);
                int wireType = WireReader.wireType(tag);
                if (number == 1 && wireType == WireReader.LENGTH_DELIMITED) {
                    key = ScalarKind.STRING.read(entry).textValue();
                } else if (number == 2 && valueType instanceof FieldType.Scalar s && wireType == s.kind().wireType()) {
                    value = s.kind().read(entry);
                } else if (number == 2 && valueType instanceof FieldType.Message ref && wireType == WireReader.LENGTH_DELIMITED) {
                    value = decode(ref.name(), entry.readBytes());
                } else if (number == 1 || number == 2) {
                    throw WireReader.malformed(m.name() + "." + f.jsonName() + " map entry field " + number
                            + " has wire type " + wireType);
                } else {
                    entry.skip(tag);
                }
            }
            out.set(key, value != null ? value : zero(valueType));
        }
        return out;
    }

    private JsonNode zero(FieldType type) {
        return switch (type) {
            case FieldType.Scalar s -> s.kind() == ScalarKind.BYTES ? NODES.textNode("") : s.kind().zero();
            case FieldType.Message ref -> decode(ref.name(), EMPTY);
            case FieldType.MapOf map -> NODES.objectNode();
        };
    }

    private Map<Integer, List<Occurrence>> occurrences(MessageDescriptor m, byte[] bytes) {
        Map<Integer, List<Occurrence>> seen = new HashMap<>();
        WireReader in = new WireReader(bytes);
        while (in.hasMore()) {
            int tag = in.readTag();
            int number = WireReader.fieldNumber(tag);
            if (m.field(number) == null) {
                // Newer clients send fields this table does not know; protobuf readers skip them.
                in.skip(tag);
                continue;
            }
            seen.computeIfAbsent(number, n -> new ArrayList<>()).add(Occurrence.read(in, tag));
        }
        return seen;
    }

    private static byte[] concat(MessageDescriptor m, FieldDescriptor f, List<Occurrence> occ) {
        if (occ.size() == 1) {
            expectWireType(m, f, occ.get(0), WireReader.LENGTH_DELIMITED);
            return occ.get(0).bytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Occurrence o : occ) {
            expectWireType(m, f, o, WireReader.LENGTH_DELIMITED);
            out.writeBytes(o.bytes());
        }
        return out.toByteArray();
    }

    private static void expectWireType(MessageDescriptor m, FieldDescriptor f, Occurrence o, int wireType) {
        if (o.wireType() != wireType) {
            throw WireReader.malformed(m.name() + "." + f.jsonName() + " (field " + f.number() + ") has wire type "
                    + o.wireType() + " where " + wireType + " was expected");
        }
    }
}
