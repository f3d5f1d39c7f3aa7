package org.thrjob.threads.internal;

/**
 * The thread of a dedicated queue, named exactly after the queue (SPEC rule 3.10): Redis's bio
 * worker. It runs the queue's jobs one at a time and ends once the queue is closed and drained.
 *
 * <p><b>Thread-safety:</b> {@link #currentQueue} is read and written by this thread only.
 */
final class DedicatedThread extends Thread {

    final DedicatedQueue queue;
    /** The queue while one of its jobs runs, else null. Thread-private. */
    QueueBase currentQueue;

    DedicatedThread(DedicatedQueue queue) {
        super(queue.name());
        this.queue = queue;
        setDaemon(true);
    }

    @Override
    public void run() {
        queue.loop(this);
    }
}
