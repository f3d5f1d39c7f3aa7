package org.thrjob.bio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thrjob.api.Job;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.ThrQueue;
import org.thrjob.bio.BioJob;
import org.thrjob.bio.BioKind;
import org.thrjob.bio.BioStats;

/**
 * One bio kind's worker: its FIFO of pending jobs, its dedicated thr queue, and its counters.
 *
 * <h2>State and the drain runner</h2>
 * {@link #state} packs the pending count (low bits: jobs submitted and not finished, the running
 * one included, Redis's {@code bio_pending[type]}) with a {@link #CLOSED} bit. A submission
 * increments the count by CAS, refusing when {@code CLOSED} is set, so that no job slips in once
 * close has read the count; then it appends the job to the {@link JobFifo}. The submission that
 * moves the count from 0 to 1 posts one {@link Runner} to the dedicated queue: the runner owns
 * the FIFO from then on and runs jobs until it brings the count back to 0, so a burst of
 * submissions posts one runner, not one per job (the mailbox pattern). A runner that finds the
 * count above 0 takes the next job with {@link JobFifo#pollCounted()}, which waits out the few
 * instructions between a producer's count and its link.
 *
 * <h2>Failures</h2>
 * A job that throws is counted, then the runner hands the FIFO to a fresh runner (posted behind
 * it, so order holds) and rethrows: the runtime reports the failure to its failure handler, naming
 * the kind's queue and the job, and the worker goes on. If the queue refuses the fresh runner
 * (its runtime was closed under bio), the failure is logged through slf4j and the runner goes on
 * itself.
 *
 * <h2>closeNow</h2>
 * {@link #stopping} makes the runner return after its current job. {@link #takeBack()} then runs
 * a collector as a job of the same dedicated queue (so it is the FIFO's only consumer, after the
 * runner returned) that takes every counted job out of the FIFO: exactly the jobs that did not run.
 *
 * <h2>waitStep</h2>
 * Waiters (rare) sleep on a condition; the runner signals it after a job only if a step waiter
 * is registered, or a drainer and the count reached 0. Both sides write then read volatile fields
 * in opposite orders (the runner: done and the count, then waiters; a waiter: waiters, then done
 * and the count), so at least one of them sees the other and no step is slept through.
 *
 * <p><b>Thread-safety:</b> {@link #submit}, the queries and the waits may be called from any thread.
 */
final class KindWorker {

    private static final Logger LOG = LoggerFactory.getLogger("org.thrjob.bio");

