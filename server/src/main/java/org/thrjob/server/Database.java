package org.thrjob.server;

import java.util.HashMap;
import java.util.Map;

/**
 * One of the numbered databases: the key dictionary and the expiry times (Redis's {@code redisDb}
 * with its {@code dict} and {@code expires}).
 *
 * <p><b>Thread-safety:</b> not thread-safe: used on the main thread, or under the GIL by a job.
 */
final class Database {

    /** The values: {@code byte[]} strings, {@link java.util.ArrayDeque} lists, hashes, sets. */
    Map<Key, Object> dict = new HashMap<>();
    /** Absolute expiry times in epoch milliseconds, for the keys that have one. */
    Map<Key, Long> expires = new HashMap<>();

    /** The value of a live key, deleting it first if it expired (Redis's lazy expiry). */
    Object lookup(Key key, long now) {
        Object value = dict.get(key);
        if (value != null && !expires.isEmpty()) {
            Long when = expires.get(key);
            if (when != null && when <= now) {
                dict.remove(key);
                expires.remove(key);
                return null;
            }
        }
        return value;
    }

    /** Deletes a key and its expiry; returns the value it held, or null. */
    Object remove(Key key) {
        Object old = dict.remove(key);
        if (old != null && !expires.isEmpty()) {
            expires.remove(key);
        }
        return old;
    }
}
