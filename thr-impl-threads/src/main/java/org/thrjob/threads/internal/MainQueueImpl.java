package org.thrjob.threads.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.thrjob.api.Job;
import org.thrjob.api.MainQueue;
import org.thrjob.api.QueueStats;
import org.thrjob.api.spi.Checks;

/**
 * The main queue: a {@link JobList} drained only by the main thread, when it asks (SPEC rules 4.1
 * to 4.6).
 *
 * <h2>Waking the main thread</h2>
 * {@code queued} counts jobs posted and not yet taken. The post that moves it from 0 to 1 calls the
 * wakeup hook on the posting thread (an event loop sleeping in {@code select()} wakes, 4.4). A main
 * thread that sleeps inside thrjob ({@code runUntil}, a syn wait) first publishes itself in
 * {@code sleeper}, re-checks {@code queued}, then parks; every post unparks the published sleeper
 * after counting its job. Either the sleeper sees the job or the poster sees the sleeper: no post
 * is slept through, and an idle main thread burns no CPU (4.5).
 *
 * <p>Main jobs are counted apart from the pool's jobs ({@link Counters}): the runtime's close waits
 * for them only when it is called on the main thread, which drains them itself (7.7).
 *
 * <p><b>Thread-safety:</b> {@code post}, {@code sync}, {@code postAfter}, {@code onWakeup} from any
 * thread; the drain methods from the main thread only, which they check.
 */
final class MainQueueImpl extends QueueBase implements MainQueue {

    private static final VarHandle QUEUED;

