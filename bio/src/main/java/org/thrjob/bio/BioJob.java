package org.thrjob.bio;

import java.time.Duration;
import org.thrjob.api.Job;

/**
 * A job that {@link Bio#closeNow()} took back before it ran: the close, fsync, lazy free, user job
 * or {@code whenDone} request it was submitted as.
 *
 * <p>{@link #run()} does, on the calling thread, what the worker would have done: closes the
 * {@code Closeable}, forces the channel (recording the outcome in the {@link FsyncStatus}), calls
 * the lazy-free function, runs the user's job, or posts the {@code whenDone} job to the main queue.
 * It does not count in the kind's {@link BioStats}. Its {@code toString()} describes the job for logs.
 *
 * <p><b>Thread-safety:</b> the accessors may be called from any thread; {@link #run()} should be
 * called at most once, as the job itself was meant to run once.
 */
public interface BioJob extends Job {

    /**
     * The kind the job was submitted as.
     *
     * @return the kind, never null
     */
    BioKind kind();

    /**
     * How long ago the job was submitted: never less than the true age, and at most about 1 ms
     * more (submissions are stamped from a clock cached once a millisecond while they go on; the
     * bound grows only by however long the thread refreshing that clock waited for a CPU).
     *
     * @return the age, never negative
     */
    Duration age();

    /**
     * Runs the job on the calling thread.
     *
     * @throws Exception what the job threw
     */
    @Override
    void run() throws Exception;
}
