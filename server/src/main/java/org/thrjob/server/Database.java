package org.thrjob.server;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * One of the numbered databases: the key dictionary and the expiry times (Redis's {@code redisDb}
 * with its {@code dict} and {@code expires}).
 *
 * <p><b>Thread-safety:</b> not thread-safe: used on the main thread, or under the GIL by a job.
 */
final class Database {

    /** Told of each key this database deletes by itself, on expiry. */
    interface ExpiryListener {
        /**
         * A key expired and was deleted.
         *
         * @param db  the database that deleted it
         * @param key the key
         */
        void expired(Database db, Key key);
    }

    /** A lookup's time that means: read the clock, if the key has an expiry to judge. */
    private static final long READ_CLOCK = Long.MIN_VALUE;

    private final ExpiryListener onExpired;

    /**
     * Creates an empty database.
     *
     * @param onExpired told of each key deleted on expiry (lazily or actively); not null
     */
    Database(ExpiryListener onExpired) {
        this.onExpired = java.util.Objects.requireNonNull(onExpired, "onExpired");
    }

    /** The values: {@code byte[]} strings, {@link java.util.ArrayDeque} lists, hashes, sets. */
    Map<Key, Object> dict = new HashMap<>();
    /** Absolute expiry times in epoch milliseconds, for the keys that have one. */
    Map<Key, Long> expires = new HashMap<>();
    /**
     * The expiry times again, soonest first, for the active expiry: an entry whose key no longer
     * has that time (deleted, persisted, given another time) is dropped when it comes due.
     */
    PriorityQueue<Deadline> deadlines = new PriorityQueue<>();

    /** A key's expiry time in the queue of deadlines. */
    record Deadline(long when, Key key) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            return Long.compare(when, other.when);
        }
    }

    /** Sets a key's expiry time. */
    void expire(Key key, long when) {
        expires.put(key, when);
        deadlines.add(new Deadline(when, key));
    }

    /**
     * Redis's active expiry: deletes keys whose time has come, at most {@code budget} deadlines
     * looked at.
     *
     * @return how many keys were deleted
     */
    int expireDue(long now, int budget) {
        int deleted = 0;
        for (int seen = 0; seen < budget; seen++) {
            Deadline d = deadlines.peek();
            if (d == null || d.when() > now) {
                break;
            }
            deadlines.poll();
            Long current = expires.get(d.key());
            if (current != null && current == d.when()) {
                expires.remove(d.key());
                dict.remove(d.key());
                deleted++;
                onExpired.expired(this, d.key());
            }
        }
        return deleted;
    }

    /**
     * The value of a live key, deleting it first if it expired (Redis's lazy expiry). The clock is
     * read only for a key that has an expiry, as Redis's {@code keyIsExpired} does: most keys have
     * none, and a clock read costs as much as the rest of a GET's lookup.
     */
    Object lookup(Key key) {
        return lookup(key, READ_CLOCK);
    }

    /**
     * {@link #lookup(Key)} at a time the caller read once for many keys (KEYS, SCAN), or at
     * {@link #READ_CLOCK}.
     */
    Object lookup(Key key, long now) {
        Object value = dict.get(key);
        if (value != null && !expires.isEmpty()) {
            Long when = expires.get(key);
            if (when != null && when <= (now == READ_CLOCK ? KeyStore.now() : now)) {
                dict.remove(key);
                expires.remove(key);
                onExpired.expired(this, key);
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
