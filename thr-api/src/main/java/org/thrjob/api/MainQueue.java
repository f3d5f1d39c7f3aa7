package org.thrjob.api;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The main queue ({@code thr_queue_main_g}): a serial queue whose jobs run only on the main thread,
 * and only when that thread asks for them ({@link #drainOne()}, {@link #drain()},
 * {@link #runUntil}, or while it {@linkplain Syn#await() waits on a syn}). It is how jobs reply to
 * the outside world: an event loop owns the sockets, and any thread posts the write here.
 *
 * <p>The main thread is the thread that created the runtime, until
 * {@link #bindToCurrentThread()} moves it (an event loop started on its own thread calls it first).
 * Draining from any other thread throws {@link IllegalStateException} naming both threads (SPEC
 * rule 4.2).
 *
 * <p>An event loop that sleeps in {@code select()} registers {@link #onWakeup(Runnable)} (for
 * example {@code selector::wakeup}); the hook runs on the posting thread each time a job arrives
 * while the queue was empty, so the loop wakes and drains at once (SPEC rule 4.4).
 *
 * <p><b>Thread-safety:</b> {@code post}, {@code postAfter}, {@code sync} and {@code onWakeup} may be
 * called from any thread; the drain methods only from the main thread. A job's {@code post}
 * happens-before its run on the main thread.
 *
 * <p><b>Close:</b> the main queue closes with its runtime: posts are then rejected, and jobs posted
 * before stay drainable by the main thread (the runtime's close drains them itself when it is
 * called on the main thread). It has no close of its own.
 */
public interface MainQueue extends JobQueue {

    /**
     * Runs the oldest pending main job, if any, on the calling (main) thread. Never blocks.
     *
     * @return true if a job ran
     * @throws IllegalStateException if the caller is not the main thread
     */
    boolean drainOne();

    /**
     * Runs pending main jobs until none is left, including the ones they post
     * ({@code thr_queue_main_drain}). Never blocks waiting for new jobs.
     *
     * @return how many jobs ran
     * @throws IllegalStateException if the caller is not the main thread
     */
    int drain();

    /**
     * Runs main jobs as they arrive, sleeping between them, until {@code condition} is true.
     * The condition is checked before sleeping and after every job.
     *
     * @param condition when to stop; not null; called on the main thread only
     * @throws NullPointerException  if {@code condition} is null
     * @throws IllegalStateException if the caller is not the main thread
     */
    void runUntil(BooleanSupplier condition);

    /**
     * Like {@link #runUntil(BooleanSupplier)}, giving up after {@code timeout}.
     *
     * @param condition when to stop; not null
     * @param timeout   how long to run at most; not null, not negative
     * @return true if the condition became true, false if the time ran out first
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    if the caller is not the main thread
     */
    boolean runUntil(BooleanSupplier condition, Duration timeout);

    /**
     * Sets the hook called when a job is posted to this queue while it was empty.
     *
     * <p>The hook runs on the posting thread, must be quick and thread-safe (for example
     * {@code Selector::wakeup}), and must not post to the main queue. A hook that throws is
     * reported to the failure handler and does not stop the post. Replaces any previous hook.
     *
     * @param hook the hook, or null to remove it
     */
    void onWakeup(Runnable hook);

    /**
     * Makes the calling thread the main thread.
     *
     * @throws IllegalStateException if a main job is running on the current main thread right now
     */
    void bindToCurrentThread();

    /**
     * The thread that main jobs run on.
     *
     * @return the main thread, never null
     */
    Thread thread();
}
