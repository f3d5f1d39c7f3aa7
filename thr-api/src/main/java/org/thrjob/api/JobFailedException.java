package org.thrjob.api;

/**
 * Thrown to the thread that waits for jobs ({@link Syn#await()}, {@link JobQueue#sync(Job)},
 * {@link Thr#forEach}) when one or more of them threw.
 *
 * <p>The cause is the first failure recorded; later failures recorded by the same syn are attached as
 * {@linkplain Throwable#getSuppressed() suppressed} exceptions (SPEC rule 5.6). It is thrown only
 * once every job the caller waits for has finished, so the waiter never returns while work it waited for
 * is still running.
 *
 * <p><b>Thread-safety:</b> an exception instance is immutable once thrown.
 */
public class JobFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the syn, queue or runtime
     * @param cause   the first failure; may be null only when there is none to report
     */
    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
