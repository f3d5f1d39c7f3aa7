package org.thrjob.blocking;

/**
 * The data space that commands read and write, implemented by the host. Keys are binary, as in
 * Redis; values are whatever the host stores.
 *
 * <p><b>Thread-safety:</b> the dispatcher only calls it, and only hands it out, on the main thread
 * or to a {@link ThreadSafeContext} that holds the {@link Gil}; an implementation needs no locking
 * of its own. Null keys are refused with {@link NullPointerException}.
 */
public interface KeySpace {

    /**
     * The value of a key.
     *
     * @param db  the database index
     * @param key the key (never null)
     * @return the value, or null when the key does not exist
     */
    Object get(int db, byte[] key);

    /**
     * Sets a key.
     *
     * @param db    the database index
     * @param key   the key (never null)
     * @param value the value (never null)
     */
    void set(int db, byte[] key, Object value);

    /**
     * Deletes a key.
     *
     * @param db  the database index
     * @param key the key (never null)
     * @return true if the key existed
     */
    boolean delete(int db, byte[] key);

    /**
     * The live keys of a database, in no particular order: what a module's SCAN-like walk needs
     * (Redis's helloblock module calls SCAN through {@code RedisModule_Call}).
     *
     * @param db the database index
     * @return a new list of the keys, each a copy the caller may keep
     * @throws UnsupportedOperationException if this key space cannot list its keys (the default)
     */
    default java.util.List<byte[]> keys(int db) {
        throw new UnsupportedOperationException("this key space cannot list its keys: implement KeySpace.keys");
    }
}
