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
 * <p><b>Thread-safety:</b> {@link #offer} from any thread; {@link #poll()} and {@link #pollCounted()} from one consumer
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
            TAIL = MethodHandles.arrayElementVarHandle(PendingJob[].class);
            HEAD = lookup.findVarHandle(JobFifo.class, "head", PendingJob.class);
            NEXT = lookup.findVarHandle(PendingJob.class, "next", PendingJob.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through HEAD
    private volatile PendingJob head;
    /** The tail's index in its array: 128 bytes of padding on each side. */
    private static final int TAIL_INDEX = 32;
    /**
     * The newest job, alone on its cache lines: producers swap it once per job while the consumer
     * moves {@link #head}; sharing a line, the two cores would trade it on every job. Element
     * {@link #TAIL_INDEX}, through {@link #TAIL}.
     */
    private final PendingJob[] tail = new PendingJob[2 * TAIL_INDEX + 1];

    /**
     * Creates an empty FIFO whose first head is {@code stub}, a node that is never run.
     *
     * @param stub the initial consumed node
     */
    JobFifo(PendingJob stub) {
        HEAD.setRelease(this, stub);
        TAIL.setRelease(tail, TAIL_INDEX, stub);
    }

    /**
     * Appends a job. Wait-free: one swap and one store.
     *
     * @param job the job; its {@code next} is null
     */
    void offer(PendingJob job) {
        PendingJob previous = (PendingJob) TAIL.getAndSet(tail, TAIL_INDEX, job);
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
        unlink(current);
        return next;
    }

    /**
     * Takes the oldest job if one is linked.
     *
     * @return the oldest job, or null if none is linked yet (a counted job may be between its
     *         producer's swap and link: use {@link #pollCounted()} for it)
     */
    PendingJob poll() {
        PendingJob current = (PendingJob) HEAD.getAcquire(this);
        PendingJob next = (PendingJob) NEXT.getAcquire(current);
        if (next != null) {
            HEAD.setRelease(this, next);
            unlink(current);
        }
        return next;
    }

    /**
     * Cuts a consumed head from its successor. Without it, a consumed node that the GC already
     * promoted keeps every later node alive through the chain until the next old-generation
     * collection (nepotism): a burst of a million jobs was all promoted, with young pauses of
     * hundreds of milliseconds. No producer writes this link again: it was set before the consumer
     * could pass the node.
     */
    private static void unlink(PendingJob consumed) {
        NEXT.set(consumed, (PendingJob) null);
    }

    /**
     * The oldest job not taken yet, as a snapshot for monitoring (a reader that races the consumer
     * may see null for a moment: the head it read was just consumed and cut).
     *
     * @return the job, or null if none is linked
     */
    PendingJob peekOldest() {
        PendingJob current = (PendingJob) HEAD.getAcquire(this);
        return (PendingJob) NEXT.getAcquire(current);
    }
}
