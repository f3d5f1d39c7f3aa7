package org.thrjob.threads.internal;

/**
 * The fields of a {@link Worker}, in a class of their own so that the padding {@link Worker} adds
 * after them keeps the next object in memory off their cache lines (see {@link Worker}).
 *
 * <p><b>Thread-safety:</b> the plain fields are read and written only by the worker itself;
 * {@link #parkState} and {@link #nextIdle} belong to {@link Pool}'s idle protocol.
 */
abstract class WorkerFields extends Thread {

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
    /**
     * The round of the job just taken from a deque or the injection queue. Worker-private; set
     * with {@link Worker#tookRound}.
     */
    Completion takenRound;
    /** Counts on a syn round kept from finished jobs; see {@link Credits}. Worker-private. */
    final Credits credits = new Credits();
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
     * Sets the fields of a new worker.
     *
     * @param runtime  its runtime (null only in the concurrency tests, which drive the parts)
     * @param pool     its pool
     * @param name     the thread's name
     * @param index    its slot, the {@code workerIndex()}
     * @param spare    whether it is a spare that retires when idle for long
     * @param capacity its deque's capacity
     * @param counters its slot's counters
     */
    WorkerFields(ThreadsThr runtime, Pool pool, String name, int index, boolean spare, int capacity,
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
}
