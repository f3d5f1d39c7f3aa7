package org.thrjob.threads.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The shared queue of jobs posted from outside the pool (and of drains that yield after their
 * batch): many producers, many consumers, lock-free on the common path.
 *
 * <h2>Algorithm</h2>
 * Dmitry Vyukov's bounded MPMC queue ("Bounded MPMC queue", 1024cores.net): a ring of cells, each
 * with a sequence number that says whose turn it is. A producer claims position {@code p} by CAS on
 * {@code tail} once the cell's sequence reads {@code p}, writes the job and its round, then
 * release-stores {@code p + 1}; a consumer claims {@code p} by CAS on {@code head} once the
 * sequence reads {@code p + 1}, reads the cell, and release-stores {@code p + capacity}, handing
 * the cell to the producer of the next lap. No allocation per job: the job and its round go into
 * parallel arrays, as in {@link WorkDeque}.
 *
 * <p>When the ring is full the job goes to an unbounded {@link ConcurrentLinkedQueue} of
 * {@link Overflow} wrappers instead (the ring is large, so this is a burst's slow path, never the
 * steady state); consumers look at both. Unordered jobs promise no order (SPEC rule 2.3), so two
 * lanes are allowed; serial queues keep their order in their own lists, never here.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread.
 */
final class InjectionQueue {

    private static final int CAPACITY = 1 << 13;
    private static final int MASK = CAPACITY - 1;
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle ROUNDS = MethodHandles.arrayElementVarHandle(Completion[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(InjectionQueue.class, "head", long.class);
            TAIL = lookup.findVarHandle(InjectionQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] sequence = new long[CAPACITY];
    private final Object[] slots = new Object[CAPACITY];
    private final Completion[] rounds = new Completion[CAPACITY];
    private final ConcurrentLinkedQueue<Overflow> overflow = new ConcurrentLinkedQueue<>();

    @SuppressWarnings("unused") private long p01, p02, p03, p04, p05, p06, p07;
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile long head;
    @SuppressWarnings("unused") private long q01, q02, q03, q04, q05, q06, q07;
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile long tail;
    @SuppressWarnings("unused") private long r01, r02, r03, r04, r05, r06, r07;

    InjectionQueue() {
        for (int i = 0; i < CAPACITY; i++) {
            sequence[i] = i;
        }
    }

    /**
     * Adds a job. Never fails.
     *
     * @param job   the job or task
     * @param round its completion, or null
     */
    void offer(Object job, Completion round) {
        long pos = (long) TAIL.getOpaque(this);
        for (;;) {
            int i = (int) pos & MASK;
            long seq = (long) SEQ.getAcquire(sequence, i);
            long dif = seq - pos;
            if (dif == 0) {
                if (TAIL.weakCompareAndSet(this, pos, pos + 1)) {
                    ROUNDS.setOpaque(rounds, i, round);
                    SLOTS.setOpaque(slots, i, job);
                    SEQ.setRelease(sequence, i, pos + 1);
                    return;
                }
                pos = (long) TAIL.getOpaque(this);
            } else if (dif < 0) {
                overflow.offer(new Overflow(job, round));
                return;
            } else {
                pos = (long) TAIL.getOpaque(this);
            }
        }
    }

    /**
     * Takes a job.
     *
     * @param taker the worker whose {@link Worker#takenRound} receives the job's round
     * @return the job, or null if none was seen
     */
    Object poll(Worker taker) {
        long pos = (long) HEAD.getOpaque(this);
        for (;;) {
            int i = (int) pos & MASK;
            long seq = (long) SEQ.getAcquire(sequence, i);
            long dif = seq - (pos + 1);
            if (dif == 0) {
                if (HEAD.weakCompareAndSet(this, pos, pos + 1)) {
                    Object job = SLOTS.getOpaque(slots, i);
                    Completion round = (Completion) ROUNDS.getOpaque(rounds, i);
                    SLOTS.setOpaque(slots, i, null);
                    ROUNDS.setOpaque(rounds, i, null);
                    SEQ.setRelease(sequence, i, pos + CAPACITY);
                    taker.tookRound(round);
                    return job;
                }
                pos = (long) HEAD.getOpaque(this);
            } else if (dif < 0) {
                Overflow spilled = overflow.poll();
                if (spilled == null) {
                    return null;
                }
                taker.tookRound(spilled.round);
                return spilled.job;
            } else {
                pos = (long) HEAD.getOpaque(this);
            }
        }
    }

    /**
     * Tells whether a job may be waiting: true if a producer claimed a cell no consumer took yet.
     *
     * @return false only if the queue was empty when looked at
     */
    boolean maybeNonEmpty() {
        return (long) TAIL.getVolatile(this) != (long) HEAD.getVolatile(this) || !overflow.isEmpty();
    }

    /** A job that found the ring full. */
    private static final class Overflow {
        final Object job;
        final Completion round;

        Overflow(Object job, Completion round) {
            this.job = job;
            this.round = round;
        }
    }
}
