package org.thrjob.threads.internal;

import org.thrjob.api.Job;

/**
 * Where a delayed job goes when it is due: a queue, or the runtime for an unordered job.
 *
 * <p><b>Thread-safety:</b> called on the timer thread.
 */
interface TimerTarget {

    /**
     * The queue's or the runtime's name, for messages.
     *
     * @return the name
     */
    String name();

    /**
     * Posts the due job, keeping the target's ordering rules (SPEC rule 3.11).
     *
     * @param job the job
     */
    void postFromTimer(Job job);

    /**
     * Tells whether the target was closed by itself, so that a due job is dropped as cancelled
     * instead of posted.
     *
     * @return true if closed
     */
    boolean refusesTimers();
}
