package org.thrjob.threads.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A worker's bounded work-stealing deque: the Chase–Lev deque with a fixed array, as lib-common's
 * thr-job keeps 256 jobs per thread.
 *
 * <h2>Algorithm</h2>
 * Chase and Lev, "Dynamic circular work-stealing deque" (SPAA 2005), in the form proven for weak
 * memory models by Lê, Pop, Cohen and Zappa Nardelli, "Correct and efficient work-stealing for weak
 * memory models" (PPoPP 2013), without the resizing: the array has {@code capacity} slots (a power
 * of two) and a push into a full deque fails, so that the caller runs the job inline (SPEC rule
 * 2.6).
 * <ul>
 *   <li>{@code bottom} is written only by the owner; {@code top} only moves forward, by CAS.</li>
 *   <li>{@link #push}: write the slot, then publish it with a release store of {@code bottom}.</li>
 *   <li>{@link #pop}: lower {@code bottom} first, full fence, then read {@code top}. With more than
 *       one element left no thief can reach the bottom one; on the last element the owner races
 *       the thieves with the same CAS on {@code top} they use, so exactly one of them gets it.</li>
 *   <li>{@link #steal}: read {@code top} (acquire), full fence, read {@code bottom} (acquire), read
 *       the slot, then CAS {@code top}. A slot is overwritten only after {@code top} moved past it
 *       (a push never lets {@code bottom - top} exceed the capacity), so a thief that read a stale
 *       slot always loses its CAS.</li>
 * </ul>
 * Each slot holds a job and, in the entry after it, its syn round (or null): scheduling with a syn
 * allocates no wrapper object. The thief and the popping owner hand the round back through
 * {@link Worker#takenRound}.
 *
 * <h2>Keeping the garbage collector's card marks private</h2>
 * A push stores a reference into an array that lives as long as its worker, and every reference
 * store marks a byte of the collector's card table, one byte per 512 bytes of heap, so that one
 * 64-byte line of the card table covers 32 KiB of heap. The workers' arrays are allocated one
 * after the other, so without care their card bytes share a line, and two workers pushing at once
 * write the same cache line on every push: measured on a tree of 2^20 leaves with
 * {@code -XX:+UseParallelGC}, every tree took about 2.5 times as long (about 130 against 50 ms),
 * and under G1 the same happened once the arrays were promoted to the old generation, about 4 s
 * into a run (G1 marks a card only after a fence, and cleans and marks them again as it refines).
 * So the used slots sit in the middle of a larger array, {@value #PAD} entries from either end:
 * the 32 KiB stretches of heap around them belong to this array alone, and so do their card bytes
 * (about 66 KiB per worker). {@code ForkJoinPool}'s work queues start at 8,192 slots, which has
 * the same effect.
 *
 * <p>For the same reason a round entry is written only when it changes: a push writes it only when
 * it holds another round, a pop leaves it (a job entry is cleared, so that the job can be
 * collected: storing null marks no card), and the owner clears the round entries only when it ran
 * out of work ({@link #clearTaken}), so that an idle worker keeps no ended round reachable.
 * Recursive work on one syn pushes the same round millions of times.
 *
 * <p><b>Thread-safety:</b> {@link #push} and {@link #pop} by the owning worker only; {@link #steal}
 * and {@link #isEmpty()} by any thread.
 */
final class WorkDeque {

    private static final VarHandle TOP;
    private static final VarHandle BOTTOM;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /**
     * Unused entries before and after the used ones: 32 KiB of compressed references, so that the
     * card-table line of the used entries covers no other object (see the class comment).
     */
    static final int PAD = 8192;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOP = lookup.findVarHandle(WorkDeque.class, "top", long.class);
            BOTTOM = lookup.findVarHandle(WorkDeque.class, "bottom", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The largest capacity: twice as many entries plus the padding still fit in one array. */
    static final int MAX_CAPACITY = 1 << 29;

    /** Entry {@code PAD + 2 * i} holds the job of slot i, the entry after it the job's round. */
    private final Object[] slots;
    private final int mask;
    /** Bottom at the last {@link #clearTaken}: entries of positions below it are clear. Owner-only. */
    private long clearedUpTo;
    /** One past the highest position whose round entry a push wrote. Owner-only. */
    private long roundsUpTo;

    // Padding keeps the owner's bottom and the thieves' top off one cache line.
    @SuppressWarnings("unused") private long p01, p02, p03, p04, p05, p06, p07;
    @SuppressWarnings("unused") // accessed through TOP
    private volatile long top;
    @SuppressWarnings("unused") private long q01, q02, q03, q04, q05, q06, q07;
    @SuppressWarnings("unused") // accessed through BOTTOM
    private volatile long bottom;
    @SuppressWarnings("unused") private long r01, r02, r03, r04, r05, r06, r07;

    /**
     * Creates an empty deque.
     *
     * @param capacity a power of two, at least 2 (checked by {@code ThrConfig})
     */
    WorkDeque(int capacity) {
        this.slots = new Object[PAD + 2 * capacity + PAD];
        this.mask = capacity - 1;
    }

    /**
     * Pushes a job at the bottom. Owner only.
     *
     * @param job   the job or task
     * @param round its completion, or null
     * @return false if the deque is full (nothing was pushed)
     */
    boolean push(Object job, Completion round) {
        return offer(job, round) >= 0;
    }

    /**
     * Pushes a job at the bottom and tells how many the owner saw before it. Owner only.
     *
     * @param job   the job or task
     * @param round its completion, or null
     * @return -1 if the deque is full (nothing was pushed), else the number of jobs it held just
     *         before (0: it looked empty, a thief may have just taken the last one)
     */
    int offer(Object job, Completion round) {
        long b = (long) BOTTOM.getOpaque(this);
        long t = (long) TOP.getAcquire(this);
        long size = b - t;
        if (size > mask) {
            return -1;
        }
        int i = index(b);
        if (SLOTS.getOpaque(slots, i + 1) != round) {
            SLOTS.setOpaque(slots, i + 1, round);
            roundsUpTo = b + 1;
        }
        SLOTS.setOpaque(slots, i, job);
        BOTTOM.setRelease(this, b + 1);
        return (int) Math.max(0L, size);
    }

    /**
     * Pops the newest job. Owner only.
     *
     * @param self the owner, whose {@link Worker#takenRound} receives the job's round
     * @return the job, or null if the deque was empty (or a thief took the last one)
     */
    Object pop(Worker self) {
        // Fast path without the fence: only the owner adds jobs, so a deque the owner sees empty
        // is empty (thieves only ever take).
        if ((long) BOTTOM.getOpaque(this) - (long) TOP.getAcquire(this) <= 0) {
            return null;
        }
        long b = (long) BOTTOM.getOpaque(this) - 1;
        BOTTOM.setOpaque(this, b);
        VarHandle.fullFence();
        long t = (long) TOP.getOpaque(this);
        if (t > b) {
            BOTTOM.setOpaque(this, b + 1);
            return null;
        }
        int i = index(b);
        Object job = SLOTS.getOpaque(slots, i);
        Completion round = (Completion) SLOTS.getOpaque(slots, i + 1);
        if (t == b) {
            // The last one: race the thieves for it.
            boolean won = TOP.compareAndSet(this, t, t + 1);
            BOTTOM.setOpaque(this, b + 1);
            if (!won) {
                return null;
            }
        } else {
            // No thief can reach this slot: clear it so the job can be collected. The round entry
            // stays (see the class comment).
            SLOTS.setOpaque(slots, i, null);
        }
        self.tookRound(round);
        return job;
    }

    /**
     * Steals the oldest job. Any thread.
     *
     * @param thief the stealing worker, whose {@link Worker#takenRound} receives the job's round
     * @return the job, or null if empty or another thread won the race (the caller moves on)
     */
    Object steal(Worker thief) {
        long t = (long) TOP.getAcquire(this);
        VarHandle.fullFence();
        long b = (long) BOTTOM.getAcquire(this);
        if (t >= b) {
            return null;
        }
        int i = index(t);
        Completion round = (Completion) SLOTS.getAcquire(slots, i + 1);
        Object job = SLOTS.getAcquire(slots, i);
        if (!TOP.compareAndSet(this, t, t + 1)) {
            return null;
        }
        thief.tookRound(round);
        return job;
    }

    /**
     * Checks a configured capacity against {@link #MAX_CAPACITY}.
     *
     * @param capacity a power of two, at least 2 (checked by {@code ThrConfig})
     * @return {@code capacity}
     * @throws IllegalArgumentException if it is larger than {@link #MAX_CAPACITY}
     */
    static int checkCapacity(int capacity) {
        if (capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("dequeCapacity is " + capacity
                    + ", more than the threads provider's largest, " + MAX_CAPACITY
                    + ": configure ThrConfig.dequeCapacity(int) with at most " + MAX_CAPACITY);
        }
        return capacity;
    }

    /** The entry of the job at position {@code position} (top or bottom). */
    private int index(long position) {
        return PAD + 2 * ((int) position & mask);
    }

    /**
     * Clears the entries that pushes wrote since the last call: the round entries that pops leave,
     * and the job entries of jobs that thieves took or that the owner won in a race for the last
     * one (a thief cannot clear what it took: the owner may be reusing the entry already). So an
     * idle worker keeps no job and no ended round reachable. Owner only, after its {@link #pop}
     * found the deque empty: every entry then lies below {@code top}, and a thief that still reads
     * one loses its CAS on {@code top}.
     */
    void clearTaken() {
        // Below bottom (which equals top now): jobs taken by thieves or in a race; below
        // roundsUpTo: round entries that pops left, perhaps above bottom.
        long b = (long) BOTTOM.getOpaque(this);
        long end = Math.max(b, roundsUpTo);
        for (long p = Math.max(clearedUpTo, end - (mask + 1L)); p < end; p++) {
            int i = index(p);
            SLOTS.setOpaque(slots, i, null);
            SLOTS.setOpaque(slots, i + 1, null);
        }
        // Pushes write at bottom and above only.
        clearedUpTo = b;
    }

    /**
     * Tells whether the deque looks empty; a hint, exact only when the owner is not pushing.
     *
     * @return true if no job was seen
     */
    boolean isEmpty() {
        return (long) BOTTOM.getAcquire(this) - (long) TOP.getAcquire(this) <= 0;
    }

    /**
     * How many jobs the deque holds, as a hint.
     *
     * @return the size seen
     */
    int size() {
        return (int) Math.max(0L, (long) BOTTOM.getAcquire(this) - (long) TOP.getAcquire(this));
    }
}
