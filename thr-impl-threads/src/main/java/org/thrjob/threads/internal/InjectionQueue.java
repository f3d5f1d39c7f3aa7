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
 * the cell to the producer of the next lap. No allocation per job: the cells are made once.
 *
 * <h2>One cache line per cell</h2>
 * A cell's sequence, job and round sit together in one {@link Cell} object, padded so that no two
 * cells' fields share a cache line. When the workers keep up with a poster they take each job
 * right after it is written, and with the three in parallel arrays (eight to sixteen cells to a
 * line, three lines per cell) every post wrote three lines that a worker had just read or
 * cleared, each write waiting for the line to come back from the other core: the poster then
 * spent 200–300 ns per post against 47 ns with the workers away, and stayed in that regime once
 * in it. One line per cell, not shared with the cell a worker is reading, leaves one transfer per
 * job. {@code UnorderedJobsBench} (1,000 jobs posted from outside, then awaited): 123 ns per job
 * against 221 for a raw {@code ForkJoinPool}, from 240–280 ns before (with the round's count on
 * its own line and credits for these jobs too: see {@link Round} and {@link Credits}).
 *
 * <p>When the ring is full the job goes to an unbounded {@link ConcurrentLinkedQueue} of
 * {@link Overflow} wrappers instead (the ring is large, so this is a burst's slow path, never the
 * steady state); consumers look at both. Unordered jobs promise no order (SPEC rule 2.3), so two
 * lanes are allowed; serial queues keep their order in their own lists, never here.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread.
 */
final class InjectionQueue {

    /** Cells in the ring: 4,096 of 80 bytes; a burst beyond waits in the overflow list. */
    private static final int CAPACITY = 1 << 12;
    private static final int MASK = CAPACITY - 1;
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SEQ;
    private static final VarHandle JOB;
    private static final VarHandle ROUND;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(InjectionQueue.class, "head", long.class);
            TAIL = lookup.findVarHandle(InjectionQueue.class, "tail", long.class);
            SEQ = lookup.findVarHandle(CellFields.class, "seq", long.class);
            JOB = lookup.findVarHandle(CellFields.class, "job", Object.class);
            ROUND = lookup.findVarHandle(CellFields.class, "round", Completion.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Cell[] cells = new Cell[CAPACITY];
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
            cells[i] = new Cell(i);
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
            Cell cell = cells[(int) pos & MASK];
            long seq = (long) SEQ.getAcquire(cell);
            long dif = seq - pos;
            if (dif == 0) {
                if (TAIL.weakCompareAndSet(this, pos, pos + 1)) {
                    ROUND.setOpaque(cell, round);
                    JOB.setOpaque(cell, job);
                    SEQ.setRelease(cell, pos + 1);
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
            Cell cell = cells[(int) pos & MASK];
            long seq = (long) SEQ.getAcquire(cell);
            long dif = seq - (pos + 1);
            if (dif == 0) {
                if (HEAD.weakCompareAndSet(this, pos, pos + 1)) {
                    Object job = JOB.getOpaque(cell);
                    Completion round = (Completion) ROUND.getOpaque(cell);
                    JOB.setOpaque(cell, null);
                    ROUND.setOpaque(cell, null);
                    SEQ.setRelease(cell, pos + CAPACITY);
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

    /**
     * One cell of the ring: its fields (in {@link CellFields}: 16 bytes after the 12-byte header)
     * and the padding after them make 80 bytes, so that the fields of two neighbouring cells are
     * always at least 64 bytes apart, whatever the cells' alignment.
     */
    private static final class Cell extends CellFields {
        @SuppressWarnings("unused") private long q01, q02, q03, q04, q05, q06;

        Cell(long seq) {
            SEQ.setRelease(this, seq);
        }
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

/**
 * The fields of an {@link InjectionQueue} cell, before its padding. Package-private only so that
 * the queue's var handles reach them; nothing else touches them.
 */
abstract class CellFields {
    /** Whose turn the cell is: {@code p} for the producer of position p, {@code p + 1} after. */
    volatile long seq;
    /** The job or task, or null when the cell is free. */
    Object job;
    /** The job's round, or null. */
    Completion round;
}
