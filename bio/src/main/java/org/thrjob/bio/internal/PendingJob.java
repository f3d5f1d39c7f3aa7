package org.thrjob.bio.internal;

import java.time.Duration;
import org.thrjob.bio.BioJob;
import org.thrjob.bio.BioKind;

/**
 * A bio job with a payload of its own (close, fsync, lazy free, {@code whenDone}): Redis's
 * {@code struct bio_job}, with its submission time ({@code job->time}). A user's job submitted
 * with {@code submit(kind, job)} waits in the {@link JobFifo} as it is, with no wrapper; it
 * becomes a {@link UserJob} only if {@code closeNow} takes it back.
 *
 * <p><b>Thread-safety:</b> the submission time is written once, before the job is published to
 * the FIFO; the payload is read by the worker, which {@link #release()} drops after the job ran.
 */
abstract class PendingJob implements BioJob {

    private final BioKind kind;
    /** Written once by the submitter, before the FIFO publishes the job (or by closeNow). */
    private long submittedNanos;

    PendingJob(BioKind kind) {
        this.kind = kind;
    }

    /**
     * Records when the job was submitted.
     *
     * @param nanos {@link System#nanoTime()} at submission
     */
    final void submittedAt(long nanos) {
        this.submittedNanos = nanos;
    }

    /**
     * Does the work on the worker thread.
     *
     * @return true if the job succeeded; false if it failed in a way it already reported itself
     *         (an fsync failure goes to the {@code FsyncStatus}, not to the failure handler)
     * @throws Exception a failure to report to the runtime's failure handler
     */
    abstract boolean work() throws Exception;

    /** Drops what must not outlive the run (lazy-free arguments) while the job object is still kept for a failure report. Descriptions are built only when asked, never on submission. */
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
