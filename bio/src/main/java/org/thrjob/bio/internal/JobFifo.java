package org.thrjob.bio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The pending jobs of one bio kind, in submission order: an unbounded multi-producer,
 * single-consumer queue of fixed-size chunks, indexed by submission sequence number.
 *
 * <h2>Algorithm</h2>
 * A producer does not take a place in the queue here: {@link KindWorker} hands it a sequence
 * number from the CAS that counts the job, and the producer stores the job in the slot of that
 * number ({@link #put}), with its submission time beside it. The FIFO order is the order of the
 * counting CAS. The consumer reads slot after slot ({@link #take}); a slot whose number was
 * handed out but is still empty belongs to a producer between its CAS and its store, a few
 * instructions away.
 *
 * <p>Slots live in chunks of {@link #chunkSize()} jobs, linked both ways. A producer finds its
 * chunk from {@link #producerHint}, walking forward (creating the next chunk by CAS if nobody has)
 * or back (a producer that was descheduled after its CAS may find the hint already past its
 * chunk). When the consumer enters a chunk it cuts the link back to the chunk it left, so
 * consumed chunks become garbage; no producer can need them any more, since every number in them
 * was consumed.
 *
 * <h2>Why chunks</h2>
 * Compared with a linked list of nodes, a submission allocates nothing (the job itself is the
 * slot's content) and takes no second atomic operation; the consumer reads sixteen jobs per
 * cache line instead of one node per line or two, which is what limits a worker fed by a
 * producer on another core.
 *
 * <p><b>Thread-safety:</b> {@link #put} from any thread, once per sequence number handed out;
 * {@link #take}, {@link #takeCounted}, {@link #stored} and {@link #takenNanos} from one consumer at a time (the kind's worker: jobs of
 * its dedicated serial queue, ordered by happens-before); {@link #peek} from any thread, as a
 * snapshot.
 */
final class JobFifo {

    /** Jobs per chunk: 4 KiB of references (compressed) and 8 KiB of submission times. */
    static final int DEFAULT_CHUNK_SIZE = 1024;

    private static final VarHandle JOBS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Chunk.class, "next", Chunk.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Slots for the sequence numbers {@code base} to {@code base + size - 1}. */
    private static final class Chunk {
        final long base;
        final Object[] jobs;
        final long[] submittedNanos;
        volatile Chunk next;
        /** The chunk before, until the consumer enters this one. */
        volatile Chunk previous;

        Chunk(long base, int size, Chunk previous) {
            this.base = base;
            this.jobs = new Object[size];
            this.submittedNanos = new long[size];
            this.previous = previous;
        }
    }

    private final int chunkSize;
    /** A chunk near the newest: where producers start looking. Moves forward, mostly. */
    private volatile Chunk producerHint;
    /** The chunk of the next number to take; written by the consumer only. */
    private volatile Chunk consumerChunk;
    /**
     * The submission time of the job {@link #take} returned last, the consumer's only: element
     * {@link #TAKEN} of an array of its own, as a field it would share a cache line with
     * {@link #producerHint}, which every producer reads, and move it between cores at every job.
     */
    private final long[] taken = new long[2 * TAKEN + 1];
    private static final int TAKEN = 16;

    /**
     * Creates an empty FIFO whose first sequence number is 0.
     *
     * @param chunkSize jobs per chunk, at least 1 (tests use tiny chunks to cross many boundaries)
     */
    JobFifo(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        }
        this.chunkSize = chunkSize;
        Chunk first = new Chunk(0, chunkSize, null);
        this.producerHint = first;
        this.consumerChunk = first;
    }

    int chunkSize() {
        return chunkSize;
    }

    /**
     * Stores the job of a sequence number handed out to the caller. Lock-free: at most one CAS,
     * when the caller is the first to need a new chunk.
     *
     * @param sequence the number, not consumed yet
     * @param job the job, not null
     * @param submittedNanos its submission time, {@link System#nanoTime()}
     */
    void put(long sequence, Object job, long submittedNanos) {
        Chunk chunk = chunkOf(sequence);
        int index = (int) (sequence - chunk.base);
        chunk.submittedNanos[index] = submittedNanos; // published by the release store below
        JOBS.setRelease(chunk.jobs, index, job);
    }

    private Chunk chunkOf(long sequence) {
        Chunk hint = producerHint;
        Chunk chunk = hint;
        while (sequence < chunk.base) {
            // Never null: the consumer has not reached this number, so it has not cut the links
            // from the hint back to the number's chunk.
            chunk = chunk.previous;
        }
        while (sequence - chunk.base >= chunkSize) {
            Chunk next = chunk.next;
            if (next == null) {
                Chunk created = new Chunk(chunk.base + chunkSize, chunkSize, chunk);
                next = NEXT.compareAndSet(chunk, null, created) ? created : chunk.next;
            }
            chunk = next;
        }
        if (chunk.base > hint.base) {
            producerHint = chunk; // a race may move it back a little: later producers walk forward
        }
        return chunk;
    }

    /**
     * Takes the job of a sequence number if its producer has stored it, clearing the slot.
     *
     * @param sequence the next number to consume: 0, then one more after each successful take
     * @return the job, or null if the number was not handed out yet or its job is not stored yet
     */
    Object take(long sequence) {
        Chunk chunk = consumerChunk;
        int index = (int) (sequence - chunk.base);
        if (index == chunkSize) {
            Chunk next = chunk.next;
            if (next == null) {
                return null; // the producer of this number has not created its chunk yet
            }
            next.previous = null; // the chunk left behind is garbage now
            consumerChunk = next;
            chunk = next;
            index = 0;
        }
        Object job = JOBS.getAcquire(chunk.jobs, index);
        if (job != null) {
            taken[TAKEN] = chunk.submittedNanos[index];
            // What ran must not stay reachable from the FIFO (a lazy free's arguments).
            JOBS.setOpaque(chunk.jobs, index, (Object) null);
        }
        return job;
    }

    /**
     * Takes the job of a sequence number that was handed out, waiting over the short window
     * where its producer has not stored it yet.
     *
     * @param sequence as for {@link #take}; handed out
     * @return the job, never null
     */
    Object takeCounted(long sequence) {
        Object job;
        int spins = 0;
        while ((job = take(sequence)) == null) {
            // A producer is between its CAS and its store; if it was descheduled there, let it run.
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return job;
    }

    /**
     * Whether the job of a sequence number is stored, without taking it. Consumer only.
     *
     * @param sequence as for {@link #take}
     * @return true if {@link #take} would return it
     */
    boolean stored(long sequence) {
        Chunk chunk = consumerChunk;
        int index = (int) (sequence - chunk.base);
        if (index == chunkSize) {
            chunk = chunk.next;
            if (chunk == null) {
                return false;
            }
            index = 0;
        }
        return JOBS.getAcquire(chunk.jobs, index) != null;
    }

    /**
     * The submission time of the job the last {@link #take} returned. Consumer only.
     *
     * @return {@link System#nanoTime()} at its submission
     */
    long takenNanos() {
        return taken[TAKEN];
    }

    /**
     * The submission time of a job not taken yet, as a snapshot for monitoring: a reader that
     * races the consumer may find the slot already cleared.
     *
     * @param sequence the number of the oldest job not taken
     * @return its {@link System#nanoTime()} at submission, or {@link Long#MIN_VALUE} if the slot
     *         is empty, not stored yet or already taken
     */
    long peek(long sequence) {
        Chunk chunk = consumerChunk;
        long index = sequence - chunk.base;
        if (index < 0 || index >= chunkSize) {
            return Long.MIN_VALUE;
        }
        int i = (int) index;
        // The time is written before the job and never again (chunks are not reused): read after.
        return JOBS.getAcquire(chunk.jobs, i) == null ? Long.MIN_VALUE : chunk.submittedNanos[i];
    }
}
