package org.thrjob.threads.internal;

/**
 * What the jcstress tests need to drive the provider's parts without a running runtime: workers
 * that are never started (their {@code Thread} object only carries the per-worker fields the
 * algorithms use), and a pool whose slots hold such workers.
 *
 * <p>Thread-safety: the factories may be called from any thread; each result belongs to one test
 * state.
 */
final class Harness {

    private Harness() {
    }

    /**
     * A worker that is never started.
     *
     * @param pool  its pool, or null when only its deque fields are used
     * @param index its slot
     * @return the worker
     */
    static Worker worker(Pool pool, int index) {
        return new Worker(null, pool, "jcstress-worker-" + index, index, false, 4,
                new Counters(index + 1).cell(index));
    }

    /**
     * A pool of one slot, holding a worker that is never started.
     *
     * @return the pool; its worker is in slot 0
     */
    static Pool pool() {
        return new Pool(null, 1, 4, 0, 1_000_000_000L, new Counters(1));
    }
}
