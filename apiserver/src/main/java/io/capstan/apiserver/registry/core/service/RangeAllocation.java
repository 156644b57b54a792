package io.capstan.apiserver.registry.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.storage.ConflictException;
import io.capstan.apiserver.storage.KeyExistsException;
import io.capstan.apiserver.storage.KeyNotFoundException;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.Storage;
import io.capstan.common.json.Json;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.BitSet;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A bitmap of the allocated offsets of one range, kept in storage as upstream keeps it: a
 * {@code RangeAllocation} object ({@code range}, {@code data}) at {@code /registry/ranges/<name>}.
 * Every change is a compare-and-swap on that key, so concurrent requests (and several API servers)
 * never hand out one offset twice, and allocations survive restarts.
 */
public final class RangeAllocation {
    private static final Logger LOG = Logger.getLogger(RangeAllocation.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Storage storage;
    private final String key;
    private final String range;
    private final int size;
    private final Supplier<BitSet> repair;

    /**
     * @param key    the storage key, e.g. {@code /registry/ranges/serviceips}
     * @param range  the range as configured; a stored bitmap of another range is rebuilt
     * @param size   the number of offsets
     * @param repair the offsets in use by stored objects, read when no bitmap of this range is stored
     *               yet (first start, or the range changed), as upstream's repair controller rebuilds it
     */
    public RangeAllocation(Storage storage, String key, String range, int size, Supplier<BitSet> repair) {
        this.storage = storage;
        this.key = key;
        this.range = range;
        this.size = size;
        this.repair = repair;
    }

    /** The number of offsets. */
    public int size() {
        return size;
    }

    /** Marks {@code offset} as allocated; false when it already was. With {@code dryRun} only checks. */
    public boolean allocate(int offset, boolean dryRun) {
        checkOffset(offset);
        while (true) {
            Current c = read();
            if (c.bits.get(offset)) {
                return false;
            }
            if (dryRun) {
                return true;
            }
            c.bits.set(offset);
            if (write(c)) {
                return true;
            }
        }
    }

    /**
     * Allocates a free offset, chosen at random in {@code [preferredFrom, size)} first and in
     * {@code [0, preferredFrom)} after (upstream keeps the low band for requested values);
     * -1 when the range is full. With {@code dryRun} only finds one.
     */
    public int allocateNext(int preferredFrom, boolean dryRun) {
        while (true) {
            Current c = read();
            int offset = free(c.bits, Math.min(preferredFrom, size), size);
            if (offset < 0) {
                offset = free(c.bits, 0, Math.min(preferredFrom, size));
            }
            if (offset < 0 || dryRun) {
                return offset;
            }
            c.bits.set(offset);
            if (write(c)) {
                return offset;
            }
        }
    }

    /** Marks {@code offset} as free (nothing when it already was). */
    public void release(int offset) {
        if (offset < 0 || offset >= size) {
            return;
        }
        while (true) {
            Current c = read();
            if (!c.bits.get(offset)) {
                return;
            }
            c.bits.clear(offset);
            if (write(c)) {
                return;
            }
        }
    }

    /** True when {@code offset} is allocated. */
    public boolean isAllocated(int offset) {
        return offset >= 0 && offset < size && read().bits.get(offset);
    }

    private static int free(BitSet bits, int from, int to) {
        int span = to - from;
        if (span <= 0) {
            return -1;
        }
        int start = from + RANDOM.nextInt(span);
        int i = bits.nextClearBit(start);
        if (i < to) {
            return i;
        }
        i = bits.nextClearBit(from);
        return i < start ? i : -1;
    }

    private void checkOffset(int offset) {
        if (offset < 0 || offset >= size) {
            throw new IllegalArgumentException("offset " + offset + " outside [0, " + size + ")");
        }
    }

    /** The stored bitmap and the revision it was read at (0 when not stored or stored for another range). */
    private record Current(BitSet bits, long modRevision, boolean exists) {
    }

    private Current read() {
        KeyValue kv = storage.get(key);
        if (kv != null) {
            ObjectNode o = Json.object(kv.value());
            if (range.equals(o.path("range").asText())) {
                return new Current(BitSet.valueOf(Base64.getDecoder().decode(o.path("data").asText(""))), kv.modRevision(), true);
            }
            LOG.info(() -> key + " holds range " + o.path("range").asText() + ", now " + range + ": rebuilding it from stored objects");
        }
        BitSet bits = repair.get();
        bits.clear(size, Math.max(size, bits.length()));
        return new Current(bits, kv == null ? 0 : kv.modRevision(), kv != null);
    }

    /** Writes {@code c}'s bitmap; false on a lost race (the caller reads again). */
    private boolean write(Current c) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", "RangeAllocation");
        o.put("apiVersion", "v1");
        o.putObject("metadata").put("creationTimestamp", GenericStore.now());
        o.put("range", range);
        o.put("data", Base64.getEncoder().encodeToString(c.bits.toByteArray()));
        byte[] value = Json.bytes(o);
        try {
            if (c.exists) {
                storage.update(key, value, c.modRevision);
            } else {
                storage.create(key, value);
            }
            return true;
        } catch (ConflictException | KeyExistsException | KeyNotFoundException e) {
            return false;
        }
    }
}
