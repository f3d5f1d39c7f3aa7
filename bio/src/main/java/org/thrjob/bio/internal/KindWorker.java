package org.thrjob.bio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
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
 * {@link #state} packs the submission sequence (low bits: how many jobs were ever submitted, each
 * job's number in the {@link JobFifo}) with a {@link #RUNNING} bit and a {@link #CLOSED} bit. A
 * submission takes its number by CAS, refusing when {@code CLOSED} is set, so that no job slips in
 * once close has read the sequence; then it stores the job in its slot, with a submission time
 * from the {@link CachedClock} (not {@link System#nanoTime()}, half a submission's cost). The
 * submission that finds {@code RUNNING} clear sets it in the same CAS and posts one
 * {@link Runner} to the dedicated queue: the runner owns the FIFO from then on, so a burst of
 * submissions posts one runner, not one per job (the mailbox pattern). One CAS is all a
 * submission shares with anyone: the runner touches the state word only to give the FIFO up.
 *
 * <p>The runner takes jobs by number and publishes in {@link #progress} how many are done after
 * each one (Redis's {@code bio_pending[type]} is the sequence minus that). When the next slot is
 * empty it lets a batch gather for a few microseconds (see {@link #GATHER_NANOS}), yielding its
 * core and reading nothing the producers write, then looks once.
 *
 * <h2>Idle spin</h2>
 * When nothing is pending the runner does not give the FIFO up at once: it keeps gathering for
 * about {@link #IDLE_SPIN_NANOS}, then clears {@code RUNNING} by a CAS that fails, and keeps it
 * running, if a number was handed out meanwhile. A producer that outpaces the
 * worker only now and then would otherwise post a fresh runner (and wake the parked thread,
 * microseconds each) every time the worker catches up; Redis's worker pays the same wake-up
 * through its condition variable. The spin is bounded and runs only right after work, so an idle
 * bio uses no CPU.
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
 * runner returned) that takes every numbered job out of the FIFO: exactly the jobs that did not run.
 *
 * <h2>waitStep</h2>
 * Waiters (rare) sleep on a condition; the runner signals it after a job only if a step waiter
 * is registered, or a drainer and nothing is pending. Both sides write then read volatile fields
 * in opposite orders (the runner: its finished count, then the waiter counts; a waiter: its count,
 * then the finished count and the sequence), so at least one of them sees the other and no step is
 * slept through.
 *
 * <p><b>Thread-safety:</b> {@link #submit}, the queries and the waits may be called from any thread.
 */
final class KindWorker {

    private static final Logger LOG = LoggerFactory.getLogger("org.thrjob.bio");

    private static final long CLOSED = 1L << 62;
    /** A runner owns the FIFO: set by the submission that posts it, cleared by the runner. */
    private static final long RUNNING = 1L << 61;
    private static final long SEQUENCE = RUNNING - 1;
    /** The oldest submission time in {@link #progress} when no runner owns the FIFO. */
    private static final long NONE = Long.MIN_VALUE;
    /** How long a runner that ran out of jobs watches for more before it gives the FIFO up. */
    private static final long IDLE_SPIN_NANOS = 20_000L;
    /**
     * How long a runner that caught up with its producers waits before it looks again. A runner
     * that watches the next slot, or takes each job the moment it is stored, reads (and clears)
     * the very cache line the producer is writing: the line moves between the two cores at every
     * job, and a burst's producer pays a miss per submission. After a wait of a few microseconds
     * the runner takes a batch of tens of jobs from lines the producer has left, one miss per
     * batch. The runner yields while it waits, so a producer sharing its core runs meanwhile
     * instead of waiting for the end of a spinning time slice; the wait adds at most this long
     * to a job's latency, a bio job being slow work anyway.
     */
    private static final long GATHER_NANOS = 5_000L;

    private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(long[].class);
    /** The state's index in its array: 128 bytes of padding on each side. */
    private static final int STATE_INDEX = 16;

    private final BioKind kind;
    private final ThrQueue queue;
    private final JobFifo fifo;
    private final CachedClock clock;

    /**
     * The state word, alone on its cache lines: every submission CASes it, while the runner writes
     * {@link #progress} once per job; sharing a line, the two cores would trade it at every job.
     * Element {@link #STATE_INDEX} of this array, through {@link #STATE}.
     */
    private final long[] state = new long[2 * STATE_INDEX + 1];
    private volatile boolean stopping;

    /* The consumer's (one runner at a time, handed over through the serial queue). */
    /** The number of the next job to take. */
    private long consumed;

    /*
     * Written by the consumer after every job, read by anyone, in an array of their own: as fields
     * of this object they would share a cache line with the fields every submission reads
     * (state, fifo, queue), and each job would move that line between the two cores.
     *   FINISHED: jobs taken and finished (run, or taken back by closeNow): pending is the
     *             sequence minus this.
     *   OLDEST:   the submission time of the job the runner runs or ran last; NONE if no runner.
     */
    private static final int FINISHED = 16;
    private static final int OLDEST = 17;
    private final long[] progress = new long[2 * FINISHED + 1];
    /* Written by the consumer only, rarely, read by anyone. */
    private volatile long takenBack;
    private volatile long failed;
    private volatile Thread thread;

    private final ReentrantLock stepLock = new ReentrantLock();
    private final Condition stepped = stepLock.newCondition();
    private volatile int waiters;
    private volatile int drainers;

    KindWorker(BioKind kind, ThrQueue queue, CachedClock clock) {
        this(kind, queue, clock, JobFifo.DEFAULT_CHUNK_SIZE);
    }

    KindWorker(BioKind kind, ThrQueue queue, CachedClock clock, int chunkSize) {
        this.kind = kind;
        this.queue = queue;
        this.clock = clock;
        this.fifo = new JobFifo(chunkSize);
        STATE.setVolatile(progress, OLDEST, NONE);
    }

    private long state() {
        return (long) STATE.getVolatile(state, STATE_INDEX);
    }

    private long finished() {
        return (long) STATE.getVolatile(progress, FINISHED);
    }

    /** A volatile write: see waitStep in the class comment. */
    private void finished(long position) {
        STATE.setVolatile(progress, FINISHED, position);
    }

    private long oldestNanos() {
        return (long) STATE.getAcquire(progress, OLDEST);
    }

    /** A monitoring snapshot: a release store, no fence, as it is written once per job. */
    private void oldestNanos(long nanos) {
        STATE.setRelease(progress, OLDEST, nanos);
    }

    private long sequence() {
        return state() & SEQUENCE;
    }

    BioKind kind() {
        return kind;
    }

    /**
     * How many jobs were ever submitted to this kind, for the clock's ticker.
     *
     * @return the submission sequence
     */
    long submitted() {
        return sequence();
    }

    // ---------------------------------------------------------------- submission

    /**
     * Numbers and stores a job, posting a runner if none owns the FIFO.
     *
     * @param job a {@link PendingJob}, or a user's {@link Job} that is not one
     * @throws RejectedJobException if the kind is closed, or its queue (its runtime) is
     */
    void submit(Object job) {
        long s;
        do {
            s = state();
            if ((s & CLOSED) != 0) {
                throw new RejectedJobException("bio kind '" + kind + "' is closed: " + job
                        + " was not submitted; submit before Bio.close()");
            }
            if ((s & RUNNING) == 0 && queue.isClosed()) {
                throw new RejectedJobException("bio kind '" + kind + "' cannot run " + job
                        + ": its runtime is closed; close the Bio before its Thr");
            }
        } while (!STATE.compareAndSet(state, STATE_INDEX, s, (s + 1) | RUNNING));
        long now = clock.stamp(); // not System.nanoTime(): see CachedClock
        if (job instanceof PendingJob) {
            ((PendingJob) job).submittedAt(now);
        }
        fifo.put(s & SEQUENCE, job, now);
        if ((s & RUNNING) == 0) {
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

    /** Runs the FIFO's jobs until it gives the FIFO up, idle. See the class comment. */
    private final class Runner implements Job {

        private Object failedJob;

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
            long position = consumed;
            try {
                for (;;) {
                    if (stopping) {
                        giveUp(position);
                        return;
                    }
                    Object job = fifo.take(position);
                    if (job == null) {
                        if (!awaitWork(position) && giveUp(position)) {
                            return;
                        }
                        continue;
                    }
                    oldestNanos(fifo.takenNanos());
                    Throwable failure = null;
                    boolean ok;
                    try {
                        ok = work(job);
                    } catch (Throwable t) {
                        failure = t;
                        ok = false;
                    }
                    position++;
                    if (!ok) {
                        failed = failed + 1; // single writer at a time: exact
                    }
                    finished(position); // a volatile write, then volatile reads: see waitStep
                    if (waiters > 0) {
                        signalStep();
                    } else {
                        signalIfDrained(position);
                    }
                    if (failure != null) {
                        consumed = position;
                        if (canHandOver && !stopping && (giveUp(position) || handOver())) {
                            // Whoever owns the FIFO now goes on; the runtime reports the failure.
                            failedJob = job;
                            throw asException(failure);
                        }
                        // No runtime to report to: slf4j names the kind, and the worker goes on.
                        LOG.error("bio job {} of kind '{}' failed", job, kind, failure);
                    }
                }
            } finally {
                consumed = position;
            }
        }

        /**
         * Waits for the next job once its slot looked empty: lets a batch gather for
         * {@link #GATHER_NANOS}, then looks once, and so on for {@link #IDLE_SPIN_NANOS} at most
         * while no number is handed out (see the class comment).
         *
         * @param position the number of the next job
         * @return true if the job was stored or numbered, or closeNow stops the runner; false if
         *         no number was handed out for {@link #IDLE_SPIN_NANOS}
         */
        private boolean awaitWork(long position) {
            long first = System.nanoTime();
            long start = first;
            for (;;) {
                long now;
                // Look at nothing the producers write while a batch gathers: every look at a line
                // they are writing moves it to this core and back. Yield rather than spin: on a
                // core shared with a producer, the producer runs instead.
                do {
                    Thread.yield();
                    now = System.nanoTime();
                } while (now - start < GATHER_NANOS);
                if (fifo.stored(position) || stopping || sequence() != position) {
                    // Stored, or numbered and about to be: its producer is between CAS and store.
                    return true;
                }
                if (now - first >= IDLE_SPIN_NANOS) {
                    return false;
                }
                start = now;
            }
        }

        /**
         * Gives the FIFO up if nothing is pending (or closeNow stops the runner): the next
         * submission posts a fresh runner.
         *
         * @param position the number of the next job
         * @return true if given up; false if a job was numbered meanwhile and this runner keeps it
         */
        private boolean giveUp(long position) {
            consumed = position; // for the next owner: published by the CAS
            oldestNanos(NONE);
            for (;;) {
                long s = state();
                if ((s & SEQUENCE) != position && !stopping) {
                    return false;
                }
                if (STATE.compareAndSet(state, STATE_INDEX, s, s & ~RUNNING)) {
                    return true;
                }
            }
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

    /**
     * Does a job's work on the worker.
     *
     * @return false if the job failed in a way it reported itself (an fsync failure)
     */
    private static boolean work(Object job) throws Exception {
        if (job instanceof PendingJob) {
            PendingJob pending = (PendingJob) job;
            try {
                return pending.work();
            } finally {
                pending.release();
            }
        }
        ((Job) job).run();
        return true;
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

    private void signalIfDrained(long position) {
        if (drainers > 0 && sequence() == position) {
            signalStep();
        }
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
     * Jobs submitted and not finished, the running one included.
     *
     * @return the pending count
     */
    long pending() {
        long done = finished(); // first: the sequence read after it is at least as large
        return sequence() - done;
    }

    Duration oldestPendingAge() {
        long done = finished();
        if (sequence() == done) {
            return Duration.ZERO;
        }
        long nanos = oldestNanos();
        if (nanos == NONE) {
            nanos = fifo.peek(done); // posted a runner that has not started yet
        }
        return nanos == NONE ? Duration.ZERO : Duration.ofNanos(Math.max(0L, System.nanoTime() - nanos));
    }

    BioStats stats() {
        long f = failed;
        long t = takenBack;
        long done = finished();
        long p = sequence() - done;
        return new BioStats(kind, p, done - t, f, oldestPendingAge());
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
        long seen = finished();
        if (pending() == 0) {
            return true;
        }
        stepLock.lock();
        try {
            waiters++;
            try {
                while (finished() == seen && pending() > 0) {
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

    /** Refuses new jobs: jobs numbered before still run (close) or are taken back (closeNow). */
    void refuse() {
        long s;
        do {
            s = state();
        } while ((s & CLOSED) == 0 && !STATE.compareAndSet(state, STATE_INDEX, s, s | CLOSED));
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
        long position = consumed;
        long end = sequence(); // final: CLOSED is set, no number is handed out any more
        List<BioJob> jobs = new ArrayList<>();
        for (; position < end; position++) {
            Object job = fifo.takeCounted(position);
            jobs.add(job instanceof PendingJob ? (PendingJob) job
                    : new UserJob(kind, (Job) job, fifo.takenNanos()));
        }
        takenBack = takenBack + jobs.size(); // before finished: stats never count them as done
        consumed = position;
        finished(position);
        signalStep();
        return jobs;
    }

    /** Closes the queue, waiting for what it holds, and joins the kind's thread. */
    void shutDown() {
        closeAndJoin(queue, () -> thread);
    }

    /**
     * Closes a dedicated queue, waiting for what it holds, and joins its thread.
     *
     * @param queue the queue
     * @param thread the thread that ran its jobs, read once the queue is closed; null if none ran
     */
    static void closeAndJoin(ThrQueue queue, Supplier<Thread> thread) {
        queue.close(true);
        Thread worker = thread.get();
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
}
