package org.thrjob.api;

import java.util.List;

/**
 * Per-thread data of a {@link Syn}: one value per thread that ran one of its jobs, to accumulate
 * without locks and reduce at the end (lib-common's {@code thr_syn_declare/acquire/collect_td}).
 *
 * <pre>{@code
 * Syn syn = thr.newSyn();
 * SynLocal<long[]> sums = syn.local(() -> new long[1]);
 * for (int i = 0; i < n; i++) {
 *     int x = i;
 *     thr.schedule(syn, () -> sums.get()[0] += x);
 * }
 * syn.await();
 * long total = sums.collect().stream().mapToLong(a -> a[0]).sum();
 * }</pre>
 *
 * <p><b>Thread-safety:</b> {@link #get()} may be called from any thread and returns the caller's own
 * value; only that thread may touch it until the syn is done. {@link #collect()} may be called once
 * {@link Syn#await()} has returned: the end of the jobs happens-before it, so the values are safely
 * visible.
 *
 * @param <T> the value type
 */
public interface SynLocal<T> {

    /**
     * The calling thread's value, created on first use.
     *
     * @return the value, never null
     * @throws NullPointerException if the initial supplier returned null
     */
    T get();

    /**
     * Every value created so far, one per thread that called {@link #get()}, in no given order.
     *
     * @return an immutable list
     */
    List<T> collect();
}
