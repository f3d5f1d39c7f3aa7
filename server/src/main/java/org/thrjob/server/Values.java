package org.thrjob.server;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The value types of the key space and their Redis names: a string is a {@code byte[]}, a list an
 * {@link ArrayDeque} of {@code byte[]}, a hash a {@link LinkedHashMap} from {@link Key} to
 * {@code byte[]}, a set a {@link LinkedHashSet} of {@link Key}.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class Values {

    /** Redis's reply to a command on a key of another type. */
    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    private Values() {
    }

    /** The name TYPE replies, {@code none} for null. */
    static String typeName(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof byte[]) {
            return "string";
        }
        if (value instanceof ArrayDeque) {
            return "list";
        }
        if (value instanceof Map) {
            return "hash";
        }
        if (value instanceof LinkedHashSet) {
            return "set";
        }
        return "module"; // a value a third-party module stored through the KeySpace
    }

    /** How many elements a value holds: what decides whether freeing it goes to bio. */
    static int size(Object value) {
        if (value instanceof ArrayDeque) {
            return ((ArrayDeque<?>) value).size();
        }
        if (value instanceof Map) {
            return ((Map<?, ?>) value).size();
        }
        if (value instanceof LinkedHashSet) {
            return ((LinkedHashSet<?>) value).size();
        }
        return 1;
    }
}