    private static final long CLOSED = 1L << 62;
    private static final long COUNT = CLOSED - 1;
    /** Jobs a runner may finish before it subtracts them from the shared count. */
    private static final int BATCH = 64;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(KindWorker.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BioKind kind;
    private final ThrQueue queue;
    private final JobFifo fifo;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile long state;
    private volatile boolean stopping;

    /* Written by the consumer only (one at a time, ordered by the serial queue), read by anyone. */
    private volatile long done;
    private volatile long failed;
    private volatile PendingJob running;
    private volatile Thread thread;

    private final ReentrantLock stepLock = new ReentrantLock();
    private final Condition stepped = stepLock.newCondition();
    private volatile int waiters;
    private volatile int drainers;

    KindWorker(BioKind kind, ThrQueue queue) {
        this.kind = kind;
        this.queue = queue;
        this.fifo = new JobFifo(new Stub(kind));
    }

    BioKind kind() {
        return kind;
    }

    // ---------------------------------------------------------------- submission

    /**
     * Counts and appends a job, posting a runner if none owns the FIFO.
     *
     * @param job the job
     * @throws RejectedJobException if the kind is closed, or its queue (its runtime) is
     */
    void submit(PendingJob job) {
        long s;
        do {
            s = state;
            if ((s & CLOSED) != 0) {
                throw new RejectedJobException("bio kind '" + kind + "' is closed: " + job
                        + " was not submitted; submit before Bio.close()");
            }
            if (s == 0 && queue.isClosed()) {
                throw new RejectedJobException("bio kind '" + kind + "' cannot run " + job
                        + ": its runtime is closed; close the Bio before its Thr");
            }
        } while (!STATE.compareAndSet(this, s, s + 1));
        fifo.offer(job);
        if ((s & COUNT) == 0) {
            startRunner();
        }
    }

    private void startRunner() {
        try {
            queue.post(new Runner());
        } catch (RejectedJobException e) {
            if (stopping) {
                return; // closeNow's collector takes the jobs back
            }
            // The runtime was closed between our check and the post: run the jobs here rather
            // than lose jobs that were accepted.
            LOG.warn("bio kind '{}': its runtime closed while jobs were submitted; running them on"
                    + " the submitting thread. Close the Bio before its Thr.", kind);
            new Runner().runHere();
        }
    }

    // ---------------------------------------------------------------- the worker

    /** Runs the FIFO's jobs until the pending count is back to 0. See the class comment. */
    private final class Runner implements Job {

        private PendingJob failedJob;

        @Override
        public void run() throws Exception {
            thread = Thread.currentThread();
            runJobs(true);
        }

        void runHere() {
            try {
                runJobs(false);
            } catch (Exception e) {
                throw new AssertionError("a runner that cannot hand over never throws", e);
            }
        }

        private void runJobs(boolean canHandOver) throws Exception {
            long finishedUncounted = 0;
            for (;;) {
                if (stopping) {
                    subtract(finishedUncounted);
                    return;
                }
                PendingJob job = fifo.pollCounted();
                running = job;
                Throwable failure = null;
                boolean ok;
                try {
                    ok = job.work();
                } catch (Throwable t) {
                    failure = t;
                    ok = false;
                }
                running = null;
                job.release();
                finished(ok);
                finishedUncounted++;
                // The count is shared with every submitter: while more jobs are linked, subtract
                // in batches, so a burst does not bounce its cache line once per job. Exact again
                // whenever the FIFO looks empty, a waiter waits, or a job failed.
                if (failure == null && waiters == 0 && finishedUncounted < BATCH && !stopping
                        && fifo.peekOldest() != null) {
                    continue;
                }
                long left = subtract(finishedUncounted);
                finishedUncounted = 0;
                if (failure != null) {
                    if (!canHandOver || (left > 0 && !stopping && !handOver())) {
                        // No runtime to report to: slf4j names the kind, and the worker goes on.
                        LOG.error("bio job {} of kind '{}' failed", job, kind, failure);
                    } else {
                        failedJob = job;
                        throw asException(failure);
                    }
                }
                if (left == 0) {
                    return;
                }
            }
        }

        private long subtract(long finishedJobs) {
            if (finishedJobs == 0) {
                return pending();
            }
            long left = (long) STATE.getAndAdd(KindWorker.this, -finishedJobs) - finishedJobs & COUNT;
            if (waiters > 0 || (left == 0 && drainers > 0)) {
                signalStep();
            }
            return left;
        }

        private boolean handOver() {
            try {
                queue.post(new Runner());
                return true;
            } catch (RejectedJobException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return failedJob == null ? "bio runner of kind '" + kind + "'"
                    : "bio job " + failedJob + " of kind '" + kind + "'";
        }
    }

    private static Exception asException(Throwable failure) {
        if (failure instanceof Exception) {
            return (Exception) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return new RuntimeException(failure);
    }

    private void finished(boolean ok) {
        // Single writer at a time (the consumer): plain read-modify-write of volatiles is exact.
        if (!ok) {
            failed = failed + 1;
        }
        done = done + 1;
    }

    private void signalStep() {
        stepLock.lock();
        try {
            stepped.signalAll();
        } finally {
            stepLock.unlock();
        }
    }

    // ---------------------------------------------------------------- queries and waits

    /**
     * Jobs submitted and not finished; while the worker runs a backlog, up to {@link #BATCH} jobs
     * that just finished may still be counted (never while someone waits a step).
     *
     * @return the pending count
     */
    long pending() {
        return state & COUNT;
    }

    Duration oldestPendingAge() {
        PendingJob oldest = running;
        if (oldest == null) {
            oldest = fifo.peekOldest();
        }
        return oldest == null || pending() == 0 ? Duration.ZERO : oldest.age();
    }

    BioStats stats() {
        long p = pending();
        long f = failed;
        long d = done;
        return new BioStats(kind, p, d, f, oldestPendingAge());
    }

    boolean isCurrent() {
        return queue.isCurrent();
    }

    /**
     * Waits for one job to finish or none to be pending: {@code bioWaitStepOfType}.
     *
     * @param deadline {@link System#nanoTime()} to give up at, or {@code Long.MAX_VALUE} never
     * @return true if a step happened or none is pending, false if the deadline passed
     */
    boolean awaitStep(long deadline) {
        checkNotOnOwnWorker("wait for");
        long seen = done;
        if (pending() == 0) {
            return true;
        }
        stepLock.lock();
        try {
            waiters++;
            try {
                while (done == seen && pending() > 0) {
                    if (deadline == Long.MAX_VALUE) {
                        stepped.await();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        stepped.awaitNanos(left);
                    }
                }
                return true;
            } catch (InterruptedException e) {
                throw interrupted(e);
            } finally {
                waiters--;
            }
        } finally {
            stepLock.unlock();
        }
    }

    /**
     * Waits until nothing is pending: {@code bioDrainWorker}. Unlike Redis's loop of step waits, a
     * drainer is woken only when the count reaches 0, not after every job of a long backlog.
     *
     * @param deadline {@link System#nanoTime()} to give up at, or {@code Long.MAX_VALUE} never
     * @return true once nothing is pending, false if the deadline passed first
     */
    boolean drain(long deadline) {
        checkNotOnOwnWorker("drain");
        if (pending() == 0) {
            return true;
        }
        stepLock.lock();
        try {
            drainers++;
            try {
                while (pending() > 0) {
                    if (deadline == Long.MAX_VALUE) {
                        stepped.await();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        stepped.awaitNanos(left);
                    }
                }
                return true;
            } catch (InterruptedException e) {
                throw interrupted(e);
            } finally {
                drainers--;
            }
        } finally {
            stepLock.unlock();
        }
    }

    private CancellationException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        CancellationException cancelled = new CancellationException(
                "interrupted while waiting for bio kind '" + kind + "'");
        cancelled.initCause(e);
        return cancelled;
    }

    private void checkNotOnOwnWorker(String what) {
        if (queue.isCurrent()) {
            throw new IllegalStateException("cannot " + what + " bio kind '" + kind
                    + "' from its own worker thread: it would wait for itself");
        }
    }

    // ---------------------------------------------------------------- close

    /** Refuses new jobs: jobs counted before still run (close) or are taken back (closeNow). */
    void refuse() {
        long s;
        do {
            s = state;
        } while ((s & CLOSED) == 0 && !STATE.compareAndSet(this, s, s | CLOSED));
    }

    /** Makes the runner return after its current job; see {@link #takeBack()}. */
    void stop() {
        stopping = true;
        refuse();
    }

    /**
     * Takes back every job that did not run, once the runner stopped: on the kind's own queue,
     * where the collector is the FIFO's only consumer. Call after {@link #stop()}.
     *
     * @return the jobs in submission order
     */
    List<BioJob> takeBack() {
        try {
            return queue.sync(this::collect);
        } catch (RejectedJobException e) {
            // The queue was closed with the runtime and has drained: nobody consumes any more.
            return collect();
        }
    }

    private List<BioJob> collect() {
        List<BioJob> jobs = new ArrayList<>();
        while (pending() > 0) {
            jobs.add(fifo.pollCounted());
            STATE.getAndAdd(this, -1L);
        }
        signalStep();
        return jobs;
    }

    /** Closes the queue, waiting for what it holds, and joins the kind's thread. */
    void shutDown() {
        queue.close(true);
        Thread worker = thread;
        // Join only the thread SPEC rule 3.10 promises: named after the queue, ours alone.
        if (worker != null && worker != Thread.currentThread() && worker.getName().equals(queue.name())) {
            boolean interrupted = false;
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The FIFO's first head: consumed from the start, never run. */
    private static final class Stub extends PendingJob {

        Stub(BioKind kind) {
            super(kind);
        }

        @Override
        boolean work() {
            throw new AssertionError("the FIFO's stub never runs");
        }

        @Override
        void release() {
        }

        @Override
        public String toString() {
            return "stub";
        }
    }
}
