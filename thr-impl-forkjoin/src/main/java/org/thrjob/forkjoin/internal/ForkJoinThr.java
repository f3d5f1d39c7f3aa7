package org.thrjob.forkjoin.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.thrjob.api.Job;
import org.thrjob.api.MainQueue;
import org.thrjob.api.QueueStats;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.ScheduledJob;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.ThrQueue;
import org.thrjob.api.ThrStats;
import org.thrjob.api.spi.Checks;

/**
 * A {@code forkjoin} runtime: a {@link ForkJoinPool} of its own (never the common pool, SPEC rule
 * 1.6), the main queue, timers, and the bookkeeping of close.
 *
 * <h2>Lifecycle</h2>
 * {@code OPEN} → {@code CLOSING} → {@code TERMINATED}. While {@code CLOSING}, posts are refused
 * except from threads running the runtime's jobs (workers, dedicated threads, the main thread in a
 * main job, the timer thread), so that recursive work finishes (SPEC rule 7.2). {@link #close()}
 * cancels the timers, waits until {@link Counters#drained()} (every admitted job ran, whatever its
 * queue), draining the main queue itself when it runs on the main thread, then refuses everything,
 * closes the dedicated queues, shuts the pool down and joins every thread the runtime started
 * (7.1, 7.5, 7.6, 7.7). A job end while {@code CLOSING} unparks the closer, which otherwise sleeps.
 *
 * <p><b>Thread-safety:</b> every public method may be called from any thread; see {@link Thr}.
 */
public final class ForkJoinThr implements Thr, TimerTarget {

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int TERMINATED = 2;
    /** ForkJoinPool's limit on its number of threads. */
    private static final int MAX_POOL_THREADS = 0x7fff;

    private final ThrConfig config;
    private final String name;
    private final int parallelism;
    private final int dequeCapacity;
    private final int serialBatch;
    private final Counters counters = new Counters();
    private final FailureReporting failures;
    private final RuntimeThreads threads;
    private final ActiveQueues activeQueues = new ActiveQueues();
    private final Set<DedicatedQueue> dedicated = ConcurrentHashMap.newKeySet();
    private final MainQueueImpl main;
    private final Timers timers;
    private final Executor executor;
    private final Object closeLock = new Object();
    private final ForkJoinPool pool;
    private volatile int state = OPEN;
    private volatile Thread closer;

