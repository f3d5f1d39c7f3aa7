package org.thrjob.bio.internal;

import java.time.Duration;
import org.thrjob.bio.BioJob;
import org.thrjob.bio.BioKind;

/**
 * A submitted bio job, waiting in its kind's {@link JobFifo}: Redis's {@code struct bio_job}, with
 * its creation time ({@code job->time}) and the link to the next job (the FIFO is intrusive, so a
 * submission allocates one object).
 *
 * <p><b>Thread-safety:</b> immutable once submitted, except {@link #next} (written by the FIFO) and
 * the payload, which {@link #release()} drops on the worker after the job ran.
 */
abstract class PendingJob implements BioJob {

    private final BioKind kind;
    private final long submittedNanos;

    /** The next job of the FIFO; written once, through {@link JobFifo}'s VarHandle. */
    volatile PendingJob next;

    PendingJob(BioKind kind) {
        this.kind = kind;
        this.submittedNanos = System.nanoTime();
    }

    /**
     * Does the work on the worker thread.
     *
     * @return true if the job succeeded; false if it failed in a way it already reported itself
     *         (an fsync failure goes to the {@code FsyncStatus}, not to the failure handler)
     * @throws Exception a failure to report to the runtime's failure handler
     */
    abstract boolean work() throws Exception;

    /** Drops what must not outlive the run (lazy-free arguments): the node stays the FIFO's head until the next job is taken. Descriptions are built only when asked, never on submission. */
    abstract void release();

    /**
     * When the job was submitted, in {@link System#nanoTime()} units.
     *
     * @return the submission time
     */
    final long submittedNanos() {
        return submittedNanos;
    }

    @Override
    public final BioKind kind() {
        return kind;
    }

    @Override
    public final Duration age() {
        return Duration.ofNanos(Math.max(0L, System.nanoTime() - submittedNanos));
    }

    @Override
    public final void run() throws Exception {
        work();
    }
}
