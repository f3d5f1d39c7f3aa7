package org.thrjob.bio.internal;

import org.thrjob.api.Job;
import org.thrjob.bio.BioKind;

/**
 * A job given to {@code submit(kind, job)}, as {@code closeNow} hands it back (the FIFO holds the
 * job itself). Thread-safety: see {@link PendingJob}.
 */
final class UserJob extends PendingJob {

    private final Job job;

    UserJob(BioKind kind, Job job, long submittedNanos) {
        super(kind);
        this.job = job;
        submittedAt(submittedNanos);
    }

    @Override
    boolean work() throws Exception {
        job.run();
        return true;
    }

    @Override
    void release() {
        // Only ever run by the caller of closeNow, who holds the job anyway.
    }

    @Override
    public String toString() {
        return job.toString();
    }
}
