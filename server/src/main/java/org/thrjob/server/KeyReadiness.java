package org.thrjob.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What emptying and swapping databases tell the clients blocked on keys, as Redis's db.c does
 * (a single deleted key is signalled by {@link KeyStore#onDeleted}): a deleted key is signalled as deleted ({@code signalDeletedKeyAsReady}, which wakes only
 * the clients that asked for it); an emptied database signals each of its waited keys that
 * existed ({@code signalFlushedDb}); a swapped database signals each waited key that vanished or
 * changed type as deleted ({@code scanDatabaseForDeletedKeys}) and each that now exists as ready
 * ({@code scanDatabaseForReadyKeys}). Clients stay with their database index across a SWAPDB, as
 * in Redis, so they see the other database's data.
 *
 * <p>Only the keys clients wait on are looked at ({@link org.thrjob.blocking.CommandDispatcher#waitedKeys}),
 * so emptying or swapping a big database costs nothing more when nobody waits.
 *
 * <p><b>Thread-safety:</b> main thread only, as the commands that call it.
 */
final class KeyReadiness {

    private final RedisServer server;

    KeyReadiness(RedisServer server) {
        this.server = server;
    }

    /** Empties a database, then signals the waited keys it held as deleted. */
    void flush(int db, boolean async) {
        KeyStore ks = server.keys();
        List<byte[]> existed = new ArrayList<>();
        for (byte[] key : server.dispatcher.waitedKeys(db)) {
            if (ks.lookup(db, new Key(key)) != null) {
                existed.add(key);
            }
        }
        ks.flush(db, async);
        for (byte[] key : existed) {
            server.dispatcher.keyDeleted(db, key);
        }
    }

    /** Swaps two databases, then signals what each one's waiters now see. */
    void swap(int a, int b) {
        KeyStore ks = server.keys();
        List<byte[]> waitedA = server.dispatcher.waitedKeys(a);
        List<byte[]> waitedB = a == b ? List.of() : server.dispatcher.waitedKeys(b);
        List<byte[]> goneA = changed(ks, waitedA, a, b);
        List<byte[]> goneB = changed(ks, waitedB, b, a);
        ks.swap(a, b);
        signal(ks, a, waitedA, goneA);
        signal(ks, b, waitedB, goneB);
    }

    /** The waited keys of {@code db} that existed and are absent, or of another type, in {@code other}. */
    private static List<byte[]> changed(KeyStore ks, List<byte[]> waited, int db, int other) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] key : waited) {
            Key k = new Key(key);
            Object before = ks.lookup(db, k);
            Object after = ks.lookup(other, k);
            if (before != null && !Objects.equals(Values.typeName(before), Values.typeName(after))) {
                out.add(key);
            }
        }
        return out;
    }

    private void signal(KeyStore ks, int db, List<byte[]> waited, List<byte[]> gone) {
        for (byte[] key : gone) {
            server.dispatcher.keyDeleted(db, key);
        }
        for (byte[] key : waited) {
            if (ks.lookup(db, new Key(key)) != null) {
                server.dispatcher.signalKeyAsReady(db, key);
            }
        }
    }
}
