package org.thrjob.bio.internal;

import org.thrjob.api.Job;
import org.thrjob.bio.BioKind;

/** A job given to {@code submit(kind, job)}. Thread-safety: see {@link PendingJob}. */
final class UserJob extends PendingJob {

    private final Job job;

    UserJob(BioKind kind, Job job) {
        super(kind);
        this.job = job;
    }

    @Override
    boolean work() throws Exception {
        job.run();
        return true;
    }

    @Override
    void release() {
        // Kept for toString (failure reports) until the next job replaces this node.
    }

    @Override
    public String toString() {
        return job.toString();
    }
}
