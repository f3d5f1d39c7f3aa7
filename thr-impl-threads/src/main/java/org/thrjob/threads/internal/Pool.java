package org.thrjob.threads.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.thrjob.api.Job;

/**
 * The scheduler of a {@code threads} runtime: {@code parallelism} core workers, each owning a
 * bounded {@link WorkDeque}, a shared {@link InjectionQueue} for posts from outside the pool, and
 * spare workers that keep {@code parallelism} workers runnable while others block.
 *
 * <h2>Where a worker looks for work</h2>
 * Its own deque (newest first: what it just posted is hot in its cache), then the injection queue,
 * then the other workers' deques (oldest first, starting at a random victim). Every 64 jobs it
 * looks at the injection queue first, so that a worker busy with its own recursive work still
 * gives outside posts and yielding drains their turn (SPEC rule 3.4).
 *
 * <h2>Idling: spin, then park; wake exactly one</h2>
 * A worker that found nothing keeps looking for a bounded number of rounds (a job posted within a
 * few microseconds is taken without any park/unpark), then parks. {@code searching} counts workers
 * that are looking for work and not parked. The protocol, after Tokio's and Go's schedulers:
 * <ul>
 *   <li>A post publishes its job (release), issues a full fence, then reads {@code searching}
 *       (from outside the pool, the injection queue's compare-and-set that claims the job's cell
 *       stands for both, as the last look of a worker going to sleep sees a claimed cell): if
 *       a worker is searching, that worker will find the job and nobody is woken; otherwise it pops
 *       one worker off the idle stack, counts it as searching and unparks it. So a burst of posts
 *       wakes one worker, not one per post (no thundering herd).</li>
 *   <li>A worker that finds a job while searching stops searching; if it was the last searcher it
 *       wakes one more (more work may be behind the job it took), so the pool ramps up one worker
 *       at a time as long as there is work.</li>
 *   <li>A worker going to sleep pushes itself on the idle stack, then stops searching (atomic
 *       decrement, a full fence), then looks at every queue once more, and only then parks. Either
 *       the poster's read of {@code searching} comes after that decrement (it then sees zero and
 *       wakes an idle worker, possibly this one), or the worker's last look comes after the
 *       poster's publication and finds the job (it then wakes one worker itself): the two full
 *       fences make one of the two sides see the other (Dekker), so no wake-up is lost.</li>
 * </ul>
 * The idle stack is a Treiber stack of worker slots with a version in the upper half of its word
 * (no ABA). A worker is woken by a CAS of its {@code parkState} from {@code IDLE} to
 * {@code WOKEN}: a spare that timed out CASes the same state to {@code RETIRED}, so exactly one of
 * the two happens, and a popped retired entry is dropped (its slot freed) by the popper.
 *
 * <h2>Blocking and spares</h2>
 * A worker about to block (in {@code Thr.blocking}, or waiting on a syn with nothing to help with)
 * calls {@link #beginBlocking()}: it wakes an idle worker, or starts a spare when none is idle, up
 * to {@code maxSpareWorkers} (SPEC rules 5.4, 6.4). Spares get slots from {@code parallelism} up
 * (SPEC rule 1.7), work like core workers, and retire after {@code spareKeepAlive} parked.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread unless it says otherwise.
 */
final class Pool {

    /** How long a worker that ran out of work keeps looking before it parks. */
    static final long SPIN_NANOS = 20_000L;
    /** Spin rounds between two yields (and two looks at the clock); a power of two. */
    static final int YIELD_EVERY = 16;
    /** Jobs between two looks at the injection queue first. */
    static final int INJECTION_EVERY = 64;

