package org.thrjob.threads.internal;

/**
 * Something a thread can wait for with {@link Waiting#await}: a sync job, a syn round, a queue
 * being closed.
 *
 * <p>The protocol is register, re-check, park: a waiter {@linkplain #addWaiter registers} its
 * thread, checks {@link #isDone()} again, and only then parks; whoever makes it done sets the state
 * first and then unparks every registered thread. Either the waiter sees the new state or the
 * waker sees the waiter, so no wakeup is lost.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread.
 */
interface Awaitable {

    /**
     * Tells whether the wait is over.
     *
     * @return true once done
     */
    boolean isDone();

    /**
     * Registers a thread to unpark when done (or, for a syn's {@code awaitUntil}, after each job).
     *
     * @param thread the waiting thread
     */
    void addWaiter(Thread thread);

    /**
     * Forgets a registered thread.
     *
     * @param thread the thread given to {@link #addWaiter}
     */
    void removeWaiter(Thread thread);
}
