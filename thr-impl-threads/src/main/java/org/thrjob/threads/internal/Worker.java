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
    /**
     * The round of the job just taken from a deque or the injection queue. Worker-private; set
     * with {@link #tookRound}.
     */
    Completion takenRound;
    /** Counts on a syn round kept from finished jobs; see {@link Credits}. Worker-private. */
    final Credits credits = new Credits();
    /**
     * Whether the job just taken came from the injection queue (posted from outside the pool)
     * rather than from a deque. Worker-private; see {@link Credits} for why it matters.
     */
    boolean takenFromInjection;
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
     * Records the round of the job just taken, writing the field only when it changes.
     *
     * <p>Why not a plain store: a worker lives long, so after a few collections it sits in the old
     * generation, and under G1 every store of a reference into an old object pays the card-marking
     * barrier, a full fence on x86. A tree of jobs on one syn takes the same round millions of
     * times in a row; comparing first makes those takes free. The same holds for the deque's round
     * slots and for {@link Credits}.
     *
     * @param round the taken job's round, or null
     */
    void tookRound(Completion round) {
        if (takenRound != round) {
            takenRound = round;
        }
    }

    /**
     * Drops every reference the worker keeps to jobs and rounds it worked on, once it ran out of
     * work, so that an idle runtime keeps no job, no ended round, and through them no dropped syn
     * or recorded failure reachable. The round fields and entries are left in place while work
     * goes on, so as not to write them again for every job (see {@link #tookRound}).
     */
    void forgetTaken() {
        takenRound = null;
        credits.forget();
        deque.clearTaken();
    }

    @Override
    public void run() {
        pool.work(this);
    }
}
