package org.thrjob.api;

/**
 * Receives every failure of a job that no caller is waiting to rethrow: the end of lib-common's
 * "a job must not fail silently".
 *
 * <p>Every job that throws is reported here, whether or not it belongs to a {@link Syn} (the syn
 * rethrows it too), except a job whose caller receives the failure: a job run by
 * {@link JobQueue#sync} or given to a {@code submit}, whose failure goes to the waiting caller or the
 * future (SPEC rule 3.5). Those still count in {@link ThrStats#failed()}. The default handler of each provider logs an error through slf4j that names
 * the job and the queue. A handler replaced through {@link ThrConfig.Builder#failureHandler} is
 * called on the thread that ran the failed job, right after the job returned.
 *
 * <p><b>Thread-safety:</b> called from any worker, possibly concurrently: implementations must be
 * thread-safe. A handler that throws is ignored after its exception is printed to
 * {@code System.err}; it never kills a worker.
 */
@FunctionalInterface
public interface FailureHandler {

    /**
     * Reports a failed job.
     *
     * @param job     the job that threw; never null
     * @param where   the name of the queue it ran on, or the runtime's name for an unordered job;
     *                never null
     * @param failure what it threw; never null
     */
    void jobFailed(Job job, String where, Throwable failure);
}
