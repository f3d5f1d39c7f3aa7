package org.thrjob.ichannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.thrjob.api.Thr;
import org.thrjob.ichannel.internal.Loop;

/**
 * The main thread's event loop: a {@link java.nio.channels.Selector} loop that serves RESP
 * channels and drains the runtime's main queue every turn (see {@link org.thrjob.ichannel}).
 *
 * <p>{@link #open} binds the listening socket at once, so that {@link #port()} is known before the
 * loop runs; {@link #run()} then serves on the calling thread, which becomes the runtime's main
 * thread, until {@link #stop()}. On its way out the loop writes what the sockets take at once,
 * closes every connection (running their close callbacks), the listener and the selector, and
 * removes its wakeup hook. It starts no thread of its own.
 *
 * <p><b>Thread-safety:</b> {@link #run()} is called once, on the thread that is to be the main
 * thread; every other method may be called from any thread.
 *
 * <p><b>Null and close:</b> null arguments throw {@link NullPointerException}; {@code run} after
 * {@code stop} throws {@link IllegalStateException}; replies after stop are dropped.
 */
public interface EventLoop extends ReplyBridge {

    /**
     * Opens an event loop: binds its listener and prepares its selector, without serving yet.
     *
     * @param thr     the runtime whose main queue the loop drains; not null, not closed
     * @param config  where to listen and the limits; not null
     * @param handler called on the main thread for each request; not null
     * @return the loop; call {@link #run()} on the main thread
     * @throws NullPointerException if an argument is null
     * @throws IOException          if the address cannot be bound (in use, not local, ...)
     */
    static EventLoop open(Thr thr, ChannelConfig config, RequestHandler handler) throws IOException {
        return Loop.open(thr, config, handler, SleepHook.NONE);
    }

    /**
     * Opens an event loop whose sleeps are wrapped by a hook (Redis's {@code beforeSleep} and
     * {@code afterSleep}): see {@link SleepHook} for when it runs and what its exceptions do.
     *
     * @param thr     the runtime whose main queue the loop drains; not null, not closed
     * @param config  where to listen and the limits; not null
     * @param handler called on the main thread for each request; not null
     * @param hook    called on the main thread around each sleep; not null ({@link SleepHook#NONE})
     * @return the loop; call {@link #run()} on the main thread
     * @throws NullPointerException if an argument is null
     * @throws IOException          if the address cannot be bound (in use, not local, ...)
     */
    static EventLoop open(Thr thr, ChannelConfig config, RequestHandler handler, SleepHook hook)
            throws IOException {
        return Loop.open(thr, config, handler, hook);
    }

    /**
     * Serves on the calling thread until {@link #stop()}: binds the main queue to this thread,
     * registers the selector's wakeup as its hook, then turns (drain the main queue, write, select,
     * read and dispatch) until stopped, and cleans up. The loop's hook replaces any wakeup hook
     * the main queue had, and is removed when {@code run} returns. A {@link SleepHook} given to
     * {@code open} runs around each select, and an exception from it stops the loop and is
     * rethrown here after the cleanup.
     *
     * @throws IllegalStateException if the loop is running or was stopped, or if a main job is
     *                               running on another main thread right now
     */
    void run();

    /**
     * Lets the loop serve other clients while a handler is still running on its thread (Redis's
     * {@code processEventsWhileBlocked}, which a busy script or a yielding module command calls):
     * without sleeping, it accepts new connections, reads the clients that sent something and
     * hands their complete requests to the {@link RequestHandler} (which can answer them, e.g.
     * with {@code -BUSY}), and writes what replies are ready, up to four rounds while events keep
     * coming, as Redis does.
     *
     * <p>What it does not do, and why:
     * <ul>
     *   <li>the connection whose request is running (the one whose handler is on the stack) is not
     *       read: its next requests wait, in order, until the handler returns (Redis's
     *       {@code protectClient}); its replies are still written;</li>
     *   <li>the main queue is not drained (jobs, timers and replies given from other threads wait
     *       for the next turn), and the {@link SleepHook} is not called: the caller keeps whatever
     *       the hook guards (the module GIL), as Redis keeps it while processing events blocked;</li>
     *   <li>a call made while another is in progress (a handler it dispatched calls it again) is
     *       nested: it returns 0 at once, as Redis's {@code RM_Yield} ignores nested yields.</li>
     * </ul>
     *
     * <p><b>Thread-safety:</b> on the loop's thread only, while it runs: from a handler, a main
     * queue job or the hook. Once {@link #stop()} was asked it does nothing and returns 0.
     *
     * @return how many ready events (accepts, reads, writes) it handled; 0 if none was ready, if
     *         nested, or if the loop is stopping
     * @throws IllegalStateException if called off the loop's thread, or when the loop is not
     *                               running (before {@link #run()} or after it returned)
     */
    int processEventsWhileBlocked();

    /**
     * Asks the loop to stop and wakes it; returns at once. Harmless when stopped already. Before
     * {@link #run()} was called, it closes the listener and selector itself.
     */
    void stop();

    /**
     * Changes the configuration while the loop runs, as Redis's {@code CONFIG SET} does: the new
     * maximum applies to the next accepted connection (connections already served stay), the idle
     * timeout and output limits from the next cron check, to every connection. A new bind address
     * or port moves the listener (Redis's {@code changeListenPort}): the new one is bound first,
     * then the old one closed; connections already accepted stay.
     *
     * @param config the new configuration; not null
     * @throws NullPointerException  if {@code config} is null
     * @throws IOException           if the new address cannot be bound; nothing changed then
     * @throws IllegalStateException if called off the loop's thread while it runs (post a job to
     *                               the main queue), or after the loop stopped
     */
    void reconfigure(ChannelConfig config) throws IOException;

    /**
     * The configuration in force: the one given to {@code open}, or to the last {@link #reconfigure}.
     *
     * @return the configuration, never null
     */
    ChannelConfig config();

    /**
     * Tells whether {@link #run()} is serving.
     *
     * @return true from the start of {@code run} until its cleanup begins
     */
    boolean isRunning();

    /**
     * Tells whether the caller is the loop's thread while it runs (Netty's {@code inEventLoop}).
     *
     * @return true on the loop's thread during {@link #run()}
     */
    boolean inEventLoop();

    /**
     * Tells whether the loop is asleep in {@code select()} right now. A snapshot, for monitoring.
     *
     * @return true while waiting for I/O or a wakeup
     */
    boolean isSelecting();

    /**
     * The address the listener is bound to.
     *
     * @return the local address, never null
     */
    InetSocketAddress localAddress();

    /**
     * The port the listener is bound to (useful with port 0).
     *
     * @return the port
     */
    int port();

    /**
     * The loop's counters. On the loop's thread, or once {@link #run()} has returned, they are
     * exact; from another thread while the loop runs, they are read on the loop's thread
     * ({@code mainQueue().sync}), so the caller waits one turn.
     *
     * @return the counters, never null
     */
    ChannelStats stats();
}
