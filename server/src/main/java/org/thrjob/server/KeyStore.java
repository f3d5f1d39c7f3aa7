package org.thrjob.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import org.thrjob.blocking.KeySpace;

/**
 * The server's data: {@code databases} numbered databases of strings, lists, hashes and sets, with
 * expiry. It is modules-blocking's {@link KeySpace}, so third-party modules see the same data.
 *
 * <p><b>Thread-safety:</b> not thread-safe: the main thread uses it, or a job holding the GIL.
 * Null keys are refused with {@link NullPointerException}; a database index out of range with
 * {@link IndexOutOfBoundsException}.
 */
final class KeyStore implements KeySpace {

    /** Values with more elements than this are freed by bio's lazy-free worker (Redis's 64). */
    static final int LAZYFREE_THRESHOLD = 64;

    private final Database[] dbs;
    private final Consumer<Object> lazyFree;
    /** Told of every key deleted (Redis's signalDeletedKeyAsReady): by a command or on expiry. */
    private ObjIntConsumer<byte[]> onDeleted = (key, db) -> { };

    /**
     * Creates empty databases.
     *
     * @param databases how many; at least 1
     * @param lazyFree  takes a value that is too big to drop on the main thread (bio's lazy free)
     */
    KeyStore(int databases, Consumer<Object> lazyFree) {
        this.dbs = new Database[databases];
        for (int i = 0; i < databases; i++) {
            dbs[i] = new Database(this::expired);
        }
        this.lazyFree = lazyFree;
    }

    /**
     * Sets who is told of every key deleted, whatever deleted it (DEL, UNLINK, a pop or removal
     * that empties its value, a module, lazy or active expiry), with the key and its database, as
     * Redis's {@code dbGenericDelete} signals a deleted key to the clients blocked on it. Not for
     * FLUSHDB, FLUSHALL and SWAPDB, which {@link KeyReadiness} signals key by key.
     *
     * @param listener the listener, not null; called on the thread that deletes, under the GIL
     */
    void onDeleted(ObjIntConsumer<byte[]> listener) {
        this.onDeleted = java.util.Objects.requireNonNull(listener, "listener");
    }

    private void expired(Database d, Key key) {
        for (int i = 0; i < dbs.length; i++) {
            if (dbs[i] == d) {
                onDeleted.accept(key.bytes(), i);
                return;
            }
        }
    }

    /** The number of databases. */
    int databases() {
        return dbs.length;
    }

    Database db(int index) {
        return dbs[index];
    }

    static long now() {
        return System.currentTimeMillis();
    }

    @Override
    public Object get(int db, byte[] key) {
        return dbs[db].lookup(new Key(key));
    }

    /** The live value of a key. */
    Object lookup(int db, Key key) {
        return dbs[db].lookup(key);
    }

    @Override
    public void set(int db, byte[] key, Object value) {
        Objects.requireNonNull(value, "value must not be null: delete the key instead");
        put(db, new Key(key), value, true);
    }

    /** Stores a value; {@code clearExpiry} as a SET does, false as an in-place change does. */
    void put(int db, Key key, Object value, boolean clearExpiry) {
        Database d = dbs[db];
        d.dict.put(key, value);
        if (clearExpiry && !d.expires.isEmpty()) {
            d.expires.remove(key);
        }
    }

    @Override
    public boolean delete(int db, byte[] key) {
        return delete(db, new Key(key), false);
    }

    /** Deletes a key; {@code lazy} hands a big value to bio (UNLINK). */
    boolean delete(int db, Key key, boolean lazy) {
        Database d = dbs[db];
        if (d.lookup(key) == null) {
            return false;
        }
        Object old = d.remove(key);
        if (lazy && Values.size(old) > LAZYFREE_THRESHOLD) {
            lazyFree.accept(old);
        }
        onDeleted.accept(key.bytes(), db);
        return true;
    }

    /** Sets an absolute expiry time on a live key; false if there is no such key. */
    boolean expireAt(int db, Key key, long whenMs) {
        Database d = dbs[db];
        if (d.lookup(key) == null) {
            return false;
        }
        d.expire(key, whenMs);
        return true;
    }

    /** Milliseconds left: -2 for no key, -1 for no expiry. */
    long pttl(int db, Key key) {
        Database d = dbs[db];
        long now = now();
        if (d.lookup(key, now) == null) {
            return -2;
        }
        Long when = d.expires.get(key);
        return when == null ? -1 : Math.max(0, when - now);
    }

    /**
     * A database's dictionary handed to bio by FLUSHDB/FLUSHALL ASYNC: it counts one lazy-freed
     * object per key, as Redis's {@code emptyDbAsync} counts them.
     *
     * @param dict the emptied dictionary, no longer reachable from the key space
     */
    record FlushedDict(Map<Key, Object> dict) {
    }

    /** Empties a database; {@code async} hands its dictionary to bio in one piece. */
    void flush(int db, boolean async) {
        Database d = dbs[db];
        Map<Key, Object> old = d.dict;
        d.dict = new java.util.HashMap<>();
        d.expires = new java.util.HashMap<>();
        d.deadlines = new java.util.PriorityQueue<>();
        if (async && !old.isEmpty()) {
            lazyFree.accept(new FlushedDict(old));
        }
    }

    /** SWAPDB. */
    void swap(int a, int b) {
        Database t = dbs[a];
        dbs[a] = dbs[b];
        dbs[b] = t;
    }

    /** DBSIZE (expired keys not yet reclaimed included, as in Redis). */
    int size(int db) {
        return dbs[db].dict.size();
    }

    /** Keys with an expiry in a database (INFO keyspace). */
    int expiring(int db) {
        return dbs[db].expires.size();
    }

    /** The live keys of a database matching a glob pattern, or all with null. */
    @Override
    public List<byte[]> keys(int db) {
        List<byte[]> out = new ArrayList<>();
        for (Key key : keys(db, null)) {
            out.add(key.bytes().clone());
        }
        return out;
    }

    List<Key> keys(int db, byte[] pattern) {
        Database d = dbs[db];
        long now = now();
        List<Key> out = new ArrayList<>();
        for (Key key : new ArrayList<>(d.dict.keySet())) {
            if ((pattern == null || Glob.matches(pattern, key.bytes())) && d.lookup(key, now) != null) {
                out.add(key);
            }
        }
        return out;
    }

    /**
     * Redis's active expiry, bounded: deletes the keys that are due, soonest first, looking at up
     * to {@code budget} deadlines per database.
     *
     * @return how many keys were deleted
     */
    int expireCycle(int budget) {
        long now = now();
        int deleted = 0;
        for (Database d : dbs) {
            deleted += d.expireDue(now, budget);
        }
        return deleted;
    }
}
