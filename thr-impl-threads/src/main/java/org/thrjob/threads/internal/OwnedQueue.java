package org.thrjob.threads.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.ThrQueue;

/**
 * What the queues an application creates share: their close (SPEC rule 7.4). Closing refuses new
 * posts at once, even from the queue's own jobs; the jobs already posted still run, and
 * {@code close(true)} waits for them through {@link Waiting} (a worker helps meanwhile).
 *
 * <p><b>Thread-safety:</b> every public method may be called from any thread.
 */
abstract class OwnedQueue extends QueueBase implements ThrQueue {

    private volatile boolean closed;
    private final Idle idle = new Idle();

    OwnedQueue(ThreadsThr runtime, String name) {
        super(runtime, name);
    }

    @Override
    void admit() {
        if (closed) {
            throw new RejectedJobException("queue '" + name + "' of thrjob runtime '"
                    + runtime.name() + "' is closed and accepts no more jobs; post to an open"
                    + " queue, or create the queue again");
        }
        runtime.admitPost(name);
    }

    @Override
    public boolean refusesTimers() {
        return closed;
    }

    @Override
    public final boolean isClosed() {
        return closed || runtime.isClosed();
    }

    @Override
    final boolean isClosedForStats() {
        return closed;
    }

    @Override
    public final void close() {
        close(true);
    }

    @Override
    public void close(boolean wait) {
        if (wait && isCurrent()) {
            throw new IllegalStateException("close(true) called from a job of queue '" + name
                    + "' would wait for itself; call close(false) from the queue's own jobs");
        }
        closed = true;
        afterClose();
        if (wait) {
            Waiting.await(runtime, idle, 0L);
        }
    }

    /** Called once the queue refuses posts; a dedicated queue wakes its thread. */
    void afterClose() {
        // nothing by default
    }

    /** Marks the queue closed when its runtime has drained; no job is pending any more. */
    final void closeDrained() {
        closed = true;
        afterClose();
    }

    @Override
    void becameIdle() {
        if (closed) {
            idle.wake();
        }
    }

    /** close(true)'s wait: over once no job of the queue is pending. */
    private final class Idle implements Awaitable {

        private List<Thread> waiters;

        @Override
        public boolean isDone() {
            return pending() == 0L;
        }

        @Override
        public synchronized void addWaiter(Thread thread) {
            if (waiters == null) {
                waiters = new ArrayList<>(1);
            }
            waiters.add(thread);
        }

        @Override
        public synchronized void removeWaiter(Thread thread) {
            if (waiters != null) {
                waiters.remove(thread);
            }
        }

        void wake() {
            List<Thread> toWake;
            synchronized (this) {
                toWake = waiters == null ? List.of() : new ArrayList<>(waiters);
            }
            for (Thread thread : toWake) {
                LockSupport.unpark(thread);
            }
        }
    }
}
