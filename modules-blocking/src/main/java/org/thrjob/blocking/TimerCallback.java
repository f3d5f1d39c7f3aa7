package org.thrjob.blocking;

/**
 * What a module timer runs when it fires ({@link CommandContext#createTimer}): Redis's
 * {@code RedisModuleTimerProc}. The data a C timer gets as {@code void *} is whatever the
 * callback captures.
 *
 * <p><b>Thread-safety:</b> called on the main thread only, with the {@link Gil} held, once per
 * timer (timers do not repeat, as in Redis).
 */
@FunctionalInterface
public interface TimerCallback {

    /**
     * Runs the timer's work.
     *
     * @param ctx a detached {@link ThreadSafeContext} of the database the timer was created in
     *            (never null): {@link ThreadSafeContext#keySpace()} works without
     *            {@link ThreadSafeContext#lock()}, since the main thread holds the GIL; its
     *            replies go nowhere; it is closed when this method returns
     * @throws Exception anything; it is logged and the timer is over
     */
    void onTimer(ThreadSafeContext ctx) throws Exception;
}
