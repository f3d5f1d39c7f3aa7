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

    /**
     * Runs a command through the dispatcher and returns its reply ({@code RedisModule_Call} with
     * the {@code E} flag: errors come back as {@link CallReply.Type#ERROR} replies, unknown
     * commands and wrong arities too). The command runs as a client of its own with this
     * client's id and database, speaking RESP2, with {@link ContextFlag#DENY_BLOCKING}: a
     * blocking command does not block (BLPOP on an empty list replies null at once) and a module
     * command that would block sees the flag. It counts in the command's statistics, not in the
     * slow log (its time is part of the caller's).
     *
     * @param args the command, its name first; not empty, no null element
     * @return the reply
     * @throws IllegalStateException    if the calling thread does not hold the GIL: take it with
     *                                  {@link #lock()} first; or if the context is closed
     * @throws IllegalArgumentException if {@code args} is empty
     */
    CallReply call(java.util.List<byte[]> args);

    /**
     * From a thread holding the GIL, lets the main thread serve other clients while this thread
     * keeps working under the lock ({@code RedisModule_Yield} from a thread-safe context). Until
     * the busy reply threshold has passed since this context was made it does nothing; after it,
     * every 100 ms, with {@link YieldFlag#CLIENTS}: the server becomes busy (other clients' requests
     * get {@code -BUSY <busyReply>}, Redis's {@code -BUSY Redis is busy running a module command.}
     * if null, unless allowed while busy), and if the main thread waits for the GIL this thread
     * lets it run one turn and then takes the GIL back; if it does not wait yet, it is woken so
     * that it does at the next yield. The busy state ends when this context {@link #unlock()}s.
     * With {@link YieldFlag#NONE} nothing is served: the main thread keeps waiting for the GIL.
     * On the main thread it behaves as {@link CommandContext#yield}.
     *
     * @param flag      what to serve; not null
     * @param busyReply the text after {@code -BUSY } that other clients get, or null for Redis's
     * @throws IllegalStateException if this thread does not hold the GIL, or the context is closed
     */
    void yield(YieldFlag flag, String busyReply);

    /** Ends the context ({@code RedisModule_FreeThreadSafeContext}); replies made so far stay. */
    @Override
    void close();
}
