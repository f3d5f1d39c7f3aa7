package org.thrjob.threads.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The runtime's job counters ({@code thr_acc_*}), kept so that counting costs a worker no atomic
 * instruction: each worker slot has a {@link Cell} that only the worker holding the slot writes
 * (plain read, release store), and threads that are not workers (posters from outside, dedicated
 * threads) count in {@link LongAdder}s. Readers sum everything with volatile reads.
 *
 * <p>{@code posted} is incremented before a post is admitted and {@code rejected} when the
 * admission then fails, so "every attempted post either ran or was rejected" reads
 * {@code run + rejected == posted}: the test {@link ThreadsThr#close()} uses to know that the pool
 * side of the runtime has drained. Main-queue jobs are not counted here; {@link MainQueueImpl}
 * counts its own.
 *
 * <p><b>Thread-safety:</b> a cell is written by one worker at a time (the slot's holder; a slot
 * passes to a new spare only after the previous one ended); everything else from any thread.
 */
final class Counters {

    final LongAdder posted = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder run = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder inlineOnOverflow = new LongAdder();
    private final AtomicReferenceArray<Cell> cells;

    Counters(int slots) {
        this.cells = new AtomicReferenceArray<>(slots);
    }

    /**
     * The cell of a worker slot, created on first use.
     *
     * @param slot the worker's index
     * @return its cell
     */
    Cell cell(int slot) {
        Cell cell = cells.get(slot);
        if (cell == null) {
            cells.compareAndSet(slot, null, new Cell());
            cell = cells.get(slot);
        }
        return cell;
    }

    private long sum(int field) {
        long total = 0;
        for (int i = 0; i < cells.length(); i++) {
            Cell cell = cells.get(i);
            if (cell != null) {
                total += cell.get(field);
            }
        }
        return total;
    }

    long posted() {
        return posted.sum() + sum(Cell.POSTED);
    }

    long run() {
        return run.sum() + sum(Cell.RUN);
    }

    long stolen() {
        return sum(Cell.STOLEN);
    }

    long inlineOnOverflow() {
        return inlineOnOverflow.sum() + sum(Cell.INLINE);
    }

    long parks() {
        return sum(Cell.PARKS);
    }

    long wakeups() {
        return sum(Cell.WAKEUPS);
    }

    /**
     * Tells whether every post attempted so far either finished running or was rejected.
     *
     * <p>{@code run} and {@code rejected} are read before {@code posted}. All only grow and
     * {@code run + rejected <= posted} at every instant (a post counts before it publishes its job,
     * a run counts after the job ended), so when the sums read that way are equal there was an
     * instant, between the reads, at which no admitted job was pending or running.
     *
     * @return true if the pool side was quiescent at some instant during the call
     */
    boolean drained() {
        long done = run() + rejected.sum();
        return done == posted();
    }

    /** Jobs posted and admitted (a post still being admitted may be counted for a moment). */
    long postedAdmitted() {
        long rejectedNow = rejected.sum();
        return Math.max(0, posted() - rejectedNow);
    }

    /**
     * One worker slot's counters, padded against false sharing with its neighbours. The holder of
     * the slot increments with a plain read and a release store; readers use volatile reads.
     */
    static final class Cell {

        static final int POSTED = 0;
        static final int RUN = 1;
        static final int STOLEN = 2;
        static final int INLINE = 3;
        static final int PARKS = 4;
        static final int WAKEUPS = 5;
        private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(long[].class);
        /** 8 longs of padding on each side of the 6 counters. */
        private static final int BASE = 8;

        private final long[] values = new long[BASE + 6 + BASE];

        void increment(int field) {
            int i = BASE + field;
            VALUES.setRelease(values, i, (long) VALUES.getOpaque(values, i) + 1L);
        }

        void add(int field, long n) {
            int i = BASE + field;
            VALUES.setRelease(values, i, (long) VALUES.getOpaque(values, i) + n);
        }

        long get(int field) {
            return (long) VALUES.getVolatile(values, BASE + field);
        }
    }
}
