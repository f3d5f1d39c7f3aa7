package org.thrjob.threads.internal;

import java.io.PrintStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thrjob.api.FailureHandler;
import org.thrjob.api.Job;

/**
 * Routes a failed job to the runtime's {@link FailureHandler}, or to an slf4j error naming the job
 * and its queue when none was configured (SPEC rule 2.4). A handler that throws is printed to
 * {@code System.err} and ignored, so it can never kill the worker that reports (SPEC rule 2.5).
 *
 * <p><b>Thread-safety:</b> immutable; {@link #report} may be called from any thread at once.
 */
final class FailureReporting {

    private static final Logger LOG = LoggerFactory.getLogger("org.thrjob.threads");

    private final String runtime;
    private final FailureHandler handler;

    FailureReporting(String runtime, Optional<FailureHandler> configured) {
        this.runtime = runtime;
        this.handler = configured.orElse(null);
    }

    /**
     * Reports a failure. Never throws.
     *
     * @param job     the job that threw
     * @param where   its queue's name, or the runtime's for an unordered job
     * @param failure what it threw
     */
    void report(Job job, String where, Throwable failure) {
        if (handler == null) {
            logDefault(job, where, failure);
            return;
        }
        try {
            handler.jobFailed(job, where, failure);
        } catch (Throwable handlerFailure) {
            // The handler is the last line: nothing may escape to the worker (SPEC rule 2.5).
            PrintStream err = System.err;
            err.println("thrjob runtime '" + runtime + "': the failure handler threw while reporting"
                    + " job " + job + " on '" + where + "'; the handler's exception is ignored:");
            handlerFailure.printStackTrace(err);
        }
    }

    private void logDefault(Job job, String where, Throwable failure) {
        try {
            LOG.error("job {} failed on queue '{}' of thrjob runtime '{}'", job, where, runtime,
                    failure);
        } catch (Throwable loggingFailure) {
            // A broken binding or a job whose toString throws must not kill the worker either.
            System.err.println("thrjob runtime '" + runtime + "': a job failed on '" + where
                    + "' and logging it failed too");
            failure.printStackTrace(System.err);
        }
    }
}
