package org.thrjob.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A binary key (or hash field, or set member) usable in hash maps: Redis's sds compared by bytes.
 *
 * <p><b>Thread-safety:</b> immutable as long as nobody changes the array it was made from (the
 * server never does). A null array is refused with {@link NullPointerException}.
 */
final class Key implements Comparable<Key> {

    private final byte[] bytes;
    private final int hash;

    /**
     * Wraps bytes without copying them.
     *
     * @param bytes the key's bytes; not null, not changed afterwards
     */
    public Key(byte[] bytes) {
        this.bytes = java.util.Objects.requireNonNull(bytes, "key bytes must not be null");
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * The key's bytes (not a copy: do not change them).
     *
     * @return the bytes
     */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * A spread of the hash, as an unsigned 32-bit number: SCAN's cursor order.
     *
     * @return the position in [0, 2^32)
     */
    long scanPosition() {
        int h = hash * 0x9E3779B9;
        return h & 0xffffffffL;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Key && ((Key) other).hash == hash && Arrays.equals(((Key) other).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Key other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
