package org.thrjob.api;

import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown by a post, schedule or timer request made after the runtime or the queue was closed
 * (SPEC rule 7.2). The message names the runtime or the queue that refused the job.
 *
 * <p>It extends {@link RejectedExecutionException} so that the {@link java.util.concurrent.Executor}
 * views of runtimes and queues keep the {@code Executor} contract.
 *
 * <p><b>Thread-safety:</b> an exception instance is immutable once thrown.
 */
public class RejectedJobException extends RejectedExecutionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which runtime or queue refused the job, and why
     */
    public RejectedJobException(String message) {
        super(message);
    }
}
