package org.thrjob.examples;

import java.util.List;
import java.util.function.Consumer;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.Checks;

/**
 * thr-job's "Divide &amp; Conquer" pattern over a vector: "a data set get split in a multitude of
 * small data chunks, each data chunk is processed independently, we wait for the completion of the
 * job". In thr-job it is {@code thr_syn_schedule_b} around the body of the loop and one
 * {@code thr_syn_wait}; in GCD, {@code dispatch_group_async} and {@code dispatch_group_wait}.
 *
 * <pre>{@code
 * Syn syn = thr.newSyn();                      // thr_syn_t syn;
 * for (Map map : maps) {
 *     thr.schedule(syn, () -> apply(map));     // thr_syn_schedule_b(&syn, ^{ ... });
 * }
 * syn.await();                                 // thr_syn_wait(&syn);
 * }</pre>
 *
 * <p>The jobs are unordered: they may run in any order and at the same time, so each one touches
 * only its own element (or its own slot of a result array), never memory another job touches.
 *
 * <p><b>Thread-safety:</b> stateless; the methods may be called from any thread, several at once.
 * Null arguments throw {@link NullPointerException}; a closed runtime throws
 * {@link org.thrjob.api.RejectedJobException} from the first schedule.
 */
public final class DivideAndConquer {

    private DivideAndConquer() {
    }

    /**
     * Applies {@code action} to every item, one unordered job per item, and returns once every job
     * has run: the guide's {@code apply_to_all_map}.
     *
     * @param <T>    the item type
     * @param thr    the runtime; not null
     * @param items  the data set; not null, no null item
     * @param action what to do with one item; not null; called concurrently, so it must touch
     *               nothing but its item
     * @throws NullPointerException                  if an argument is null
     * @throws org.thrjob.api.JobFailedException    if {@code action} threw, once every job ended
     * @throws org.thrjob.api.RejectedJobException  if {@code thr} is closed
     */
    public static <T> void applyToAll(Thr thr, List<T> items, Consumer<? super T> action) {
        Checks.notNull(thr, "thr");
        Checks.notNull(items, "items");
        Checks.notNull(action, "action");
        Syn syn = thr.newSyn();
        for (T item : items) {
            thr.schedule(syn, () -> action.accept(item));
        }
        // The end of every job happens-before await returns: what they wrote is visible here.
        syn.await();
    }

    /**
     * Squares every value in parallel, one job per index, each job writing only its own slot.
     *
     * @param thr    the runtime; not null
     * @param values the values; not null
     * @return a new array: {@code result[i] == values[i] * values[i]}
     * @throws NullPointerException                 if an argument is null
     * @throws org.thrjob.api.RejectedJobException if {@code thr} is closed
     */
    public static long[] squares(Thr thr, int[] values) {
        Checks.notNull(thr, "thr");
        Checks.notNull(values, "values");
        long[] result = new long[values.length];
        Syn syn = thr.newSyn();
        for (int i = 0; i < values.length; i++) {
            int index = i;
            thr.schedule(syn, () -> result[index] = (long) values[index] * values[index]);
        }
        syn.await();
        return result;
    }

    /**
     * The sum of the squares of {@code values}, computed with {@link #squares}: the parallel part
     * writes one slot per job; the sum is done after the wait, on the caller.
     *
     * @param thr    the runtime; not null
     * @param values the values; not null
     * @return the sum of {@code values[i]²}
     * @throws NullPointerException                 if an argument is null
     * @throws org.thrjob.api.RejectedJobException if {@code thr} is closed
     */
    public static long sumOfSquares(Thr thr, int[] values) {
        long sum = 0;
        for (long square : squares(thr, values)) {
            sum += square;
        }
        return sum;
    }
}
