package org.thrjob.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.thrjob.api.spi.Checks;

/**
 * Many producers, one consumer: producers {@linkplain #offer offer} data, and the offer that finds
 * the mailbox empty posts one job to the target queue; that job hands the consumer batches of up to
 * {@code maxBatch} items until the mailbox is empty (thr-job's MPSC pattern, e.g. a commit log that
 * groups the commits of many threads into one write).
 *
 * <p>At most one drain job is pending or running at a time, so the consumer is never called
 * concurrently with itself, and it sees items in the order their offers were linearized. After a
 * full batch the drain job posts itself again instead of looping, so one busy mailbox does not hold
 * a worker (or a serial queue) forever. A consumer that throws is reported as a failed job; the
 * drain goes on with the next batch.
 *
 * <p><b>Thread-safety:</b> {@link #offer} may be called from any thread, concurrently. Everything a
 * producer did before {@code offer(x)} happens-before the consumer sees {@code x}.
 *
 * <p><b>Close:</b> if the target queue is closed, the offer that would post the drain throws
 * {@link RejectedJobException}; items already offered stay in the mailbox ({@link #size()}).
 *
 * @param <T> the item type
 */
public final class Mailbox<T> {

    private final JobQueue target;
    private final int maxBatch;
    private final Consumer<? super List<T>> consumer;
    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    /** Items offered and not yet handed to the consumer; 0 means no drain job is pending. */
    private final AtomicLong count = new AtomicLong();
    private final Job drain = Job.named("mailbox drain", this::drain);

    private Mailbox(JobQueue target, int maxBatch, Consumer<? super List<T>> consumer) {
        this.target = target;
        this.maxBatch = maxBatch;
        this.consumer = consumer;
    }

    /**
     * Creates a mailbox.
     *
     * @param <T>      the item type
     * @param target   where the drain job runs; not null
     * @param maxBatch the most items handed to the consumer at once; at least 1
     * @param consumer receives each batch, never empty, on {@code target}; not null
     * @return the mailbox
     * @throws NullPointerException     if {@code target} or {@code consumer} is null
     * @throws IllegalArgumentException if {@code maxBatch} is less than 1
     */
    public static <T> Mailbox<T> create(JobQueue target, int maxBatch,
            Consumer<? super List<T>> consumer) {
        Checks.notNull(target, "target");
        Checks.atLeast(maxBatch, 1, "maxBatch");
        Checks.notNull(consumer, "consumer");
        return new Mailbox<>(target, maxBatch, consumer);
    }

    /**
     * Adds an item; posts the drain job if the mailbox was empty.
     *
     * @param item the item; not null
     * @return true if this offer posted the drain job
     * @throws NullPointerException if {@code item} is null
     * @throws RejectedJobException if the drain job had to be posted and the target is closed
     */
    public boolean offer(T item) {
        Checks.notNull(item, "item");
        // The item is linked before it is counted, so a drain that counts n items finds n.
        items.add(item);
        if (count.getAndIncrement() == 0) {
            target.post(drain);
            return true;
        }
        return false;
    }

    /**
     * Items offered and not yet handed to the consumer. A snapshot.
     *
     * @return zero or more
     */
    public long size() {
        return count.get();
    }

    private void drain() {
        long available = count.get();
        int take = (int) Math.min(available, maxBatch);
        List<T> batch = new ArrayList<>(take);
        for (int i = 0; i < take; i++) {
            batch.add(items.poll());
        }
        try {
            consumer.accept(batch);
        } finally {
            if (count.addAndGet(-take) > 0) {
                target.post(drain);
            }
        }
    }

    @Override
    public String toString() {
        return "Mailbox[target=" + target.name() + ", size=" + count.get() + "]";
    }
}
