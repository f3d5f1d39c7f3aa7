package org.thrjob.api;

/**
 * The handle of a job posted with a delay ({@link JobQueue#postAfter}, {@link Thr#postAfter}).
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread, concurrently with the timer
 * firing: exactly one of "cancelled" and "posted" happens (SPEC rule 6.7).
 *
 * <p><b>Close:</b> closing the runtime cancels delayed jobs not yet due; a delayed job counts as
 * posted only when it becomes due (SPEC rule 7.6).
 */
public interface ScheduledJob {

    /**
     * Cancels the job if it has not been posted yet.
     *
     * @return true if this call cancelled it; false if it was already posted, or already cancelled
     */
    boolean cancel();

    /**
     * Tells whether the job was cancelled, by {@link #cancel()} or by the runtime's close.
     *
     * @return true once cancelled
     */
    boolean isCancelled();

    /**
     * Tells whether the delay elapsed and the job was posted to its queue (it may not have run yet).
     *
     * @return true once posted
     */
    boolean isPosted();
}
