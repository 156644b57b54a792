package io.capstan.apiserver.storage.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key encoding shared by the backends: keys are compared as UTF-8 bytes (as etcd does), and a
 * prefix is turned into the half-open byte range {@code [prefix, prefixEnd(prefix))}.
 */
public final class Keys {

    private Keys() {
    }

    /** The key's UTF-8 bytes; the order of these bytes is the order of keys in every backend. */
    public static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes UTF-8 key bytes. */
    public static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The smallest byte string greater than every key that starts with {@code prefix}: the prefix
     * with its last byte below 0xff incremented and the rest cut off.
     *
     * @return the exclusive range end, or {@code null} when no such end exists (empty prefix, or
     *         a prefix of only 0xff bytes), meaning "to the end of the key space"
     */
    public static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    /**
     * Checks a continue key: it must lie inside the prefix, or a page could leak keys of another
     * collection.
     */
    /** The arguments of {@code Storage.count}: a prefix, a start key within it or null, a revision not below 0. */
    public static void requireCountable(String prefix, String startKey, long revision) {
        java.util.Objects.requireNonNull(prefix, "prefix");
        requireWithinPrefix(prefix, startKey);
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative");
        }
    }

    public static void requireWithinPrefix(String prefix, String startKey) {
        if (startKey != null && !startKey.startsWith(prefix)) {
            throw new IllegalArgumentException("start key " + startKey + " is outside prefix " + prefix);
        }
    }
}
