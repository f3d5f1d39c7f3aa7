package org.thrjob.modules.blockonkeys;

/**
 * The FSL type: "a low-budget imitation of the native Redis list", at most {@link #CAPACITY}
 * integers, each pushed greater than the last. Stored in the key space as the key's value (the
 * server's TYPE calls it {@code module}).
 *
 * <p>Thread-safety: none; touched only by commands and callbacks on the host's main thread.
 */
public final class FixedSizeList {

    /** Redis's {@code LIST_SIZE}. */
    public static final int CAPACITY = 1024;

    final long[] list = new long[CAPACITY];
    int length;

    FixedSizeList() {
    }

    long last() {
        return list[length - 1];
    }

    long pop() {
        return list[--length];
    }

    void push(long element) {
        list[length++] = element;
    }
}
