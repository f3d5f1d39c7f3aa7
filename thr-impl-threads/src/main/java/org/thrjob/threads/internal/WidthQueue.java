package org.thrjob.threads.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.thrjob.api.Job;

/**
 * A queue of width {@code w}: at most {@code w} drain tasks take its jobs, in post order, from one
 * FIFO; the limited-parallelism pattern (SPEC rule 3.8).
 *
 * <h2>State machine</h2>
 * {@code active} counts drains dispatched and not finished. A post adds its node, then dispatches
 * one more drain if fewer than {@code w} are active (CAS on {@code active}). A drain takes jobs
 * until the FIFO is empty or it ran {@code serialBatch} of them; in the second case it goes back on the pool
 * itself, keeping its slot. A drain that finds the FIFO empty gives its slot back and then looks
 * again: a post that saw all slots taken just before may have left a job that no drain would
 * otherwise take. At most {@code w} drains exist, so at most {@code w} jobs run at once, and they
 * start in the FIFO's order.
 *
 * <p><b>Thread-safety:</b> every public method may be called from any thread.
 */
final class WidthQueue extends OwnedQueue {

    private static final VarHandle ACTIVE;

    static {
        try {
            ACTIVE = MethodHandles.lookup().findVarHandle(WidthQueue.class, "active", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int width;
    private final ConcurrentLinkedQueue<Node> jobs = new ConcurrentLinkedQueue<>();
    private final LongAdder run = new LongAdder();
    @SuppressWarnings("unused") // accessed through ACTIVE
    private volatile int active;

    WidthQueue(ThreadsThr runtime, String name, int width) {
        super(runtime, name);
        this.width = width;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public boolean isDedicated() {
        return false;
    }

    @Override
    void enqueue(Job job, Completion completion) {
        jobs.offer(new Node(job, completion));
        incrementPending();
        spawn();
    }

    @Override
    long runCount() {
        return run.sum();
    }

    @Override
    long jobFinished() {
        run.increment();
        return decrementPending();
    }

    /** Dispatches one more drain if a slot is free and a job waits. */
    private void spawn() {
        for (;;) {
            int now = (int) ACTIVE.getVolatile(this);
            if (now >= width || jobs.isEmpty()) {
                return;
            }
            if (ACTIVE.compareAndSet(this, now, now + 1)) {
                runtime.dispatch(new Drain());
                return;
            }
        }
    }

    /** One of the queue's at most {@code width} drains. */
    private final class Drain extends Task {

        @Override
        void run(Worker worker) {
            boolean yield = false;
            QueueBase previous = CurrentQueue.enter(WidthQueue.this);
            try {
                int budget = runtime.serialBatch();
                for (;;) {
                    Node node = jobs.poll();
                    if (node == null) {
                        ACTIVE.getAndAdd(WidthQueue.this, -1);
                        spawn();
                        return;
                    }
                    runtime.runJob(node.job, node.round, WidthQueue.this);
                    if (--budget == 0) {
                        yield = true;
                        return;
                    }
                }
            } finally {
                CurrentQueue.restore(previous);
                if (yield) {
                    runtime.yieldTask(this);
                }
            }
        }

        @Override
        public String toString() {
            return "drain of queue '" + name + "' (width " + width + ")";
        }
    }
}
