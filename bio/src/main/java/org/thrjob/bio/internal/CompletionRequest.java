package org.thrjob.bio.internal;

import org.thrjob.api.Job;
import org.thrjob.api.MainQueue;
import org.thrjob.bio.BioKind;

/**
 * {@code bioCreateCompRq}: travels through its kind's FIFO like any job and, when the worker
 * reaches it (every job submitted before it has finished), posts the continuation to the main
 * queue. Thread-safety: see {@link PendingJob}.
 */
final class CompletionRequest extends PendingJob {

    private final MainQueue mainQueue;
    private final Job job;

    CompletionRequest(BioKind kind, MainQueue mainQueue, Job job) {
        super(kind);
        this.mainQueue = mainQueue;
        this.job = job;
    }

    @Override
    boolean work() {
        mainQueue.post(job);
        return true;
    }

    @Override
    void release() {
        // Posted to the main queue, which holds it anyway.
    }

    @Override
    public String toString() {
        return "whenDone(" + kind() + ", " + job + ")";
    }
}