    private ForkJoinThr(ThrConfig config) {
        this.config = config;
        this.name = config.name();
        this.parallelism = config.parallelism();
        this.dequeCapacity = config.dequeCapacity();
        this.serialBatch = config.serialBatch();
        this.failures = new FailureReporting(name, config.failureHandler());
        this.threads = new RuntimeThreads(this);
        this.main = new MainQueueImpl(this, Thread.currentThread());
        this.timers = new Timers(this);
        this.executor = new RuntimeExecutor(this);
        int maxThreads = (int) Math.min(MAX_POOL_THREADS,
                (long) parallelism + config.maxSpareWorkers());
        // asyncMode: jobs are never joined, and FIFO local order lets a drain that re-forks itself
        // after its batch go behind the work already there (SPEC rule 3.4). minimumRunnable is the
        // parallelism: a worker blocked in managedBlock is replaced by a spare (SPEC rule 5.4).
        this.pool = new ForkJoinPool(parallelism, threads, null, true, parallelism,
                Math.max(parallelism, maxThreads), parallelism, pool -> true,
                config.spareKeepAlive().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Creates a runtime; its pool starts workers lazily, as jobs arrive.
     *
     * @param config the configuration; not null
     * @return the runtime
     */
    public static ForkJoinThr create(ThrConfig config) {
        return new ForkJoinThr(config);
    }

    // ---------------------------------------------------------------- identity and config

    @Override
    public String name() {
        return name;
    }

    @Override
    public String providerName() {
        return "forkjoin";
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    int serialBatch() {
        return serialBatch;
    }

    @Override
    public int workerIndex() {
        Thread thread = Thread.currentThread();
        if (thread instanceof Worker && ((Worker) thread).runtime == this) {
            return ((Worker) thread).index;
        }
        return -1;
    }

    RuntimeThreads threads() {
        return threads;
    }

    ActiveQueues activeQueues() {
        return activeQueues;
    }

    FailureReporting failures() {
        return failures;
    }

    Timers timers() {
        return timers;
    }

    MainQueueImpl main() {
        return main;
    }

    ForkJoinPool pool() {
        return pool;
    }

    // ---------------------------------------------------------------- admission

    private boolean isOwnWorker(Thread thread) {
        return thread instanceof Worker && ((Worker) thread).runtime == this;
    }

    /** Whether {@code thread} is running one of this runtime's jobs (or is its timer). */
    private boolean runsJobsOfThisRuntime(Thread thread) {
        return isOwnWorker(thread)
                || thread instanceof DedicatedThread && ((DedicatedThread) thread).queue.runtime == this
                || timers.isTimerThread(thread)
                || main.isRunningOn(thread);
    }

    private boolean admittedWhileClosing() {
        return state == CLOSING && runsJobsOfThisRuntime(Thread.currentThread());
    }

    /**
     * Counts a post to the pool side (unordered or a queue) and refuses it if the runtime is
     * closed; see {@link Counters#drained()} for why it counts first.
     *
     * @param where the queue's or the runtime's name, for the message
     * @throws RejectedJobException if refused
     */
    void admitPost(String where) {
        counters.posted.increment();
        if (state != OPEN && !admittedWhileClosing()) {
            counters.rejected.increment();
            throw rejected(where);
        }
    }

    /**
     * Refuses a main-queue post if the runtime is closed.
     *
     * @throws RejectedJobException if refused
     */
    void admitMain() {
        if (state != OPEN && !admittedWhileClosing()) {
            throw rejected(main.name());
        }
    }

    /**
     * Tells whether a delayed job may be scheduled.
     *
     * @param where the target's name, for the message
     * @return true if open; false if a job of the closing runtime asks (the timer is then born
     *         cancelled)
     * @throws RejectedJobException if the runtime is closed and the caller is not one of its jobs
     */
    boolean admitTimer(String where) {
        if (state == OPEN) {
            return true;
        }
        if (admittedWhileClosing()) {
            return false;
        }
        throw rejected(where);
    }

    private void checkOpen() {
        if (state != OPEN && !admittedWhileClosing()) {
            throw rejected(name);
        }
    }

    private RejectedJobException rejected(String where) {
        String what = where.equals(name) ? "thrjob runtime '" + name + "'"
                : "queue '" + where + "' of thrjob runtime '" + name + "'";
        return new RejectedJobException(what + " is closed and accepts no more jobs"
                + (state == CLOSING ? " (it is draining the jobs posted before close())" : "")
                + "; post before close(), or create a new runtime");
    }

    // ---------------------------------------------------------------- running jobs

    /**
     * Runs an unordered job and does its bookkeeping; never throws.
     *
     * @param job        the job
     * @param completion its syn round, or null
     */
    void runJob(Job job, Completion completion) {
        runJob(job, completion, null, name, counters.run);
    }

    /**
     * Runs a queue's job and does its bookkeeping; never throws.
     *
     * @param job        the job
     * @param completion its syn round or sync caller, or null
     * @param queue      its queue
     * @return what {@link QueueBase#jobFinished()} returned: the queue's pending count after it
     */
    long runJob(Job job, Completion completion, QueueBase queue) {
        return runJob(job, completion, queue, queue.name, counters.run);
    }

    /**
     * Runs a serial queue's job that has no completion and does all its bookkeeping but the
     * queue's count, which the drain takes down later for several jobs at once (see
     * {@link SerialQueue}); never throws.
     *
     * @param job   the job
     * @param queue its queue
     */
    void runUncounted(Job job, QueueBase queue) {
        runJob(job, null, null, queue.name, counters.run);
    }

    /**
     * Runs a main-queue job; see {@link #runJob(Job, Completion, QueueBase)}.
     *
     * @param job        the job
     * @param completion its syn round or sync caller, or null
     * @param queue      the main queue
     * @param run        the main queue's counter of jobs run
     */
    void runMainJob(Job job, Completion completion, QueueBase queue, LongAdder run) {
        runJob(job, completion, queue, queue.name, run);
    }

    /*
     * The order of a job's bookkeeping, each step visible before the next:
     *   1. failure: counted, told to the completion, reported to the handler unless the
     *      completion rethrows it to a caller (sync);
     *   2. completion.finish(): a syn round's last job seals it and posts its continuations;
     *   3. the job counts as run (so close() cannot see the runtime drained before step 2's posts);
     *   4. the queue counts the job finished (its pending count falls, its drain may go idle);
     *   5. completion.release(): waiters wake, and find stats and pending() up to date;
     *   6. a closing runtime's closer is unparked to look again.
     */
    private long runJob(Job job, Completion completion, QueueBase queue, String where,
            LongAdder run) {
        runOnly(job, completion, where);
        boolean release = completion != null && completion.finish();
        run.increment();
        long left = queue == null ? 0L : queue.jobFinished();
        if (release) {
            completion.release();
        }
        wakeCloser();
        return left;
    }

    /** Step 1 of a job's bookkeeping: runs it and deals with its failure. */
    private void runOnly(Job job, Completion completion, String where) {
        try {
            job.run();
        } catch (Throwable failure) {
            counters.failed.increment();
            if (completion == null || !completion.failed(failure)) {
                failures.report(job, where, failure);
            }
        }
    }

    /** Step 6 of a job's bookkeeping. */
    private void wakeCloser() {
        if (state != OPEN) {
            Thread waiting = closer;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }

    /**
     * Runs an unordered job of a batch (see {@link JobTask}) and deals with its failure; the batch
     * ends it later with {@link #batchEnded}.
     *
     * @param job   the job
     * @param round its syn round, or null
     */
    void runInBatch(Job job, Round round) {
        runOnly(job, round, name);
    }

    /**
     * Ends the unordered jobs a batch ran for one round: steps 2 to 6 of their bookkeeping, once.
     *
     * @param round their syn round, or null
     * @param jobs  how many; nothing happens if zero
     */
    void batchEnded(Round round, long jobs) {
        if (jobs == 0L) {
            return;
        }
        boolean release = round != null && round.finish(jobs);
        counters.run.add(jobs);
        if (release) {
            round.release();
        }
        wakeCloser();
    }

    /**
     * Puts a task on the pool: on the calling worker's deque if it is one of ours, else submitted
     * from outside.
     *
     * @param task the task
     */
    void dispatch(ForkJoinTask<?> task) {
        if (isOwnWorker(Thread.currentThread())) {
            task.fork();
        } else {
            pool.execute(task);
        }
    }

    /** After a drain re-forked itself: let one outside submission run (see Helping). */
    void yieldAfterBatch() {
        Thread thread = Thread.currentThread();
        if (isOwnWorker(thread)) {
            Helping.yieldToSubmission((Worker) thread);
        }
    }

    // ---------------------------------------------------------------- unordered jobs

    @Override
    public void schedule(Job job) {
        Checks.notNull(job, "job");
        admitPost(name);
        submit(job, null);
    }

    @Override
    public void schedule(Syn syn, Job job) {
        Checks.notNull(syn, "syn");
        Checks.notNull(job, "job");
        SynImpl impl = SynImpl.cast(syn);
        admitPost(name);
        submit(job, impl.attach());
    }

    /*
     * Bounded local pushes (SPEC rule 2.6). A job scheduled by one of our workers goes to that
     * worker's deque, unless the deque already holds dequeCapacity tasks: then the job runs at once
     * in the caller, which is natural back-pressure (a job that schedules in a loop ends up doing
     * part of the work itself) and bounds memory. From any other thread the job is submitted to
     * the pool's shared queues.
     */
    private void submit(Job job, Round round) {
        Thread thread = Thread.currentThread();
        if (isOwnWorker(thread)) {
            if (ForkJoinTask.getQueuedTaskCount() >= dequeCapacity) {
                counters.inlineOnOverflow.increment();
                Worker worker = (Worker) thread;
                QueueBase previous = worker.currentQueue;
                worker.currentQueue = null;
                try {
                    runJob(job, round);
                } finally {
                    worker.currentQueue = previous;
                }
                return;
            }
            new JobTask(this, job, round).fork();
        } else {
            pool.execute(new JobTask(this, job, round));
        }
    }

    @Override
    public void postFromTimer(Job job) {
        schedule(job);
    }

    @Override
    public boolean refusesTimers() {
        return false;
    }

    @Override
    public ScheduledJob postAfter(Duration delay, Job job) {
        Checks.notNegative(delay, "delay");
        Checks.notNull(job, "job");
        return timers.schedule(this, delay, job);
    }

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> job) {
        Checks.notNull(job, "job");
        RuntimeFuture<T> future = new RuntimeFuture<>(executor);
        schedule(Job.named(String.valueOf(job), () -> future.completeFrom(job)));
        return future;
    }

    @Override
    public Executor executor() {
        return executor;
    }

    // ---------------------------------------------------------------- queues and syns

    @Override
    public ThrQueue newQueue(String name) {
        Checks.notBlank(name, "name");
        checkOpen();
        return new SerialQueue(this, name);
    }

    @Override
    public ThrQueue newQueue(String name, int width) {
        Checks.notBlank(name, "name");
        Checks.atLeast(width, 1, "width");
        checkOpen();
        return width == 1 ? new SerialQueue(this, name) : new WidthQueue(this, name, width);
    }

    @Override
    public ThrQueue newDedicatedQueue(String name) {
        Checks.notBlank(name, "name");
        checkOpen();
        DedicatedQueue queue = DedicatedQueue.start(this, name);
        dedicated.add(queue);
        if (state == TERMINATED) {
            // Raced with the end of close(): end the thread the close did not see.
            queue.closeDrained();
            queue.join();
            throw rejected(this.name);
        }
        return queue;
    }

    void dedicatedEnded(DedicatedQueue queue) {
        dedicated.remove(queue);
    }

    @Override
    public MainQueue mainQueue() {
        return main;
    }

    @Override
    public Syn newSyn() {
        return new SynImpl(this);
    }

    // ---------------------------------------------------------------- forEach and blocking

    @Override
    public void forEach(int count, IntConsumer body) {
        Checks.notNull(body, "body");
        Checks.atLeast(count, 0, "count");
        checkOpen();
        if (count == 0) {
            return;
        }
        ForEachTask.run(this, count, body);
    }

    @Override
    public <T> T blocking(Callable<T> call) throws Exception {
        Checks.notNull(call, "call");
        if (!(Thread.currentThread() instanceof Worker)) {
            return call.call();
        }
        return BlockingCall.run(call);
    }

    @Override
    public void blocking(Job job) throws Exception {
        Checks.notNull(job, "job");
        blocking(() -> {
            job.run();
            return null;
        });
    }

    // ---------------------------------------------------------------- stats

    @Override
    public ThrStats stats() {
        List<QueueStats> queues = new ArrayList<>();
        queues.add(main.stats());
        queues.addAll(activeQueues.snapshot());
        long run = counters.run.sum() + main.runCount();
        long posted = counters.postedAdmitted() + main.postedCount();
        return new ThrStats(name, providerName(), parallelism, Math.max(posted, run), run,
                counters.failed.sum(), pool.getStealCount(), counters.inlineOnOverflow.sum(),
                ThrStats.NOT_TRACKED, ThrStats.NOT_TRACKED, queues);
    }

    // ---------------------------------------------------------------- close

    @Override
    public boolean isClosed() {
        return state != OPEN;
    }

    boolean isTerminated() {
        return state == TERMINATED;
    }

    @Override
    public void close() {
        Thread self = Thread.currentThread();
        if (isOwnWorker(self)
                || self instanceof DedicatedThread && ((DedicatedThread) self).queue.runtime == this) {
            throw new IllegalStateException("close() of thrjob runtime '" + name
                    + "' called from its own thread '" + self.getName() + "', which close() would"
                    + " have to wait for; close the runtime from outside its jobs (for example"
                    + " post the close to the main queue)");
        }
        synchronized (closeLock) {
            if (state == TERMINATED) {
                return;
            }
            state = CLOSING;
            timers.shutdown();
            awaitDrained(self);
            state = TERMINATED;
            for (DedicatedQueue queue : dedicated) {
                queue.closeDrained();
            }
            for (DedicatedQueue queue : dedicated) {
                queue.join();
            }
            pool.shutdown();
            boolean interrupted = false;
            for (;;) {
                try {
                    if (pool.awaitTermination(1, TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            threads.joinAll(self);
            if (interrupted) {
                self.interrupt();
            }
        }
    }

    /*
     * Waits until every admitted job ran. On the main thread, main jobs are part of the work: they
     * are run here as they come (they may post pool jobs and the other way round), and the loop
     * ends only when both sides are empty at once. The closer sleeps in between; job ends and main
     * posts unpark it, and the sleep is bounded anyway so that a lost race costs a few
     * milliseconds, never a hang.
     */
    private void awaitDrained(Thread self) {
        boolean onMain = main.isMainThread(self);
        boolean interrupted = false;
        closer = self;
        if (onMain) {
            main.sleeping(self);
        }
        try {
            for (;;) {
                if (onMain) {
                    while (main.runOne()) {
                        // drain the main queue too (SPEC rule 7.7)
                    }
                }
                if (counters.drained() && (!onMain || !main.hasQueued())) {
                    return;
                }
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
                interrupted |= Thread.interrupted();
            }
        } finally {
            if (interrupted) {
                self.interrupt();
            }
            closer = null;
            if (onMain) {
                main.sleeping(null);
            }
        }
    }

    @Override
    public String toString() {
        return "ForkJoinThr[" + name + ", parallelism=" + parallelism + ", "
                + (state == OPEN ? "open" : state == CLOSING ? "closing" : "closed") + "]";
    }

    ThrConfig config() {
        return config;
    }
}
