package org.thrjob.bio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The pending jobs of one bio kind, in submission order: an intrusive multi-producer,
 * single-consumer linked queue.
 *
 * <h2>Algorithm</h2>
 * Dmitry Vyukov's non-intrusive MPSC node-based queue, made intrusive: {@link #head} is a node
 * already consumed (at first a stub) whose {@code next} is the oldest pending job, and
 * {@link #tail} the newest. A producer swaps itself into {@code tail} ({@code getAndSet}, the
 * linearization point: the FIFO order is the order of these swaps) and then links the previous
 * tail to itself with a release store. Between the two steps the chain is briefly broken: the
 * consumer may see {@code head.next == null} while a job is already counted. Bio's pending count
 * is incremented before the swap, so a consumer that knows a job is pending spins in
 * {@link #pollCounted()} for the link, which is at most a few instructions away.
 *
 * <p>Compared with Redis's mutex-guarded {@code list}, a submission takes no lock and the worker
 * never blocks a submitter.
 *
 * <p><b>Thread-safety:</b> {@link #offer} from any thread; {@link #pollCounted()} from one consumer
 * at a time (the kind's worker: jobs of its dedicated serial queue, ordered by happens-before);
 * {@link #peekOldest()} from any thread, as a snapshot.
 */
final class JobFifo {

    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(JobFifo.class, "tail", PendingJob.class);
            HEAD = lookup.findVarHandle(JobFifo.class, "head", PendingJob.class);
            NEXT = lookup.findVarHandle(PendingJob.class, "next", PendingJob.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through HEAD
    private volatile PendingJob head;
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile PendingJob tail;

    /**
     * Creates an empty FIFO whose first head is {@code stub}, a node that is never run.
     *
     * @param stub the initial consumed node
     */
    JobFifo(PendingJob stub) {
        HEAD.setRelease(this, stub);
        TAIL.setRelease(this, stub);
    }

    /**
     * Appends a job. Wait-free: one swap and one store.
     *
     * @param job the job; its {@code next} is null
     */
    void offer(PendingJob job) {
        PendingJob previous = (PendingJob) TAIL.getAndSet(this, job);
        NEXT.setRelease(previous, job);
    }

    /**
     * Takes the oldest job, which the caller knows is there (it was counted as pending): spins
     * over the short window where its producer swapped the tail but has not linked it yet.
     *
     * @return the oldest job, never null
     */
    PendingJob pollCounted() {
        PendingJob current = (PendingJob) HEAD.getAcquire(this);
        PendingJob next;
        int spins = 0;
        while ((next = (PendingJob) NEXT.getAcquire(current)) == null) {
            // A producer is between its swap and its link; if it was descheduled there, let it run.
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        HEAD.setRelease(this, next);
        return next;
    }

    /**
     * The oldest job not taken yet, as a snapshot for monitoring.
     *
     * @return the job, or null if none is linked
     */
    PendingJob peekOldest() {
        PendingJob current = (PendingJob) HEAD.getAcquire(this);
        return (PendingJob) NEXT.getAcquire(current);
    }
}
