package org.thrjob.threads.internal;

/**
 * A worker thread of one runtime, named {@code <runtime>-threads-worker-<index>} (SPEC rule 1.8),
 * owning one bounded {@link WorkDeque}.
 *
 * <p>Besides the name it carries what the hot paths would otherwise look up in thread-locals: its
 * runtime (to tell "my pool" from another runtime's), its {@link org.thrjob.api.Thr#workerIndex()
 * index}, its counters, and the queue whose job it is running, for {@code isCurrent()} and the
 * sync-cycle graph.
 *
 * <p><b>Thread-safety:</b> the plain fields are read and written only by the worker itself;
 * {@link #parkState} and {@link #nextIdle} belong to {@link Pool}'s idle protocol.
 */
final class Worker extends Thread {

    static final int RUNNING = 0;
    static final int IDLE = 1;
    static final int WOKEN = 2;
    static final int RETIRED = 3;

    final ThreadsThr runtime;
    final Pool pool;
    final int index;
    final boolean spare;
    final WorkDeque deque;
    final Counters.Cell counters;
    /** The queue whose job this worker runs right now, or null. Worker-private. */
    QueueBase currentQueue;
    /** The round of the job just taken from a deque or the injection queue. Worker-private. */
    Completion takenRound;
    /**
     * The syn round whose job ends this worker counts locally instead of in the round's shared
     * count, or null. A job of the round that ends on this worker adds one to {@link #credits}; a
     * job this worker then attaches to the same syn takes one back, so that recursive work (a
     * job that schedules its children on its own syn) touches the shared count only when this
     * worker's balance runs dry. The credits keep the round from ending: they are handed to the
     * round ({@link Pool#settle}) before the worker runs a job of another round or none, idles,
     * or blocks. Worker-private.
     */
    Round creditRound;
    /** Jobs of {@link #creditRound} that ended and are still counted pending there. */
    long credits;
    /** Jobs of {@link #creditRound} that ended and are not yet counted as run. */
    long deferredRun;
    /** Jobs taken since the worker last looked at the injection queue first. Worker-private. */
    int ticks;
    /** Seed of the victim choice when stealing. Worker-private. */
    int seed;
    /** Where the worker is in the idle protocol; see {@link Pool}. */
    volatile int parkState = RUNNING;
    /** The next idle worker's slot plus one, while this one is on the idle stack. */
    volatile int nextIdle;
    /**
     * The thread that parks for this worker in {@link Pool}'s idle protocol: the worker itself,
     * except in the concurrency tests, where another thread plays its part.
     */
    volatile Thread parker = this;

    /**
     * Creates a worker; {@link Pool} starts it.
     *
     * @param runtime  its runtime (null only in the concurrency tests, which drive the parts)
     * @param pool     its pool
     * @param name     the thread's name
     * @param index    its slot, the {@code workerIndex()}
     * @param spare    whether it is a spare that retires when idle for long
     * @param capacity its deque's capacity
     * @param counters its slot's counters
     */
    Worker(ThreadsThr runtime, Pool pool, String name, int index, boolean spare, int capacity,
            Counters.Cell counters) {
        super(name);
        this.runtime = runtime;
        this.pool = pool;
        this.index = index;
        this.spare = spare;
        this.deque = new WorkDeque(capacity);
        this.counters = counters;
        this.seed = index * 0x9E3779B9 + 1;
        setDaemon(true);
    }

    /**
     * Sets {@link #takenRound}, storing only a change: in a run of jobs of one syn the field keeps
     * its value and the worker (an old object) pays no GC write barrier per job.
     *
     * @param round the round of the job just taken, or null
     */
    void take(Completion round) {
        if (takenRound != round) {
            takenRound = round;
        }
    }

    @Override
    public void run() {
        pool.work(this);
    }
}
