package org.thrjob.api;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link CompletableFuture} whose default executor is a thrjob queue, so that
 * {@code thenApplyAsync(f)} and friends stay on the runtime instead of going to the common pool
 * (which, with one core's worth of parallelism on JDK 17, starts a thread per task).
 */
final class QueueFuture<T> extends CompletableFuture<T> {

    private final Executor executor;

    QueueFuture(Executor executor) {
        this.executor = executor;
    }

    @Override
    public Executor defaultExecutor() {
        return executor;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new QueueFuture<>(executor);
    }

    /** Completes with what {@code job} returns or throws; never throws itself. */
    void completeFrom(Callable<T> job) {
        try {
            complete(job.call());
        } catch (Throwable failure) {
            completeExceptionally(failure);
        }
    }
}
