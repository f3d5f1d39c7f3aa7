package org.thrjob.bio;

/**
 * What {@link Bio#lazyFree(LazyFreeFunction, Object...)} runs on the {@code bio_lazy_free}
 * thread: Redis's {@code lazy_free_fn}, which receives the arguments given at submission.
 *
 * <p>In Java, freeing means releasing what the garbage collector cannot release cheaply or at
 * all: clearing a map of millions of entries, unmapping a buffer, releasing off-heap memory or
 * pooled resources. The submitter must not touch the arguments afterwards: from then on they
 * belong to the function.
 *
 * <p><b>Thread-safety:</b> called on the {@code bio_lazy_free} thread, one call at a time for one
 * {@link Bio}; it may run concurrently with any other thread of the application.
 */
@FunctionalInterface
public interface LazyFreeFunction {

    /**
     * Frees the arguments.
     *
     * @param args the arguments given to {@link Bio#lazyFree}, in order (a copy of the array, so
     *             the submitter may reuse its own); elements may be null if they were given null
     * @throws Exception any failure; it is reported and the worker goes on with the next job
     */
    void free(Object... args) throws Exception;
}
