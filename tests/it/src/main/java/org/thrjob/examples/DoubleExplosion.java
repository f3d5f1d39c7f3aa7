package org.thrjob.examples;

import java.util.concurrent.atomic.LongAdder;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.Checks;

/**
 * thr-job's "Double explosion" pattern: for a large data set, first post a few coarse jobs (a small
 * factor of {@code thr_parallelism_g}, usually twice) that each post the fine jobs of their chunk,
 * all attached to one syn.
 *
 * <p>Why: a worker's deque holds 256 pending jobs; posting a million fine jobs from one thread
 * would fill it and run the rest inline, in the poster, long before the other workers got any.
 * Coarse jobs spread the posting itself over every worker. In GCD the same split is what
 * {@code dispatch_apply} does; thrjob builds it into {@link Thr#forEach} ({@code thr_for_each}).
 *
 * <pre>{@code
 * int perCoarse = ceil(n / (2 * thr.parallelism()));
 * for (int i = 0; i < n; i += perCoarse) {
 *     int from = i, to = Math.min(n, i + perCoarse);
 *     thr.schedule(syn, () -> {                       // coarse
 *         for (int j = from; j < to; j++) {
 *             int index = j;
 *             thr.schedule(syn, () -> apply(index));  // fine
 *         }
 *     });
 * }
 * syn.await();
 * }</pre>
 *
 * <p><b>Thread-safety:</b> stateless; the methods may be called from any thread. Null arguments
 * throw {@link NullPointerException}; a closed runtime throws
 * {@link org.thrjob.api.RejectedJobException}.
 */
public final class DoubleExplosion {

    private DoubleExplosion() {
    }

    /**
     * What {@link #squares} did: the result and how many jobs of each kind ran.
     *
     * @param squares    {@code squares[i] == values[i]²}
     * @param coarseJobs how many coarse jobs were posted
     * @param fineJobs   how many fine jobs ran
     */
    public record Outcome(long[] squares, int coarseJobs, long fineJobs) {

        /**
         * The sum of {@link #squares()}.
         *
         * @return the sum
         */
        public long sum() {
            long sum = 0;
            for (long square : squares) {
                sum += square;
            }
            return sum;
        }
    }

    /**
     * How many elements one coarse job covers: {@code ceil(count / (2 * parallelism))}, at least 1,
     * so that there are at most {@code 2 * parallelism} coarse jobs.
     *
     * @param count       the size of the data set; zero or more
     * @param parallelism the runtime's parallelism; at least 1
     * @return the chunk size, at least 1
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static int chunkSize(int count, int parallelism) {
        Checks.atLeast(count, 0, "count");
        Checks.atLeast(parallelism, 1, "parallelism");
        long coarse = 2L * parallelism;
        return (int) Math.max(1, (count + coarse - 1) / coarse);
    }

    /**
     * Squares every value with coarse jobs posting fine jobs, one syn for both.
     *
     * @param thr    the runtime; not null
     * @param values the values; not null
     * @return the squares and the job counts
     * @throws NullPointerException                 if an argument is null
     * @throws org.thrjob.api.RejectedJobException if {@code thr} is closed
     */
    public static Outcome squares(Thr thr, int[] values) {
        Checks.notNull(thr, "thr");
        Checks.notNull(values, "values");
        int count = values.length;
        int perCoarse = chunkSize(count, thr.parallelism());
        long[] squares = new long[count];
        LongAdder fineJobs = new LongAdder();
        Syn syn = thr.newSyn();
        int coarseJobs = 0;
        for (int start = 0; start < count; start += perCoarse) {
            int from = start;
            int to = Math.min(count, start + perCoarse);
            coarseJobs++;
            thr.schedule(syn, () -> {
                for (int j = from; j < to; j++) {
                    int index = j;
                    // Posted from a worker: the fine job goes to this worker's own deque, where
                    // idle workers steal it.
                    thr.schedule(syn, () -> {
                        squares[index] = (long) values[index] * values[index];
                        fineJobs.increment();
                    });
                }
            });
        }
        syn.await();
        return new Outcome(squares, coarseJobs, fineJobs.sum());
    }
}
