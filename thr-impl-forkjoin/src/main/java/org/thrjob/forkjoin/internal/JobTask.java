package org.thrjob.forkjoin.internal;

import org.thrjob.api.Job;

/**
 * An unordered job on the pool: the one object a {@code schedule} allocates besides the job
 * (32 bytes with compressed pointers: the task header, its status word, and three references).
 *
 * <p>{@link #exec} never throws: the runtime catches and reports the job's failure, so the task
 * always completes normally and nobody ever joins it.
 *
 * <p><b>Thread-safety:</b> immutable; run once by one worker.
 */
final class JobTask extends PoolTask {

    private static final long serialVersionUID = 1L;

    private final transient ForkJoinThr runtime;
    private final transient Job job;
    private final transient Completion completion;

    JobTask(ForkJoinThr runtime, Job job, Completion completion) {
        this.runtime = runtime;
        this.job = job;
        this.completion = completion;
    }

    @Override
    protected boolean exec() {
        Thread thread = Thread.currentThread();
        if (!(thread instanceof Worker)) {
            runtime.runJob(job, completion);
            return true;
        }
        Worker worker = (Worker) thread;
        // An unordered job belongs to no queue, even when a queue's job helps by running it.
        QueueBase previous = worker.currentQueue;
        if (previous == null) {
            // The common case writes nothing into the worker, whose line other threads may read.
            runtime.runJob(job, completion);
            return true;
        }
        worker.currentQueue = null;
        try {
            runtime.runJob(job, completion);
        } finally {
            worker.currentQueue = previous;
        }
        return true;
    }

    @Override
    public String toString() {
        return "JobTask[" + job + "]";
    }
}
