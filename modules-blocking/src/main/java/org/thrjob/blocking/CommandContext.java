package org.thrjob.blocking;

import java.util.List;
import java.util.Set;
import org.thrjob.api.BlockedClient;

/**
 * The context of one call: Redis's {@code RedisModuleCtx}. It gives the arguments, the client, the
 * reply methods, the key space, and the blocking API.
 *
 * <p><b>Thread-safety:</b> confined to the main thread, and valid only during the call (or the
 * callback) it was made for; use it afterwards and it throws {@link IllegalStateException}. To
 * reply from a job, block the client and use a {@link ThreadSafeContext}. Null arguments are
 * refused with {@link NullPointerException}.
 */
public interface CommandContext extends Replies {

    /**
     * The arguments of the command, its name first.
     *
     * @return the arguments (unmodifiable, never empty)
     */
    List<byte[]> args();

    /**
     * The calling client's id ({@code RedisModule_GetClientId}).
     *
     * @return the id
     */
    long clientId();

    /**
     * The protocol the client speaks.
     *
     * @return 2 or 3
     */
    int respVersion();

    /**
     * The client's selected database ({@code RedisModule_GetSelectedDb}).
     *
     * @return the database index
     */
    int db();

    /**
     * The key space, implemented by the host; pass it {@link #db()}.
     *
     * @return the key space (never null)
     */
    KeySpace keySpace();

    /**
     * What kind of call this is ({@code RedisModule_GetContextFlags}): check for
     * {@link ContextFlag#MULTI}, {@link ContextFlag#LUA}, {@link ContextFlag#DENY_BLOCKING} or
     * {@link ContextFlag#BLOCKED_REPLY} before blocking.
     *
     * @return the flags (unmodifiable)
     */
    Set<ContextFlag> contextFlags();

    /**
     * Blocks the client ({@code RedisModule_BlockClient}). Hand the result to a job, which calls
     * {@link BlockedClient#unblock} from any thread; {@code onReply} then runs on the main thread.
     * Where blocking is not allowed (MULTI, a script, a context that denies blocking, a blocked
     * client's callback) the client is not blocked: the handle comes back already aborted (its
     * unblock returns false and only frees) and the client gets Redis's error, e.g.
     * {@code ERR Blocking module command called from transaction}.
     *
     * @param <P>       the privdata type
     * @param onReply   runs on the main thread after an unblock, with
     *                  {@link #isBlockedReply()} true; null to reply nothing
     * @param onTimeout runs on the main thread when the timeout passes first (or on
     *                  {@code CLIENT UNBLOCK}), with {@link #isBlockedTimeout()} true; null to
     *                  time out silently (SPEC rule 9.4)
     * @param free      frees each non-null privdata exactly once on the main thread; null for none
     * @param timeoutMs the timeout in milliseconds; 0 for none; not negative
     * @return the blocked client (never null)
     * @throws IllegalArgumentException if {@code timeoutMs} is negative
     * @throws IllegalStateException    if this call already blocked its client, or the context is
     *                                  no longer valid
     */
    <P> BlockedClient<P> blockClient(Command onReply, Command onTimeout, PrivdataFree<? super P> free,
            long timeoutMs);

    /**
     * Blocks the client until one of {@code keys} is signalled ready
     * ({@code RedisModule_BlockClientOnKeys}, with {@code REDISMODULE_BLOCK_UNBLOCK_DELETED} when
     * {@code wakeOnDelete}). Each signal calls {@code onReady} on the main thread, clients in the
     * order they blocked, until one accepts. On timeout or disconnect the dispatcher unblocks and
     * frees by itself. Refused where {@link #blockClient} is refused, the same way. An explicit
     * {@link BlockedClient#unblock} of such a client runs {@code onTimeout} (Redis's
     * {@code RM_UnblockClient} on a client blocked on keys), which sees the privdata given here
     * (a value passed to {@code unblock} is only freed); without {@code onTimeout} the unblock is
     * refused (returns false, the value given is freed).
     *
     * @param <P>          the privdata type
     * @param onReady      decides whether a signal serves the client; not null
     * @param onTimeout    runs on the timeout; null to time out silently
     * @param free         frees the privdata; null for none
     * @param timeoutMs    the timeout in milliseconds; 0 for none; not negative
     * @param keys         the keys, in this client's database; not null, not empty
     * @param privdata     the privdata the callbacks see; may be null
     * @param wakeOnDelete also call {@code onReady} when one of the keys is deleted
     * @return the blocked client (never null)
     * @throws IllegalArgumentException if {@code timeoutMs} is negative or {@code keys} is empty
     * @throws IllegalStateException    if this call already blocked its client
     */
    <P> BlockedClient<P> blockClientOnKeys(KeyReadyCallback onReady, Command onTimeout,
            PrivdataFree<? super P> free, long timeoutMs, List<byte[]> keys, P privdata,
            boolean wakeOnDelete);

    /**
     * Whether this context is a blocked client's reply callback
     * ({@code RedisModule_IsBlockedReplyRequest}).
     *
     * @return true inside a reply or key-ready callback
     */
    boolean isBlockedReply();

    /**
     * Whether this context is a blocked client's timeout callback
     * ({@code RedisModule_IsBlockedTimeoutRequest}).
     *
     * @return true inside a timeout callback
     */
    boolean isBlockedTimeout();

