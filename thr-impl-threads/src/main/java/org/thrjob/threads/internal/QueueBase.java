package org.thrjob.threads.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.thrjob.api.Job;
import org.thrjob.api.JobQueue;
import org.thrjob.api.QueueStats;
import org.thrjob.api.ScheduledJob;
import org.thrjob.api.Syn;
import org.thrjob.api.spi.Checks;

/**
 * What every queue of the runtime shares: the name, argument checks, syn attachment, timers,
 * {@code sync} with its cycle detection, and the pending count with its place in
 * {@link ActiveQueues}.
 *
 * <h2>The pending count and the active list</h2>
 * {@code pending} counts jobs posted and not finished. The post that moves it from 0 to 1 lists
 * the queue in {@link ActiveQueues}; the job end that would move it from 1 to 0 first unlists the
 * queue, then tries the CAS, and lists it again if a post slipped in (the CAS failed). So while the
 * count is above zero the queue is listed, except for the instant between that CAS failing and the
 * queue being listed again, and a post never races an unlisting it cannot see.
 *
 * <p><b>Thread-safety:</b> every public method may be called from any thread.
 */
abstract class QueueBase implements JobQueue, TimerTarget {

    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(QueueBase.class, "pending", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ThreadsThr runtime;
    final String name;

    @SuppressWarnings("unused") // accessed through PENDING
    private volatile long pending;

    /** The queue whose job this queue's running job waits for in {@code sync}; see SyncCycleDetector. */
    volatile QueueBase waitingOn;

    // Links of ActiveQueues, guarded by its lock.
    QueueBase activePrev;
    QueueBase activeNext;
    boolean activeListed;

    QueueBase(ThreadsThr runtime, String name) {
        this.runtime = runtime;
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    /**
     * How many jobs may run at once.
     *
     * @return the width
     */
    public abstract int width();

    /**
     * Refuses the post if the queue or the runtime is closed, and counts it as posted otherwise.
     *
     * @throws org.thrjob.api.RejectedJobException if refused
     */
    abstract void admit();

    /**
     * Adds an admitted job to the queue. Never fails.
     *
     * @param job        the job
     * @param completion its syn round, or null
     */
    abstract void enqueue(Job job, Completion completion);

    /** Jobs of this queue that finished, for stats. */
    abstract long runCount();

    /** Whether stats must leave the queue out although it has pending jobs. */
    abstract boolean isClosedForStats();

    @Override
    public final void post(Job job) {
        Checks.notNull(job, "job");
        admit();
        enqueue(job, null);
    }

    @Override
    public final void post(Syn syn, Job job) {
        Checks.notNull(syn, "syn");
        Checks.notNull(job, "job");
        SynImpl impl = SynImpl.cast(syn);
        admit();
        enqueue(job, impl.attach());
    }

    @Override
    public final ScheduledJob postAfter(Duration delay, Job job) {
        Checks.notNegative(delay, "delay");
        Checks.notNull(job, "job");
        return runtime.timers().schedule(this, delay, job);
    }

    @Override
    public final void postFromTimer(Job job) {
        post(job);
    }

    @Override
    public boolean refusesTimers() {
        return false;
    }

    @Override
    public final void sync(Job job) {
        Checks.notNull(job, "job");
        sync(() -> {
            job.run();
            return null;
        }, job);
    }

    @Override
    public final <T> T sync(Callable<T> job) {
        Checks.notNull(job, "job");
        return sync(job, job);
    }

    private <T> T sync(Callable<T> call, Object named) {
        if (isCurrent()) {
            return SyncJob.runInline(this, call, named);
        }
        QueueBase from = CurrentQueue.get();
        QueueBase previous = SyncCycleDetector.enter(from, this);
        try {
            SyncJob<T> sync = new SyncJob<>(call, named, this);
            admit();
            enqueue(sync, sync);
            Waiting.await(runtime, sync, 0L);
            return sync.result();
        } finally {
            SyncCycleDetector.exit(from, previous);
        }
    }

    @Override
    public boolean isCurrent() {
        return CurrentQueue.get() == this;
    }

    @Override
    public long pending() {
        return Math.max(0L, (long) PENDING.getVolatile(this));
    }

    /**
     * Counts a posted job; lists the queue as active on the first one.
     *
     * @return the count before this job
     */
    final long incrementPending() {
        long before = (long) PENDING.getAndAdd(this, 1L);
        if (before == 0L) {
            runtime.activeQueues().add(this);
        }
        return before;
    }

    /**
     * Counts a finished job; unlists the queue when it was the last one (see the class comment).
     *
     * @return the count after this job
     */
    final long decrementPending() {
        return decrementPending(1L);
    }

    /**
     * Counts {@code n} finished jobs at once; unlists the queue when they were the last ones.
     *
     * @param n how many, at least 1 and at most the pending count
     * @return the count after them
     */
    final long decrementPending(long n) {
        for (;;) {
            long now = (long) PENDING.getVolatile(this);
            if (now == n) {
                runtime.activeQueues().remove(this);
                if (PENDING.compareAndSet(this, n, 0L)) {
                    becameIdle();
                    return 0L;
                }
                runtime.activeQueues().add(this);
            } else if (PENDING.compareAndSet(this, now, now - n)) {
                return now - n;
            }
        }
    }

    /**
     * Counts one of the queue's jobs as finished, on the thread that ran it, before its waiters
     * wake. Serial and dedicated queues also count it as run here.
     *
     * @return the pending count after it
     */
    long jobFinished() {
        return decrementPending();
    }

    /** Called once each time the pending count falls to zero. */
    void becameIdle() {
        // nothing by default
    }

    /**
     * The queue's counters.
     *
     * @return a snapshot
     */
    QueueStats stats() {
        long run = runCount();
        long waiting = pending();
        return new QueueStats(name, width(), run + waiting, run, waiting);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", pending=" + pending() + "]";
    }
}
