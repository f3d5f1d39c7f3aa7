package org.thrjob.forkjoin.internal;

import java.util.concurrent.ForkJoinTask;

/**
 * A task of this provider on the pool: unordered jobs and queue drains. Waiting workers that poll
 * one out of the pool ({@link Helping}) run it through {@link #runPolled()} instead of
 * {@code invoke()}, because a drain's status never completes (it is forked again and again).
 *
 * <p><b>Thread-safety:</b> as {@link ForkJoinTask}.
 */
abstract class PoolTask extends ForkJoinTask<Void> {

    private static final long serialVersionUID = 1L;

    @Override
    public final Void getRawResult() {
        return null;
    }

    @Override
    protected final void setRawResult(Void value) {
        // no result
    }

    /** Runs the task that was polled out of the pool, on the calling worker. */
    final void runPolled() {
        exec();
    }
}
