package org.thrjob.threads.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import org.thrjob.api.Job;

/**
 * A serial queue with a thread of its own, for jobs that block for long (Redis's bio workers): its
 * jobs never take a pool worker, so an fsync that stalls for seconds delays nothing else.
 *
 * <h2>Sleeping, waking and ending</h2>
 * The same {@link JobList} and pending count as {@link SerialQueue}, with the thread in place of
 * the drain task. A post reserves its place first (pending count up), then checks that the queue
 * is open (else it gives the place back and is rejected), then pushes its node and unparks the
 * thread if the thread said it sleeps. The thread takes jobs until the list is empty, publishes
 * {@code sleeping}, looks again, and only then parks: a post in between sees the flag or is seen.
 *
 * <p>The thread ends once the queue is closed (by {@code close} or by the runtime's close) and the
 * pending count is zero. Because posts count before they check, a post that passed the check
 * while the queue was being closed is counted by then, and the thread waits for its node: no
 * accepted post is ever left behind by an ended thread.
 *
 * <p><b>Thread-safety:</b> every public method may be called from any thread.
 */
final class DedicatedQueue extends OwnedQueue {

    private static final VarHandle RUN;

    static {
        try {
            RUN = MethodHandles.lookup().findVarHandle(DedicatedQueue.class, "run", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final JobList jobs = new JobList();
    private DedicatedThread thread;
    private volatile boolean sleeping;
    @SuppressWarnings("unused") // accessed through RUN
    private long run;

    private DedicatedQueue(ThreadsThr runtime, String name) {
        super(runtime, name);
    }

    /**
     * Creates the queue and starts its thread.
     *
     * @param runtime the runtime
     * @param name    the queue's and the thread's name
     * @return the queue
     */
    static DedicatedQueue start(ThreadsThr runtime, String name) {
        DedicatedQueue queue = new DedicatedQueue(runtime, name);
        DedicatedThread thread = new DedicatedThread(queue);
        queue.thread = thread;
        runtime.threads().remember(thread);
        thread.start();
        return queue;
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public boolean isDedicated() {
        return true;
    }

    @Override
    public boolean isCurrent() {
        return Thread.currentThread() == thread && thread.currentQueue == this;
    }

    @Override
    void admit() {
        incrementPending();
        try {
            super.admit();
        } catch (RuntimeException rejected) {
            decrementPending();
            throw rejected;
        }
    }

    @Override
    void enqueue(Job job, Completion completion) {
        jobs.push(new Node(job, completion));
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    void becameIdle() {
        super.becameIdle();
        if (isClosedForStats()) {
            LockSupport.unpark(thread); // it may end now
        }
    }

    @Override
    long runCount() {
        return (long) RUN.getOpaque(this);
    }

    @Override
    long jobFinished() {
        RUN.setOpaque(this, (long) RUN.getOpaque(this) + 1L);
        return decrementPending();
    }

    @Override
    void afterClose() {
        LockSupport.unpark(thread);
    }

    @Override
    public void close(boolean wait) {
        super.close(wait);
        if (wait) {
            join();
        }
    }

    /** Waits for the thread to end, ignoring interrupts until then (the flag is set again). */
    void join() {
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean ending() {
        return (isClosedForStats() || runtime.isTerminated()) && pending() == 0L;
    }

    /**
     * The thread's body: run jobs as they come, sleep in between, end when closed and drained.
     *
     * @param self the queue's thread
     */
    void loop(DedicatedThread self) {
        try {
            for (;;) {
                Node node = jobs.poll();
                if (node != null) {
                    self.currentQueue = this;
                    try {
                        runtime.runJob(node.job, node.round, this);
                    } finally {
                        self.currentQueue = null;
                    }
                    continue;
                }
                if (ending()) {
                    return;
                }
                sleeping = true;
                if (jobs.isEmpty() && !ending()) {
                    LockSupport.park(this);
                }
                sleeping = false;
                Thread.interrupted(); // an interrupt must not turn the sleep into a spin
            }
        } finally {
            runtime.dedicatedEnded(this);
        }
    }
}
