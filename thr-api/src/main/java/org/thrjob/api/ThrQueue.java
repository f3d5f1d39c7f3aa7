package org.thrjob.api;

/**
 * A queue the application created and closes: a serial queue ({@link Thr#newQueue(String)},
 * width 1), a limited-width queue ({@link Thr#newQueue(String, int)}) or a dedicated queue with a
 * thread of its own ({@link Thr#newDedicatedQueue(String)}, Redis's bio workers).
 *
 * <p>Serial queues are cheap: they hold no thread, and millions may exist at once (SPEC rule 3.9).
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread. See {@link JobQueue} for the
 * ordering and happens-before guarantees.
 *
 * <p><b>Close:</b> {@link #close(boolean)} is {@code thr_queue_destroy(q, wait)}: the queue refuses
 * new posts at once, and every job already posted still runs; nothing is dropped (SPEC rule 7.4).
 * Closing twice is harmless.
 */
public interface ThrQueue extends JobQueue, AutoCloseable {

    /**
     * How many of this queue's jobs may run at once: 1 for a serial or dedicated queue.
     *
     * @return the width, at least 1
     */
    int width();

    /**
     * Tells whether the queue runs on a thread of its own, named after the queue.
     *
     * @return true for a queue made by {@link Thr#newDedicatedQueue(String)}
     */
    boolean isDedicated();

    /**
     * Tells whether {@link #close(boolean)} (or the runtime's close) was called.
     *
     * @return true once closed; pending jobs may still be running
     */
    boolean isClosed();

    /**
     * Closes the queue and waits until every job already posted has run: {@code close(true)}.
     *
     * @throws IllegalStateException if called from one of this queue's own jobs, which would wait
     *                               for itself; call {@code close(false)} there
     */
    @Override
    void close();

    /**
     * Closes the queue: later posts throw {@link RejectedJobException}; jobs already posted run.
     * A dedicated queue's thread ends once they have run.
     *
     * @param wait true to return only once every pending job has run, false to return at once
     * @throws IllegalStateException if {@code wait} is true and the caller is one of this queue's
     *                               own jobs
     */
    void close(boolean wait);
}
