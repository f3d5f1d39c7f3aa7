package org.thrjob.bio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.ThrQueue;

/**
 * The time a submission stamps its job with: {@link System#nanoTime()} as a ticker read it at most
 * {@link #TICK_NANOS} ago, Redis's cached clock ({@code updateCachedTime}, which bio's
 * {@code time(NULL)} stands in for at a second's resolution).
 *
 * <h2>Why</h2>
 * Reading the clock is a {@code clock_gettime} call: tens of nanoseconds, about half of what a
 * submission costs without it. A submission in a burst reads one field instead, on a cache line
 * of its own that changes once per tick.
 *
 * <h2>The bound</h2>
 * A stamp is a clock value read before the submission (the ticker's last tick, or the submitter's
 * own reading), so an age computed from it is never less than the true age, and more by at most
 * one tick plus however long the ticker's thread waited for a CPU at that tick. When no ticker
 * runs, {@link #stamp()} reads the clock itself: exact.
 *
 * <h2>The ticker</h2>
 * It runs only while jobs are submitted: the first submission that finds the clock
 * {@link #STOPPED} reads the real clock, publishes it by CAS and posts the ticker to its dedicated
 * queue. The ticker republishes the time every tick, and stops (publishing {@code STOPPED}) once
 * {@link #LINGER_TICKS} ticks passed without a submission, so an idle bio uses no CPU. A
 * submission that races the stop gets a stamp from the tick before it: within the bound.
 *
 * <p><b>Thread-safety:</b> {@link #stamp()} from any thread; {@link #close()} once, from the
 * thread that closes the Bio.
 */
final class CachedClock {

    /** How often the ticker republishes the time: the age's bound, scheduling delays aside. */
    static final long TICK_NANOS = 1_000_000L;
    /** Ticks without a submission after which the ticker stops. */
    static final int LINGER_TICKS = 10;
    /** The published value while no ticker runs: {@link #stamp()} then reads the clock itself. */
    private static final long STOPPED = Long.MIN_VALUE;

    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
    /** The time's index in {@link #cell}: 128 bytes of padding on each side. */
    private static final int NOW = 16;

    /** Element {@link #NOW}: alone on its cache lines, read by every submission. */
    private final long[] cell = new long[2 * NOW + 1];
    private final ThrQueue queue;
    private final LongSupplier submissions;
    private volatile boolean closed;
    private volatile Thread ticker;

    /**
     * A clock whose ticker runs on {@code queue} while {@code submissions} grows.
     *
     * @param queue the ticker's dedicated queue, or null for a clock that never ticks (every
     *              stamp reads the real clock)
     * @param submissions how many jobs were ever submitted, over every kind; any thread
     */
    CachedClock(ThrQueue queue, LongSupplier submissions) {
        this.queue = queue;
        this.submissions = submissions;
        CELL.setVolatile(cell, NOW, STOPPED);
    }

    /**
     * The time to stamp a job submitted now with.
     *
     * @return a {@link System#nanoTime()} value at most a tick old (see the class comment)
     */
    long stamp() {
        long now = (long) CELL.getAcquire(cell, NOW);
        return now != STOPPED ? now : start();
    }

    /**
     * Whether a ticker publishes the time, for tests.
     *
     * @return true while stamps come from the ticker, false while they read the clock
     */
    boolean ticking() {
        return (long) CELL.getVolatile(cell, NOW) != STOPPED;
    }

    private long start() {
        long now = System.nanoTime();
        if (queue != null && !closed && CELL.compareAndSet(cell, NOW, STOPPED, now)) {
            try {
                queue.post(this::tick);
            } catch (RejectedJobException e) {
                // The runtime is closed: no ticker, so every stamp reads the clock.
                CELL.setVolatile(cell, NOW, STOPPED);
            }
        }
        return now;
    }

    /** The ticker: one job of the clock's queue, returning once submissions stopped. */
    private void tick() {
        ticker = Thread.currentThread();
        long seen = submissions.getAsLong();
        int quiet = 0;
        while (!closed) {
            LockSupport.parkNanos(this, TICK_NANOS);
            CELL.setRelease(cell, NOW, System.nanoTime());
            long count = submissions.getAsLong();
            if (count != seen) {
                seen = count;
                quiet = 0;
            } else if (++quiet >= LINGER_TICKS) {
                break;
            }
        }
        tickerStopped();
    }

    /**
     * The ticker's last act: from now on the next submission reads the clock itself and starts a
     * ticker again. A submission racing it either read the last tick (within the bound) or finds
     * {@code STOPPED} and restarts the ticker: the published time is never left without a ticker.
     */
    void tickerStopped() {
        CELL.setVolatile(cell, NOW, STOPPED);
    }

    /** Stops the ticker for good and joins its thread: later stamps read the clock. */
    void close() {
        closed = true;
        Thread running = ticker;
        if (running != null) {
            LockSupport.unpark(running); // out of its tick's park at once
        }
        if (queue != null) {
            KindWorker.closeAndJoin(queue, () -> ticker);
        }
        CELL.setVolatile(cell, NOW, STOPPED);
    }
}