    /**
     * The privdata of the blocked client this callback serves
     * ({@code RedisModule_GetBlockedClientPrivateData}). Do not free it here: the free callback
     * does.
     *
     * @param <P> the privdata type the caller expects (unchecked, as in C)
     * @return the privdata, or null outside a callback or when none was set
     */
    <P> P blockedPrivdata();

    /**
     * The blocked client this callback serves ({@code RedisModule_GetBlockedClientHandle}): a
     * key-ready callback may unblock its own client with it, which runs the timeout callback
     * instead of serving the key again, as in Redis.
     *
     * @param <P> the privdata type the caller expects (unchecked, as in C)
     * @return the handle inside a reply, key-ready or timeout callback; null elsewhere
     * @throws IllegalStateException if the context is no longer valid
     */
    <P> BlockedClient<P> blockedClient();

    /**
     * The key signalled ready, inside a key-ready callback
     * ({@code RedisModule_GetBlockedClientReadyKey}).
     *
     * @return the key, or null elsewhere
     */
    byte[] readyKey();

    /**
     * Inside a free callback, whether the client disconnected while blocked
     * ({@code RedisModule_BlockedClientDisconnected}).
     *
     * @return true if the client went away before it was served
     */
    boolean blockedClientDisconnected();

    /**
     * Signals that a key of the client's database may serve clients blocked on it
     * ({@code RedisModule_SignalKeyAsReady}). They are served after this call returns.
     *
     * @param key the key; not null
     */
    void signalKeyAsReady(byte[] key);

    /**
     * A context bound to no client that a job may use from any thread
     * ({@code RedisModule_GetDetachedThreadSafeContext}): for work on the key space under the
     * GIL that no client waits for; its replies go nowhere. Its database is this client's
     * {@link #db()}.
     *
     * @return a new thread-safe context; close it when done
     * @throws IllegalStateException if this context is no longer valid
     */
    ThreadSafeContext detachedThreadSafeContext();

    /**
     * Creates a timer that runs {@code callback} once on the main thread after {@code periodMs}
     * ({@code RedisModule_CreateTimer}), with a detached context of this client's database.
     * Pending timers do not keep the host alive: if its runtime closes first, they never fire.
     * The timer is due {@code periodMs} after this call's time snapshot, the instant a blocked
     * client's deadline counts from too; timers and deadlines are decided in deadline order, a
     * timer winning a tie (SPEC rule 9.10).
     *
     * @param periodMs the delay in milliseconds; 0 fires on the next turn of the main loop
     * @param callback what to run; not null
     * @return the timer's id, positive and unique for this dispatcher (Redis replies it)
     * @throws IllegalArgumentException if {@code periodMs} is negative
     * @throws IllegalStateException    if this context is no longer valid
     */
    long createTimer(long periodMs, TimerCallback callback);

    /**
     * Stops a timer that has not fired ({@code RedisModule_StopTimer}).
     *
     * @param timerId an id {@link #createTimer} returned; any other value is simply not found
     * @return true if the timer was pending and now never fires; false if it fired, was stopped
     *         or never existed
     * @throws IllegalStateException if this context is no longer valid
     */
    boolean stopTimer(long timerId);

    /**
     * A context bound to a blocked client that a job may use from any thread
     * ({@code RedisModule_GetThreadSafeContext(bc)}): its replies are sent after the reply
     * callback's output.
     *
     * @param blocked a client blocked by this dispatcher; not null
     * @return a new thread-safe context
     * @throws IllegalArgumentException if {@code blocked} was not made by this dispatcher
     */
    ThreadSafeContext threadSafeContext(BlockedClient<?> blocked);

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
     * @throws IllegalStateException    if the calling thread does not hold the GIL (a context used
     *                                  off the main thread) or the context is no longer valid
     * @throws IllegalArgumentException if {@code args} is empty
     */
    CallReply call(java.util.List<byte[]> args);

    /**
     * Lets the server serve other clients while this command runs long ({@code RedisModule_Yield}).
     * Call it often (every millisecond or so) from a loop that may run for seconds. Until the
     * host's busy reply threshold ({@code busy-reply-threshold}, 5 s by default; see
     * {@link CommandDispatcher#busyReplyThreshold(long)}) has passed since the command began it
     * does nothing; after that, every 100 ms (Redis's {@code 1000/hz}):
     * <ul>
     *   <li>with {@link YieldFlag#CLIENTS}, the host's event pump runs
     *       ({@link CommandDispatcher#eventPump(Runnable)}): the other clients' requests are read
     *       and refused with {@code -BUSY <busyReply>} (or Redis's {@code -BUSY Redis is busy
     *       running a module command.} when {@code busyReply} is null), except commands allowed
     *       while busy ({@link CommandFlag#ALLOW_BUSY}, e.g. the one that stops this work). This
     *       client's own next requests wait until the command returns;</li>
     *   <li>with {@link YieldFlag#NONE}, nothing is served: the others' requests wait and run once
     *       the command returns.</li>
     * </ul>
     * A yield made while another is serving events (a command allowed while busy yields too) does
     * nothing, as in Redis. The command keeps the GIL throughout.
     *
     * @param flag      what to serve; not null
     * @param busyReply the text after {@code -BUSY } that other clients get, or null for Redis's
     * @throws IllegalStateException if the context is no longer valid or off the main thread
     */
    void yield(YieldFlag flag, String busyReply);
}
