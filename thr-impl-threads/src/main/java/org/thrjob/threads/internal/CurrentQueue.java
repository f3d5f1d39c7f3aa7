package org.thrjob.threads.internal;

/**
 * Which queue's job the calling thread is running: the answer to {@code isCurrent()} (SPEC rule
 * 3.7) and the source vertex of the {@link SyncCycleDetector}'s wait-for edges.
 *
 * <p>Workers and dedicated threads keep it in a field of their own (a drain sets it once per batch,
 * not per job); any other thread (the main thread running a main job, a thread running a queue's
 * job inline through {@code sync}) uses a thread-local.
 *
 * <p><b>Thread-safety:</b> each thread reads and writes only its own value.
 */
final class CurrentQueue {

    private static final ThreadLocal<QueueBase> OTHER = new ThreadLocal<>();

    private CurrentQueue() {
    }

    /**
     * The queue whose job the calling thread runs.
     *
     * @return the queue, or null
     */
    static QueueBase get() {
        Thread thread = Thread.currentThread();
        if (thread instanceof Worker) {
            return ((Worker) thread).currentQueue;
        }
        if (thread instanceof DedicatedThread) {
            return ((DedicatedThread) thread).currentQueue;
        }
        return OTHER.get();
    }

    /**
     * Makes {@code queue} the calling thread's current queue.
     *
     * @param queue the queue, or null for none
     * @return the previous one, to give back to {@link #restore}
     */
    static QueueBase enter(QueueBase queue) {
        Thread thread = Thread.currentThread();
        QueueBase previous;
        if (thread instanceof Worker) {
            Worker worker = (Worker) thread;
            previous = worker.currentQueue;
            worker.currentQueue = queue;
        } else if (thread instanceof DedicatedThread) {
            DedicatedThread dedicated = (DedicatedThread) thread;
            previous = dedicated.currentQueue;
            dedicated.currentQueue = queue;
        } else {
            previous = OTHER.get();
            if (queue == null) {
                OTHER.remove();
            } else {
                OTHER.set(queue);
            }
        }
        return previous;
    }

    /**
     * Gives back the queue {@link #enter} replaced.
     *
     * @param previous what {@code enter} returned
     */
    static void restore(QueueBase previous) {
        enter(previous);
    }
}
