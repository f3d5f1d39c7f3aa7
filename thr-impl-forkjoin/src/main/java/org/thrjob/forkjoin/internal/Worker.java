package org.thrjob.forkjoin.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * A worker of one runtime's pool, named {@code <runtime>-forkjoin-worker-<index>} (SPEC rule 1.8).
 *
 * <p>Besides the name it carries what the hot paths would otherwise look up in thread-locals: its
 * runtime (to tell "my pool" from another runtime's), its {@link org.thrjob.api.Thr#workerIndex() index}, and the
 * queue whose job it is running, for {@code isCurrent()} and the sync-cycle graph.
 *
 * <p><b>Thread-safety:</b> {@link #currentQueue} is read and written only by the worker itself.
 */
final class Worker extends ForkJoinWorkerThread {

    final ForkJoinThr runtime;
    final int index;
    /** The queue whose job this worker runs right now, or null. Worker-private. */
    QueueBase currentQueue;
    /** True while the worker runs an outside submission at the end of a drain's batch. */
    boolean yielding;

    Worker(ForkJoinPool pool, ForkJoinThr runtime, int index) {
        super(pool);
        this.runtime = runtime;
        this.index = index;
        setName(runtime.name() + "-forkjoin-worker-" + index);
        setDaemon(true);
    }

    @Override
    protected void onTermination(Throwable exception) {
        try {
            super.onTermination(exception);
        } finally {
            runtime.threads().release(index);
        }
    }
}
