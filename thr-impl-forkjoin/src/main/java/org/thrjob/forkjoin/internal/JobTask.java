package org.thrjob.forkjoin.internal;

import java.util.concurrent.ForkJoinTask;
import org.thrjob.api.Job;

/**
 * An unordered job on the pool: the one object a {@code schedule} allocates besides the job
 * (32 bytes with compressed pointers: the task header, its status word, and three references).
 * The worker that runs one goes on with the unordered jobs it finds next in the pool, in the same
 * task (see {@code runBatch}).
 *
 * <p>{@link #exec} never throws: the runtime catches and reports the job's failure, so the task
 * always completes normally and nobody ever joins it.
 *
 * <p><b>Thread-safety:</b> immutable; run once by one worker.
 */
final class JobTask extends PoolTask {

    private static final long serialVersionUID = 1L;

    /** The most jobs a batch runs before it ends them (see runBatch). */
    private static final int MAX_BATCH = 256;

    private final transient ForkJoinThr runtime;
    private final transient Job job;
    private final transient Round round;

    JobTask(ForkJoinThr runtime, Job job, Round round) {
        this.runtime = runtime;
        this.job = job;
        this.round = round;
    }

    @Override
    protected boolean exec() {
        Thread thread = Thread.currentThread();
        if (!(thread instanceof Worker)) {
            runtime.runJob(job, round);
            return true;
        }
        Worker worker = (Worker) thread;
        // An unordered job belongs to no queue, even when a queue's job helps by running it.
        QueueBase previous = worker.currentQueue;
        if (previous == null) {
            // The common case writes nothing into the worker, whose line other threads may read.
            runBatch();
            return true;
        }
        worker.currentQueue = null;
        try {
            runtime.runJob(job, round);
        } finally {
            worker.currentQueue = previous;
        }
        return true;
    }

    /*
     * Runs this job, then the pool's next tasks for as long as they are unordered jobs, and ends
     * the jobs of one round together: one atomic add on the round's count and one on the run
     * counter per batch instead of per job, on the line the poster writes for every job it
     * attaches. A round's jobs are ended before a job of another round runs, before any other task
     * runs, and when the pool has no task to give, so the jobs a batch holds back always belong to
     * the round of the job it is running: they delay that round's end by no more than the poll
     * that follows. An awaitUntil caller hears of each job's end (Round.mayDefer), and a batch
     * runs no more than MAX_BATCH jobs, so that a worker helping while it waits looks at its wait
     * again. A task of another kind taken out of the pool runs here, after the batch ended, as
     * a waiting worker runs what it helps with: the pool has no way to take a task back.
     */
    private void runBatch() {
        Round batchRound = round;
        Job next = job;
        long held = 0L;
        for (int ran = 1;; ran++) {
            runtime.runInBatch(next, batchRound);
            held++;
            if (batchRound != null && !batchRound.mayDefer()) {
                runtime.batchEnded(batchRound, held);
                held = 0L;
            }
            ForkJoinTask<?> task = ran == MAX_BATCH ? null : pollTask();
            if (!(task instanceof JobTask)) {
                runtime.batchEnded(batchRound, held);
                if (task != null) {
                    Helping.run(task);
                }
                return;
            }
            JobTask other = (JobTask) task;
            if (other.round != batchRound) {
                runtime.batchEnded(batchRound, held);
                held = 0L;
                batchRound = other.round;
            }
            next = other.job;
        }
    }

    @Override
    public String toString() {
        return "JobTask[" + job + "]";
    }
}
