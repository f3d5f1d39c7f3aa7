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
 * <p>The fields are in {@link WorkerFields}; this class adds padding after them, and the
 * behaviour.
 *
 * <p><b>Thread-safety:</b> the plain fields are read and written only by the worker itself;
 * {@link #parkState} and {@link #nextIdle} belong to {@link Pool}'s idle protocol.
 */
final class Worker extends WorkerFields {

    // After the fields: the worker writes some of them for every job it takes (ticks, the taken
    // round), and whatever object the collector happens to place next in memory may be
    // read by the other workers just as often (the runtime, the pool, a syn): without this gap
    // the two would share a cache line. Measured on the tree benchmark: about half of the JMH
    // forks ran each tree 3-4 times slower after their first seconds (150-240 against 40-55 ms),
    // depending only on where the collector had copied the objects; with this padding and that of
    // Credits, none of eight forks did.
    @SuppressWarnings("unused") private long p01, p02, p03, p04, p05, p06, p07, p08;

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
        super(runtime, pool, name, index, spare, capacity, counters);
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
