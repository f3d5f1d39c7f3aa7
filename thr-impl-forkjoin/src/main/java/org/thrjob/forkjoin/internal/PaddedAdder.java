package org.thrjob.forkjoin.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link LongAdder} followed by a cache line of padding, for the counters that change with
 * every job.
 *
 * <p>An adder keeps its uncontended count, and the reference to its striped cells once contended,
 * in fields of a small object. {@code posted} is written by a poster from outside the pool for
 * every job, while the workers read {@code run}'s cell reference for every job they end; allocated
 * side by side, the two shared a line, and every post took it away from the workers. The padding
 * after each adder keeps the next object off its line.
 *
 * <p><b>Thread-safety:</b> as {@link LongAdder}: every method may be called from any thread.
 */
final class PaddedAdder extends LongAdder {

    private static final long serialVersionUID = 1L;

    @SuppressWarnings("unused") private long p01, p02, p03, p04, p05, p06, p07, p08;

    /** An adder at zero. */
    PaddedAdder() {
    }
}
