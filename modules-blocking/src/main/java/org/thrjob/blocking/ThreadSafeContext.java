package org.thrjob.blocking;

/**
 * A context a job uses off the main thread ({@code RedisModule_GetThreadSafeContext}). Bound to a
 * blocked client, its replies accumulate and are sent to that client after the reply callback's
 * output (or the timeout callback's), when the client is unblocked; a detached one
 * ({@link CommandDispatcher#detachedThreadSafeContext()}) replies nowhere.
 *
 * <p><b>Locking:</b> {@link #lock()}, {@link #tryLock()} and {@link #unlock()} take the
 * {@link Gil}, which the main thread holds except while its loop sleeps: while the lock is held,
 * the job has the key space to itself, as in Redis
 * ({@code RedisModule_ThreadSafeContextLock}). {@link #keySpace()} without the lock throws.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread; replies from several
 * threads are kept in the order they were made. After {@link #close()} every method but
 * {@link #unlock()} and {@link #close()} throws {@link IllegalStateException}. Null arguments are refused with {@link NullPointerException}.
 */
public interface ThreadSafeContext extends Replies, AutoCloseable {

    /** Takes the GIL, waiting for the main thread's loop to sleep. */
    void lock();

    /**
     * Takes the GIL if it is free now ({@code RedisModule_ThreadSafeContextTryLock}).
     *
     * @return true if this thread now holds it
     */
    boolean tryLock();

    /**
     * Releases the GIL.
     *
     * @throws IllegalMonitorStateException if this thread does not hold it
     */
    void unlock();

    /**
     * The key space, while this thread holds the GIL.
     *
     * @return the key space
     * @throws IllegalStateException if this thread does not hold the GIL
     */
    KeySpace keySpace();

    /**
     * The database of the bound client (0 for a detached context).
     *
     * @return the database index
     */
    int db();

    /**
     * Signals a key of {@link #db()} ready, from any thread (with or without the GIL); clients
     * blocked on it are served on the main thread.
     *
     * @param key the key; not null
     */
    void signalKeyAsReady(byte[] key);

    /** Ends the context ({@code RedisModule_FreeThreadSafeContext}); replies made so far stay. */
    @Override
    void close();
}
