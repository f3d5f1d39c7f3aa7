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
 * Each slot holds a job and, in a parallel array, its syn round (or null): scheduling with a syn
 * allocates no wrapper object. The thief and the popping owner hand the round back through
 * {@link Worker#takenRound}.
 *
 * <p><b>Thread-safety:</b> {@link #push} and {@link #pop} by the owning worker only; {@link #steal}
 * and {@link #isEmpty()} by any thread.
 */
final class WorkDeque {

    private static final VarHandle TOP;
    private static final VarHandle BOTTOM;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle ROUNDS = MethodHandles.arrayElementVarHandle(Completion[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOP = lookup.findVarHandle(WorkDeque.class, "top", long.class);
            BOTTOM = lookup.findVarHandle(WorkDeque.class, "bottom", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] slots;
    private final Completion[] rounds;
    private final int mask;

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
        this.slots = new Object[capacity];
        this.rounds = new Completion[capacity];
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
        int i = (int) b & mask;
        ROUNDS.setOpaque(rounds, i, round);
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
        int i = (int) b & mask;
        Object job = SLOTS.getOpaque(slots, i);
        Completion round = (Completion) ROUNDS.getOpaque(rounds, i);
        if (t == b) {
            // The last one: race the thieves for it.
            boolean won = TOP.compareAndSet(this, t, t + 1);
            BOTTOM.setOpaque(this, b + 1);
            if (!won) {
                return null;
            }
        } else {
            // No thief can reach this slot: clear it so the job can be collected.
            SLOTS.setOpaque(slots, i, null);
            ROUNDS.setOpaque(rounds, i, null);
        }
        self.takenRound = round;
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
        int i = (int) t & mask;
        Completion round = (Completion) ROUNDS.getAcquire(rounds, i);
        Object job = SLOTS.getAcquire(slots, i);
        if (!TOP.compareAndSet(this, t, t + 1)) {
            return null;
        }
        thief.takenRound = round;
        return job;
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
