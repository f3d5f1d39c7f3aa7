package org.thrjob.api;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A client blocked by a command while a job does the slow part: Redis's
 * {@code RedisModuleBlockedClient}. It lives in the API so that a job of any module can finish it
 * without knowing which module blocked it.
 *
 * <p><b>Exactly one outcome.</b> Of {reply, timeout, abort, disconnect} exactly one wins, whatever
 * the race (SPEC rule 9.1):
 * <ul>
 *   <li>{@link #unblock(Object)} from any thread: the reply callback then runs on the main thread
 *       with the privdata;</li>
 *   <li>the deadline passes first: the timeout callback runs on the main thread (an unblock and a
 *       deadline handled in the same main-loop turn: the unblock wins);</li>
 *   <li>{@link #abort()}: the client is released without the reply callback;</li>
 *   <li>the client disconnects: the disconnect callback runs on the main thread.</li>
 * </ul>
 * The privdata free callback runs on the main thread exactly once on every path, after the winning
 * callback (SPEC rule 9.2). An unblock that comes after a timeout or a disconnect is legal: it only
 * frees the privdata it carries. A second unblock returns false and does nothing else.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread. Everything a job did before
 * {@code unblock(p)} happens-before the reply callback runs with {@code p}.
 *
 * <p><b>Null:</b> privdata may be null (Redis's {@code NULL} privdata); callbacks set to null are
 * skipped.
 *
 * <p>The host that owns the connection makes one with {@link #builder(MainQueue)}; see
 * {@link MainQueueBlockedClient} for the exact rules of each path.
 *
 * @param <P> the private data handed from the job to the reply callback
 */
public interface BlockedClient<P> {

    /**
     * Starts blocking a client whose callbacks run on {@code main}
     * ({@code RedisModule_BlockClient}): set the callbacks and the timeout, then call
     * {@link MainQueueBlockedClient.Builder#block()}.
     *
     * <pre>{@code
     * MainQueueBlockedClient<Long> bc = BlockedClient.<Long>builder(thr.mainQueue())
     *         .onReply(n -> reply(n)).onTimeout(n -> replyNull()).freePrivdata(n -> release(n))
     *         .timeout(Duration.ofSeconds(5))
     *         .block();
     * }</pre>
     *
     * @param <P>  the privdata type
     * @param main the main queue the callbacks and the free run on; not null
     * @return a new builder
     * @throws NullPointerException if {@code main} is null
     */
    static <P> MainQueueBlockedClient.Builder<P> builder(MainQueue main) {
        return MainQueueBlockedClient.builder(main);
    }

    /** How a blocked client ended. */
    enum Outcome {
        /** {@link #unblock(Object)} won: the reply callback ran. */
        REPLY,
        /** The deadline passed first: the timeout callback ran. */
        TIMEOUT,
        /** {@link #abort()} won: no reply callback ran. */
        ABORT,
        /** The client disconnected first: the disconnect callback ran. */
        DISCONNECT
    }

    /**
     * Unblocks the client with {@code privdata} ({@code RedisModule_UnblockClient}): the reply
     * callback runs on the main thread with it, unless another outcome already won, in which case
     * {@code privdata} is only freed.
     *
     * @param privdata what the reply callback receives; may be null; replaces any privdata set
     *                 earlier with {@link #setPrivdata}
     * @return true if this call decided the outcome (the reply will run), false if the outcome was
     *         already decided
     */
    boolean unblock(P privdata);

    /**
     * Releases the client without calling the reply callback ({@code RedisModule_AbortBlock}), for
     * a command that blocked and then could not start its job.
     *
     * @return true if this call decided the outcome, false if another outcome already won
     */
    boolean abort();

    /**
     * Tells whether the client disconnected while blocked.
     *
     * @return true once a disconnect was observed
     */
    boolean isDisconnected();

    /**
     * The outcome, once decided.
     *
     * @return the winning outcome, or empty while the client is still blocked
     */
    Optional<Outcome> outcome();

    /**
     * Sets the privdata that the callbacks and the free callback receive if no unblock brings its
     * own ({@code RedisModule_BlockedClientSetPrivateData}). Ignored once the outcome is decided,
     * except that the value is still freed.
     *
     * @param privdata the privdata; may be null
     */
    void setPrivdata(P privdata);

    /**
     * The privdata set so far, by {@link #setPrivdata} or {@link #unblock}.
     *
     * @return the privdata, or empty if none was set or it was null
     */
    Optional<P> privdata();

    /**
     * Sets the callback run on the main thread if the client disconnects while blocked
     * ({@code RedisModule_SetDisconnectCallback}). Replaces any earlier one.
     *
     * @param onDisconnect receives the privdata; null for none
     */
    void setDisconnectCallback(Consumer<? super P> onDisconnect);

    /**
     * Starts measuring background time ({@code RedisModule_BlockedClientMeasureTimeStart}):
     * the time between a start and its end is added to the command's duration.
     */
    void measureTimeStart();

    /**
     * Ends a measurement started by {@link #measureTimeStart()}; without a start, does nothing.
     */
    void measureTimeEnd();

    /**
     * The background time measured so far.
     *
     * @return the sum of every start-to-end interval, never null
     */
    Duration backgroundTime();
}
