package org.thrjob.forkjoin.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;

/**
 * {@code Thr.blocking} on a worker: the call runs inside {@link ForkJoinPool#managedBlock}, so the
 * pool starts or wakes a spare worker to keep {@code parallelism} of them running while this one
 * blocks ({@code thr_enter_blocking_syscall}, SPEC rule 6.4). Nested calls compensate again (6.5).
 * The call's result and exception come back unchanged.
 *
 * <p><b>Thread-safety:</b> one instance per call, used by the calling thread only.
 *
 * @param <T> the result type
 */
final class BlockingCall<T> implements ForkJoinPool.ManagedBlocker {

    private final Callable<T> call;
    private boolean done;
    private T result;
    private Exception failure;

    private BlockingCall(Callable<T> call) {
        this.call = call;
    }

    /**
     * Runs {@code call} on the calling worker, inside managedBlock.
     *
     * @param <T>  the result type
     * @param call the blocking call
     * @return its result
     * @throws Exception what it threw, unchanged
     */
    static <T> T run(Callable<T> call) throws Exception {
        BlockingCall<T> blocker = new BlockingCall<>(call);
        ForkJoinPool.managedBlock(blocker);
        if (blocker.failure != null) {
            throw blocker.failure;
        }
        return blocker.result;
    }

    @Override
    public boolean block() {
        try {
            result = call.call();
        } catch (Exception thrown) {
            failure = thrown;
        }
        done = true;
        return true;
    }

    @Override
    public boolean isReleasable() {
        return done;
    }
}
