package org.thrjob.bio.internal;

import org.thrjob.api.Job;
import org.thrjob.bio.BioKind;

/** A job given to {@code submit(kind, job)}. Thread-safety: see {@link PendingJob}. */
final class UserJob extends PendingJob {

    private Job job;
    private final String description;

    UserJob(BioKind kind, Job job) {
        super(kind);
        this.job = job;
        this.description = job.toString();
    }

    @Override
    boolean work() throws Exception {
        job.run();
        return true;
    }

    @Override
    void release() {
        job = null;
    }

    @Override
    public String toString() {
        return description;
    }
}
