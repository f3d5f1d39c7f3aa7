package org.thrjob.threads.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The future of {@link ThreadsThr#submit}: its async methods without an executor run on the
 * runtime, never on the common pool (SPEC rule 2.8).
 *
 * <p><b>Thread-safety:</b> as {@link CompletableFuture}.
 *
 * @param <T> the result type
 */
final class RuntimeFuture<T> extends CompletableFuture<T> {

    private final Executor executor;

    RuntimeFuture(Executor executor) {
        this.executor = executor;
    }

    @Override
    public Executor defaultExecutor() {
        return executor;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new RuntimeFuture<>(executor);
    }

    /**
     * Completes with what {@code job} returns or throws; the failure goes to the future, not to
     * the failure handler.
     *
     * @param job the job
     */
    void completeFrom(Callable<T> job) {
        try {
            complete(job.call());
        } catch (Throwable failure) {
            completeExceptionally(failure);
        }
    }
}
