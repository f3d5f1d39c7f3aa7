package org.thrjob.forkjoin.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The runtime's job counters ({@code thr_acc_*}), striped so that workers counting at once do not
 * fight over one cache line.
 *
 * <p>{@code posted} is incremented before a post is admitted and {@code rejected} when the
 * admission then fails, so "every attempted post either ran or was rejected" reads
 * {@code run + rejected == posted}: the test {@link ForkJoinThr#close()} uses to know that the pool
 * side of the runtime has drained. Main-queue jobs are not counted here (they run only when the
 * main thread asks, so close must not wait for them); {@link MainQueueImpl} counts its own.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread.
 */
final class Counters {

    final LongAdder posted = new PaddedAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder run = new PaddedAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder inlineOnOverflow = new LongAdder();

    /**
     * Tells whether every post attempted so far either finished running or was rejected.
     *
     * <p>{@code run} and {@code rejected} are read before {@code posted}. All three only grow and
     * {@code run + rejected <= posted} at every instant, so when the sums read that way are equal
     * there was an instant, between the reads, at which no admitted job was pending or running.
     *
     * @return true if the pool side was quiescent at some instant during the call
     */
    boolean drained() {
        long done = run.sum() + rejected.sum();
        return done == posted.sum();
    }

    /** Jobs posted and admitted (a post still being admitted may be counted for a moment). */
    long postedAdmitted() {
        long rejectedNow = rejected.sum();
        return Math.max(0, posted.sum() - rejectedNow);
    }
}
