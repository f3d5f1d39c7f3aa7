package org.thrjob.threads.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.thrjob.api.Job;
import org.thrjob.api.JobFailedException;

/**
 * The job a {@code sync} caller posts and waits for: it holds the result or the failure, and is
 * its own {@link Completion}, so a sync costs one object plus the queue's node.
 *
 * <p>The failure goes to the caller, who rethrows it as {@link JobFailedException}, not to the
 * failure handler (SPEC rule 3.5): someone is waiting to rethrow it.
 *
 * <p><b>Thread-safety:</b> {@code result} and {@code failure} are written by the running job before
 * the volatile {@code done} and read by the waiter after it.
 *
 * @param <T> the result type
 */
final class SyncJob<T> extends Completion implements Job, Awaitable {

    private final Callable<T> call;
    private final Object named;
    private final QueueBase queue;
    private T result;
    private Throwable failure;
    private volatile boolean done;
    private volatile Thread waiter;

    SyncJob(Callable<T> call, Object named, QueueBase queue) {
        this.call = call;
        this.named = named;
        this.queue = queue;
    }

    /**
     * Runs a sync'd job inline, for a caller already on the queue (SPEC rule 3.5).
     *
     * @param <T>   the result type
     * @param queue the queue
     * @param call  the job
     * @param named what to call the job in messages
     * @return the job's result
     * @throws JobFailedException if the job threw
     */
    static <T> T runInline(QueueBase queue, Callable<T> call, Object named) {
        try {
            return call.call();
        } catch (Throwable thrown) {
            throw failedOn(queue, named, thrown);
        }
    }

    @Override
    public void run() throws Exception {
        result = call.call();
    }

    @Override
    boolean failed(Throwable thrown) {
        failure = thrown;
        return true;
    }

    @Override
    boolean finish() {
        return true;
    }

    @Override
    void release() {
        done = true;
        Thread thread = waiter;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public void addWaiter(Thread thread) {
        waiter = thread;
    }

    @Override
    public void removeWaiter(Thread thread) {
        waiter = null;
    }

    /**
     * The job's result, once done.
     *
     * @return what the job returned
     * @throws JobFailedException if it threw
     */
    T result() {
        if (failure != null) {
            throw failedOn(queue, named, failure);
        }
        return result;
    }

    private static JobFailedException failedOn(QueueBase queue, Object named, Throwable cause) {
        return new JobFailedException("job " + named + " run by sync on queue '" + queue.name()
                + "' of runtime '" + queue.runtime.name() + "' threw " + cause, cause);
    }

    @Override
    public String toString() {
        return String.valueOf(named);
    }
}
