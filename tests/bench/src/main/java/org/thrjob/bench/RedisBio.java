package org.thrjob.bench;

import java.util.LinkedList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Redis's bio design for one job type, ported to Java as the baseline of {@link BioBurstBench}: a
 * mutex, a "new job" condition, a "step" condition, a linked list of jobs and a pending counter,
 * with one thread. The methods follow {@code bioSubmitJob}, {@code bioProcessBackgroundJobs},
 * {@code bioWaitStepOfType} and {@code bioDrainWorker} of Redis 7's {@code bio.c} line by line:
 * the job is appended under the mutex and the condition signalled; the worker peeks at the head,
 * unlocks, runs the job, locks again, unlinks the node, decrements the counter and broadcasts the
 * step condition.
 *
 * <p>{@code pthread_mutex_t} is a {@link ReentrantLock} (non-fair, as a default pthread mutex),
 * {@code pthread_cond_t} a {@link Condition}, {@code list} (Redis's doubly linked adlist) a
 * {@link LinkedList}, {@code time(NULL)} {@code System.currentTimeMillis() / 1000}.
 *
 * <p>Thread-safety: {@link #submit}, {@link #waitStep} and {@link #drain} from any thread; the
 * worker thread is the only consumer.
 */
final class RedisBio implements AutoCloseable {

    /** {@code struct bio_job}: the creation time and what to do. */
    private static final class BioJob {
        long time;
        final Runnable fn;

        BioJob(Runnable fn) {
            this.fn = fn;
        }
    }

    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition newjobCond = mutex.newCondition();
    private final Condition stepCond = mutex.newCondition();
    private final LinkedList<BioJob> jobs = new LinkedList<>();
    private long pending;
    private boolean killed; // bioKillThreads: pthread_cancel, here a flag the loop checks
    private final Thread thread;

    RedisBio(String name) {
        thread = new Thread(this::processBackgroundJobs, name);
        thread.start();
    }

    /**
     * {@code bioCreateLazyFreeJob} + {@code bioSubmitJob}.
     *
     * @param fn the job
     */
    void submit(Runnable fn) {
        BioJob job = new BioJob(fn);
        job.time = System.currentTimeMillis() / 1000;
        mutex.lock();
        try {
            jobs.addLast(job);
            pending++;
            newjobCond.signal();
        } finally {
            mutex.unlock();
        }
    }

    /** {@code bioProcessBackgroundJobs}: the worker's loop. */
    private void processBackgroundJobs() {
        mutex.lock();
        try {
            while (true) {
                // The loop always starts with the lock held.
                if (jobs.isEmpty()) {
                    if (killed) {
                        return;
                    }
                    newjobCond.awaitUninterruptibly();
                    continue;
                }
                // Pop the job from the queue (listFirst: the node stays linked while it runs).
                BioJob job = jobs.getFirst();
                mutex.unlock();
                try {
                    job.fn.run();
                } finally {
                    // Lock again before reiterating the loop.
                    mutex.lock();
                }
                jobs.removeFirst(); // listDelNode(bio_jobs[type], ln)
                pending--;
                // Unblock threads blocked on bioWaitStepOfType() if any.
                stepCond.signalAll();
            }
        } finally {
            mutex.unlock();
        }
    }

    /**
     * {@code bioWaitStepOfType}.
     *
     * @return the pending count after the step
     */
    long waitStep() {
        mutex.lock();
        try {
            if (pending != 0) {
                stepCond.awaitUninterruptibly();
            }
            return pending;
        } finally {
            mutex.unlock();
        }
    }

    /** {@code bioDrainWorker}. */
    void drain() {
        while (pendingJobs() > 0) {
            waitStep();
        }
    }

    /**
     * {@code bioPendingJobsOfType}.
     *
     * @return the pending count
     */
    long pendingJobs() {
        mutex.lock();
        try {
            return pending;
        } finally {
            mutex.unlock();
        }
    }

    /** Drains, stops the thread and joins it. */
    @Override
    public void close() {
        drain();
        mutex.lock();
        try {
            killed = true;
            newjobCond.signal();
        } finally {
            mutex.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