    private static final VarHandle IDLE_TOP;
    private static final VarHandle SEARCHING;
    private static final VarHandle PARK_STATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            IDLE_TOP = lookup.findVarHandle(Pool.class, "idleTop", long.class);
            SEARCHING = lookup.findVarHandle(Pool.class, "searching", long.class);
            PARK_STATE = lookup.findVarHandle(WorkerFields.class, "parkState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ThreadsThr runtime;
    private final int parallelism;
    private final int capacity;
    private final int maxSpares;
    private final long keepAliveNanos;
    private final Counters counters;
    final InjectionQueue injection = new InjectionQueue();
    private final AtomicReferenceArray<Worker> slots;
    /**
     * The deque of the worker in each slot: thieves read these, not the workers, whose own fields
     * change with every job.
     */
    private final AtomicReferenceArray<WorkDeque> deques;
    /** Slots held by a live worker or by a retired spare still on the idle stack. Guarded by this. */
    private final BitSet taken = new BitSet();

    @SuppressWarnings("unused") private long p01, p02, p03, p04, p05, p06, p07;
    @SuppressWarnings("unused") // accessed through IDLE_TOP
    private volatile long idleTop;
    @SuppressWarnings("unused") private long q01, q02, q03, q04, q05, q06, q07;
    // A long, not an int: HotSpot lays out all long fields of a class before its int fields, so
    // only a long stays between the padding longs around it, off the line of the fields below.
    @SuppressWarnings("unused") // accessed through SEARCHING
    private volatile long searching;
    @SuppressWarnings("unused") private long r01, r02, r03, r04, r05, r06, r07;
    private volatile boolean terminated;
    /** One past the highest slot ever used: the range thieves scan. Written under this. */
    private volatile int slotLimit;
    /** Workers blocked in beginBlocking/endBlocking, for stats and tests. */
    private volatile int blocked;

    Pool(ThreadsThr runtime, int parallelism, int capacity, int maxSpares, long keepAliveNanos,
            Counters counters) {
        this.runtime = runtime;
        this.parallelism = parallelism;
        this.capacity = capacity;
        this.maxSpares = maxSpares;
        this.keepAliveNanos = keepAliveNanos;
        this.counters = counters;
        this.slots = new AtomicReferenceArray<>(slotCount(parallelism, maxSpares));
        this.deques = new AtomicReferenceArray<>(slotCount(parallelism, maxSpares));
    }

    /** Number of slots, core and spare: the size of the counters' cell array. */
    static int slotCount(int parallelism, int maxSpares) {
        return (int) Math.min(Integer.MAX_VALUE - 8, (long) parallelism + maxSpares);
    }

    /** Starts the core workers. Called once, at the end of the runtime's construction. */
    void start() {
        Worker[] core = new Worker[parallelism];
        synchronized (this) {
            for (int i = 0; i < parallelism; i++) {
                taken.set(i);
                core[i] = newWorker(i, false);
            }
        }
        for (Worker worker : core) {
            worker.start();
        }
    }

    private Worker newWorker(int slot, boolean spare) {
        Worker worker = new Worker(runtime, this, runtime.name() + "-threads-worker-" + slot, slot,
                spare, capacity, counters.cell(slot));
        register(worker);
        runtime.threads().remember(worker);
        return worker;
    }

    /**
     * Puts a worker in its slot, where thieves and wakers find it. Called under this pool's lock
     * (or, in the concurrency tests, before any other thread uses the pool).
     *
     * @param worker the worker, not yet started
     */
    void register(Worker worker) {
        deques.set(worker.index, worker.deque);
        slots.set(worker.index, worker);
        if (worker.index >= slotLimit) {
            slotLimit = worker.index + 1;
        }
    }

    // ---------------------------------------------------------------- posting

    /**
     * Whether {@code thread} is one of this pool's workers.
     *
     * @param thread a thread
     * @return true if it is
     */
    boolean isOwnWorker(Thread thread) {
        return thread instanceof Worker && ((Worker) thread).pool == this;
    }

    /**
     * Pushes a job on the calling worker's deque. The caller is one of this pool's workers.
     *
     * @param self  the calling worker
     * @param job   a job or a task
     * @param round its completion, or null
     * @return false if the deque is full (the job was not pushed)
     */
    boolean pushLocal(Worker self, Object job, Completion round) {
        int before = self.deque.offer(job, round);
        if (before < 0) {
            return false;
        }
        if (before == 0) {
            // Only a push into an empty deque signals (a fence and a read of the searcher count):
            // for the jobs above it a worker was already woken or searching, and the last searcher
            // that takes a job wakes the next one while it sees work left. Recursive work thus
            // pays the fence once per burst, not once per job.
            signal();
        }
        return true;
    }

    /**
     * Adds a job to the injection queue and wakes a worker if none is searching.
     *
     * @param job   a job or a task
     * @param round its completion, or null
     */
    void inject(Object job, Completion round) {
        injection.offer(job, round);
        // No fence before reading the searcher count, unlike signal(): the offer claimed its cell
        // with a volatile compare-and-set (of the ring's tail, or of the overflow list's last
        // link), and a worker going to sleep reads both with volatile reads after its volatile
        // decrement of the count (hasWork), so one of the two sides always sees the other.
        wakeUnlessSearching();
    }

    /**
     * Puts a task that ran its turn (a drain after its batch) back on the injection queue, behind
     * the work already waiting. From one of our workers it wakes nobody: that worker is awake and
     * looks at the injection queue as soon as its deque is empty, and at least every
     * {@link #INJECTION_EVERY} jobs, so the task goes on at the latest then; waking a parked worker
     * for it would only move the drain to another core, away from its cache, and on a small
     * machine take the processor from the threads that feed the queue.
     *
     * @param task the task
     */
    void requeue(Task task) {
        if (isOwnWorker(Thread.currentThread())) {
            injection.offer(task, null);
        } else {
            inject(task, null);
        }
    }

    /**
     * Dispatches an internal task: on the caller's deque if it is one of our workers with room,
     * else on the injection queue. Tasks never run inline: a drain might then nest without bound.
     *
     * @param task the task
     */
    void dispatch(Task task) {
        Thread thread = Thread.currentThread();
        if (isOwnWorker(thread) && pushLocal((Worker) thread, task, null)) {
            return;
        }
        inject(task, null);
    }

    /** Called after publishing work: wakes one parked worker unless one is searching already. */
    void signal() {
        VarHandle.fullFence();
        wakeUnlessSearching();
    }

    /** The read half of {@link #signal}, for a caller whose publication was itself a full fence. */
    private void wakeUnlessSearching() {
        if ((long) SEARCHING.getVolatile(this) == 0L) {
            wakeOne();
        }
    }

    /**
     * Pops one idle worker and wakes it, counting it as searching.
     *
     * @return true if a worker was woken
     */
    private boolean wakeOne() {
        for (;;) {
            long top = (long) IDLE_TOP.getVolatile(this);
            int slot1 = (int) top;
            if (slot1 == 0) {
                return false;
            }
            Worker worker = slots.get(slot1 - 1);
            int next = worker.nextIdle;
            long popped = ((top >>> 32) + 1L) << 32 | (next & 0xffffffffL);
            if (!IDLE_TOP.compareAndSet(this, top, popped)) {
                continue;
            }
            SEARCHING.getAndAdd(this, 1L);
            if (PARK_STATE.compareAndSet(worker, Worker.IDLE, Worker.WOKEN)) {
                worker.counters.increment(Counters.Cell.WAKEUPS);
                LockSupport.unpark(worker.parker);
                return true;
            }
            // A spare that retired while on the stack: free its slot and try the next one.
            SEARCHING.getAndAdd(this, -1L);
            release(worker);
        }
    }

    private void pushIdle(Worker worker) {
        for (;;) {
            long top = (long) IDLE_TOP.getVolatile(this);
            worker.nextIdle = (int) top;
            long pushed = ((top >>> 32) + 1L) << 32 | (worker.index + 1L);
            if (IDLE_TOP.compareAndSet(this, top, pushed)) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- finding and running work

    /**
     * Takes one job for {@code self}: its own deque, the injection queue, then a steal. The job's
     * round is left in {@link Worker#takenRound}.
     *
     * @param self the calling worker
     * @return the job or task, or null if none was found
     */
    Object findWork(Worker self) {
        Object job;
        if (++self.ticks >= INJECTION_EVERY) {
            self.ticks = 0;
            job = injection.poll(self);
            if (job != null) {
                return job;
            }
        }
        job = self.deque.pop(self);
        if (job != null) {
            return job;
        }
        job = injection.poll(self);
        if (job != null) {
            return job;
        }
        int n = slotLimit;
        int seed = self.seed;
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        self.seed = seed;
        int start = (seed & 0x7fffffff) % n;
        for (int k = 0; k < n; k++) {
            int i = start + k;
            if (i >= n) {
                i -= n;
            }
            WorkDeque victim = deques.get(i);
            if (victim != null && victim != self.deque) {
                job = victim.steal(self);
                if (job != null) {
                    self.counters.increment(Counters.Cell.STOLEN);
                    return job;
                }
            }
        }
        return null;
    }

    /**
     * Runs one job taken by {@link #findWork}.
     *
     * @param self  the calling worker
     * @param job   the job or task
     * @param round its round
     */
    void execute(Worker self, Object job, Completion round) {
        if (job instanceof Task) {
            self.credits.settle(self);
            ((Task) job).run(self);
        } else {
            runtime.runUnordered(self, (Job) job, round);
        }
    }

    /**
     * Lets a waiting worker run one pending job.
     *
     * @param self the calling worker
     * @return true if a job ran, false if none was found
     */
    boolean helpOne(Worker self) {
        Object job = findWork(self);
        if (job == null) {
            return false;
        }
        execute(self, job, self.takenRound);
        // The waiting job below on this stack must not hold the helped job's round's credits.
        self.credits.settle(self);
        return true;
    }

    /**
     * Whether splitting work now would feed a worker: one is searching or parked.
     *
     * @return true if some worker looks for work
     */
    boolean wantsWork() {
        return (long) SEARCHING.getOpaque(this) > 0L || (int) (long) IDLE_TOP.getOpaque(this) != 0;
    }

    /** Whether any queue of the pool looks non-empty. */
    private boolean hasWork() {
        if (injection.maybeNonEmpty()) {
            return true;
        }
        int n = slotLimit;
        for (int i = 0; i < n; i++) {
            WorkDeque deque = deques.get(i);
            if (deque != null && !deque.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The body of every worker thread. See the class comment for the protocol.
     *
     * @param self the worker
     */
    void work(Worker self) {
        try {
            for (;;) {
                Object job = findWork(self);
                if (job != null) {
                    // Busy: no searching transitions, no shared write per job.
                    execute(self, job, self.takenRound);
                    continue;
                }
                // Out of work: give back credits before spinning or parking (see Credits).
                if (self.credits.settle(self)) {
                    continue;
                }
                self.forgetTaken();
                startSearching();
                for (;;) {
                    job = spin(self);
                    if (job != null) {
                        if ((long) SEARCHING.getAndAdd(this, -1L) == 1L && hasWork()) {
                            // The last searcher found work and sees more: hand it to another.
                            signal();
                        }
                        execute(self, job, self.takenRound);
                        break;
                    }
                    if (terminated) {
                        SEARCHING.getAndAdd(this, -1L);
                        return;
                    }
                    if (!sleep(self)) {
                        return;
                    }
                    // Woken, and counted as searching again by the waker: look again.
                }
            }
        } finally {
            if (self.spare) {
                spareEnded(self);
            }
        }
    }

    /*
     * The bounded spin of a searching worker: up to SPIN_NANOS of looking for work, yielding the
     * processor now and then so that on an oversubscribed machine the thread that would post the
     * work gets to run. A worker spins only after it ran out of work or was woken, so a runtime
     * that stays idle spins once and then parks for good.
     */
    private Object spin(Worker self) {
        long stop = System.nanoTime() + SPIN_NANOS;
        for (int round = 1; !terminated; round++) {
            Object job = findWork(self);
            if (job != null) {
                return job;
            }
            if ((round & (YIELD_EVERY - 1)) == 0) {
                if (System.nanoTime() - stop >= 0L) {
                    return null;
                }
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        return null;
    }

    /** Counts the calling worker as searching for work; {@link #sleep} counts it out. */
    void startSearching() {
        SEARCHING.getAndAdd(this, 1L);
    }

    /**
     * Parks an idle worker until woken. The worker is counted as searching on entry.
     *
     * @param self the worker
     * @return true when woken (counted as searching again), false if the worker must end
     */
    boolean sleep(Worker self) {
        self.parkState = Worker.IDLE;
        pushIdle(self);
        SEARCHING.getAndAdd(this, -1L);
        if (hasWork() || terminated) {
            // A post may have read searching > 0 before our decrement: wake one (maybe us).
            wakeOne();
        }
        self.counters.increment(Counters.Cell.PARKS);
        long deadline = self.spare ? System.nanoTime() + keepAliveNanos : 0L;
        while ((int) PARK_STATE.getVolatile(self) == Worker.IDLE) {
            if (terminated) {
                if (PARK_STATE.compareAndSet(self, Worker.IDLE, Worker.RETIRED)) {
                    return false;
                }
                break;
            }
            if (deadline == 0L) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0L) {
                    if (PARK_STATE.compareAndSet(self, Worker.IDLE, Worker.RETIRED)) {
                        return false; // left on the stack: its popper frees the slot
                    }
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
            Thread.interrupted(); // an interrupt must not turn the sleep into a spin
        }
        self.parkState = Worker.RUNNING;
        return true;
    }

    // ---------------------------------------------------------------- blocking and spares

    /**
     * Called by a worker about to block: keeps {@code parallelism} workers runnable by waking an
     * idle one, or starting a spare when none is idle and the cap allows.
     */
    void beginBlocking() {
        BLOCKED_COUNT.getAndAdd(this, 1);
        if (!wakeOne()) {
            startSpare();
        }
    }

    /** Called by the worker once it no longer blocks. */
    void endBlocking() {
        BLOCKED_COUNT.getAndAdd(this, -1);
    }

    private static final VarHandle BLOCKED_COUNT;

    static {
        try {
            BLOCKED_COUNT = MethodHandles.lookup().findVarHandle(Pool.class, "blocked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private void startSpare() {
        Worker spare;
        synchronized (this) {
            if (terminated) {
                return;
            }
            int slot = taken.nextClearBit(parallelism);
            if (slot >= slots.length() || slot - parallelism >= maxSpares) {
                return;
            }
            taken.set(slot);
            spare = newWorker(slot, true);
        }
        spare.start();
    }

    private void spareEnded(Worker spare) {
        if ((int) PARK_STATE.getVolatile(spare) != Worker.RETIRED) {
            release(spare); // not on the idle stack: free the slot now
        }
    }

    private void release(Worker worker) {
        synchronized (this) {
            if (slots.get(worker.index) == worker) {
                slots.set(worker.index, null);
                deques.set(worker.index, null);
                taken.clear(worker.index);
            }
        }
    }

    // ---------------------------------------------------------------- close

    /** Ends every worker once it finds no more work. Called by close after the runtime drained. */
    void shutdown() {
        synchronized (this) {
            terminated = true;
        }
        for (int i = 0; i < slots.length(); i++) {
            Worker worker = slots.get(i);
            if (worker != null) {
                LockSupport.unpark(worker.parker);
            }
        }
    }

    @Override
    public String toString() {
        return "Pool[parallelism=" + parallelism + ", searching=" + searching + ", blocked="
                + blocked + "]";
    }
}
