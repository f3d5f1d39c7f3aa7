package org.thrjob.threads.internal;

/**
 * What waits for a job to end: the {@link Round} of a syn the job is attached to, or the
 * {@link SyncJob} a {@code sync} caller waits on.
 *
 * <p>The runtime calls, on the thread that ran the job: {@link #failed} if it threw, then
 * {@link #finish} once it returned, then counts the job as run, then {@link #release} if
 * {@code finish} asked for it. Counting in between is deliberate: continuations are posted in
 * {@code finish}, before the job counts as run, so that {@link ThreadsThr#close()} never sees the
 * runtime drained while a continuation is about to be posted; waiters are woken in
 * {@code release}, after it, so that a waiter that returns sees the job in {@code stats().run()}.
 *
 * <p><b>Thread-safety:</b> implementations are called by any worker, concurrently for a syn.
 */
abstract class Completion {

    /**
     * Records a failure of one of the jobs.
     *
     * @param failure what the job threw
     * @return true if the failure is handed to a caller that rethrows it, so the failure handler
     *         must not also get it
     */
    abstract boolean failed(Throwable failure);

    /**
     * One job ended.
     *
     * @return true if {@link #release} must be called once the job is counted
     */
    abstract boolean finish();

    /** Wakes whoever waits, once the job that ended is counted as run. */
    abstract void release();
}
