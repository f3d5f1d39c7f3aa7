package org.thrjob.threads.internal;

/**
 * Internal work on the pool besides users' jobs: a queue's drain, a chunk of a {@code forEach}.
 * Deques and the injection queue hold users' {@link org.thrjob.api.Job}s directly (no wrapper per
 * job); a slot holding a {@code Task} is told apart by its class, which users cannot extend (the
 * package is not exported).
 *
 * <p><b>Thread-safety:</b> a task is taken by exactly one worker each time it was dispatched.
 */
abstract class Task {

    /**
     * Runs the task on the worker that took it. Never throws.
     *
     * @param worker the calling worker
     */
    abstract void run(Worker worker);
}