    static {
        try {
            QUEUED = MethodHandles.lookup().findVarHandle(MainQueueImpl.class, "queued", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The longest the main thread watches for a job before it sleeps; see spinForJob. */
    static final long SPIN_NANOS = 20_000L;
    /** The spin tried now and then when spinning stopped paying off. */
    private static final long PROBE_NANOS = 1_000L;

    /** The current spin budget, adapted to how often spinning paid off. Main thread only. */
    private long spinBudget = PROBE_NANOS;
    /** Sleeps since the budget fell to zero. Main thread only. */
    private int sleepsWithoutSpin;

    private final JobList jobs = new JobList();
    private final LongAdder posted = new LongAdder();
    private final LongAdder run = new LongAdder();
    @SuppressWarnings("unused") // accessed through QUEUED
    private volatile long queued;
    /** How deep the main thread is in main jobs (a job waiting on a syn runs others). */
    private volatile int running;
    private volatile Thread thread;
    private volatile Runnable hook;
    private volatile Thread sleeper;

    MainQueueImpl(ThreadsThr runtime, Thread thread) {
        super(runtime, "main");
        this.thread = thread;
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    void admit() {
        runtime.admitMain();
        posted.increment();
    }

    @Override
    void enqueue(Job job, Completion completion) {
        jobs.push(new Node(job, completion));
        if ((long) QUEUED.getAndAdd(this, 1L) == 0L) {
            callHook();
        }
        Thread waiting = sleeper;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    private void callHook() {
        Runnable wakeup = hook;
        if (wakeup == null) {
            return;
        }
        try {
            wakeup.run();
        } catch (Throwable failure) {
            runtime.failures().report(Job.named("wakeup hook " + wakeup, wakeup::run),
                    name, failure);
        }
    }

    @Override
    long runCount() {
        return run.sum();
    }

    long postedCount() {
        return posted.sum();
    }

    @Override
    boolean isClosedForStats() {
        return false;
    }

    @Override
    public long pending() {
        return (long) QUEUED.getVolatile(this) + (running > 0 ? 1L : 0L);
    }

    @Override
    QueueStats stats() {
        long done = run.sum();
        long waiting = pending();
        return new QueueStats(name, 1, Math.max(posted.sum(), done + waiting), done, waiting);
    }

    boolean hasQueued() {
        return (long) QUEUED.getVolatile(this) > 0L;
    }

    boolean isMainThread(Thread candidate) {
        return candidate == thread;
    }

    /**
     * Publishes the main thread as sleeping (or not, with null) so that posts unpark it.
     *
     * @param self the main thread, or null when it wakes
     */
    void sleeping(Thread self) {
        sleeper = self;
    }

    /**
     * Runs the oldest queued job on the calling thread, which must be the main thread.
     *
     * @return true if a job ran
     */
    boolean runOne() {
        if ((long) QUEUED.getVolatile(this) == 0L) {
            return false;
        }
        // The post pushed before it counted: a positive count means a node is there.
        Node node = jobs.poll();
        QUEUED.getAndAdd(this, -1L);
        running++;
        QueueBase previous = CurrentQueue.enter(this);
        try {
            runtime.runMainJob(node.job, node.round, this, run);
        } finally {
            CurrentQueue.restore(previous);
        }
        return true;
    }

    @Override
    long jobFinished() {
        running--;
        return 0L;
    }

    private void checkThread(String what) {
        Thread caller = Thread.currentThread();
        Thread main = thread;
        if (caller != main) {
            throw new IllegalStateException(what + " of the main queue of runtime '" + runtime.name()
                    + "' called from thread '" + caller.getName() + "', but the main thread is '"
                    + main.getName() + "'; drain from the main thread, or call"
                    + " bindToCurrentThread() first to make '" + caller.getName() + "' the main thread");
        }
    }

    @Override
    public boolean drainOne() {
        checkThread("drainOne()");
        return runOne();
    }

    @Override
    public int drain() {
        checkThread("drain()");
        int ran = 0;
        while (runOne()) {
            ran++;
        }
        return ran;
    }

    @Override
    public void runUntil(BooleanSupplier condition) {
        Checks.notNull(condition, "condition");
        checkThread("runUntil()");
        runUntil(condition, 0L);
    }

    @Override
    public boolean runUntil(BooleanSupplier condition, Duration timeout) {
        Checks.notNull(condition, "condition");
        Checks.notNegative(timeout, "timeout");
        checkThread("runUntil()");
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return runUntil(condition, 0L);
        }
        long deadline = System.nanoTime() + Math.max(1L, nanos);
        return runUntil(condition, deadline == 0L ? 1L : deadline);
    }

    private boolean runUntil(BooleanSupplier condition, long deadline) {
        Thread self = Thread.currentThread();
        for (;;) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (runOne()) {
                continue;
            }
            if (Waiting.expired(deadline)) {
                return condition.getAsBoolean();
            }
            if (spinForJob(deadline)) {
                continue;
            }
            sleeper = self;
            try {
                if (!hasQueued()) {
                    if (deadline == 0L) {
                        LockSupport.park(this);
                    } else {
                        LockSupport.parkNanos(this, deadline - System.nanoTime());
                    }
                }
            } finally {
                sleeper = null;
            }
            if (Thread.interrupted()) {
                throw Waiting.interrupted();
            }
        }
    }

    /*
     * The bounded, adaptive spin before sleeping. A reply usually comes back within a few
     * microseconds of the request (the worker that runs it is awake, spinning itself), and a
     * park/unpark pair costs about as much as the whole round trip: so the main thread watches the
     * queue for a while first. The budget adapts: it doubles (up to SPIN_NANOS) each time a job
     * arrived during the spin and halves each time none did, so a main thread on an oversubscribed
     * machine, where spinning only steals the processor from the worker it waits for, soon stops
     * spinning (with a short probe every 64 sleeps to notice when spinning pays again). It spins
     * only right after it ran a job or started to wait, never while idle for longer: an idle main
     * loop still sleeps (SPEC rule 4.5) and burns no CPU.
     */
    private boolean spinForJob(long deadline) {
        long budget = spinBudget;
        if (budget == 0L) {
            if (++sleepsWithoutSpin < 64) {
                return false;
            }
            sleepsWithoutSpin = 0;
            budget = PROBE_NANOS;
        }
        long stop = System.nanoTime() + budget;
        if (deadline != 0L && deadline - stop < 0L) {
            stop = deadline;
        }
        do {
            for (int i = 0; i < 32; i++) {
                if (hasQueued()) {
                    spinBudget = Math.min(SPIN_NANOS, 2 * budget);
                    return true;
                }
                Thread.onSpinWait();
            }
        } while (System.nanoTime() - stop < 0L);
        spinBudget = budget < 2 * PROBE_NANOS ? 0L : budget / 2;
        return hasQueued();
    }

    @Override
    public void onWakeup(Runnable hook) {
        this.hook = hook;
    }

    @Override
    public void bindToCurrentThread() {
        Thread main = thread;
        if (running > 0 && main != Thread.currentThread()) {
            throw new IllegalStateException("a main job of runtime '" + runtime.name()
                    + "' is running on the main thread '" + main.getName() + "' right now; call"
                    + " bindToCurrentThread() while the main thread runs no main job");
        }
        thread = Thread.currentThread();
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    public boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /** Whether the caller is the main thread in the middle of a main job. */
    boolean isRunningOn(Thread caller) {
        return running > 0 && caller == thread;
    }
}
