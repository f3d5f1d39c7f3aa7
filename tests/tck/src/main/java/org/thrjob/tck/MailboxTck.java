package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Job;
import org.thrjob.api.JobQueue;
import org.thrjob.api.Mailbox;
import org.thrjob.api.ScheduledJob;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rules 8.3 and 8.4: the {@link Mailbox} helper on the provider's queues: every item once, in
 * batches of at most {@code maxBatch}, the consumer never concurrent with itself, and at most one
 * drain job at a time.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class MailboxTck extends ThrTck {

    /** For subclasses. */
    protected MailboxTck() {
    }

    /** Offers {@code perProducer} items from each of {@code producers} threads at once. */
    private static void produce(Mailbox<Integer> mailbox, int producers, int perProducer)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        mailbox.offer(base + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * SPEC rules 8.3 and 8.4: four producers, a target queue of width 4 (so two drain jobs would run
     * at once if the mailbox posted two): each item exactly once, batches of at most 64, the
     * consumer never concurrent with itself.
     *
     * <p>If this fails: the mailbox in thr-api or the width-limited queue. Check that only the
     * offer that finds the mailbox empty posts the drain, and that the queue honours its width.
     *
     * @throws Exception if a producer failed
     */
    @Test
    public void required_r8_3_everyItemExactlyOnceInBoundedBatchesNeverConcurrent() throws Exception {
        Thr thr = newThr();
        ThrQueue target = thr.newQueue("r8-3", 4);
        int producers = 4;
        int perProducer = 50_000;
        int total = producers * perProducer;
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicInteger inConsumer = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger oversized = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        Mailbox<Integer> mailbox = Mailbox.create(target, 64, batch -> {
            if (inConsumer.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            if (batch.isEmpty() || batch.size() > 64) {
                oversized.incrementAndGet();
            }
            for (int item : batch) {
                seen.incrementAndGet(item);
            }
            received.addAndGet(batch.size());
            inConsumer.decrementAndGet();
        });
        produce(mailbox, producers, perProducer);
        awaitCondition(() -> received.get() >= total && mailbox.size() == 0, "every item consumed");
        target.close();
        assertEquals(0, overlaps.get(), "the consumer ran concurrently with itself");
        assertEquals(0, oversized.get(), "a batch was empty or larger than maxBatch");
        assertEquals(total, received.get());
        for (int i = 0; i < total; i++) {
            if (seen.get(i) != 1) {
                assertEquals(1, seen.get(i), "item " + i + " consumed " + seen.get(i) + " times");
            }
        }
    }

    /**
     * SPEC rule 8.4: at most one drain job is pending or running at a time, counted by a queue
     * wrapper around a serial queue: a drain posted while none waits to start. (Counting a drain
     * from its post to the end of its wrapper would see two: a drain that emptied the mailbox is
     * done as soon as its count reaches zero, and a producer may post the next one before the
     * wrapper's own bookkeeping ran; on a serial queue the new one starts after the old one ends.)
     *
     * <p>If this fails: the mailbox must post its drain only on the empty-to-non-empty transition
     * and re-post only from the drain itself.
     *
     * @throws Exception if a producer failed
     */
    @Test
    public void required_r8_4_atMostOneDrainJobAtATime() throws Exception {
        Thr thr = newThr();
        CountingQueue target = new CountingQueue(thr.newQueue("r8-4"));
        AtomicInteger received = new AtomicInteger();
        Mailbox<Integer> mailbox = Mailbox.create(target, 16, batch -> received.addAndGet(batch.size()));
        produce(mailbox, 4, 25_000);
        awaitCondition(() -> received.get() == 100_000, "every item consumed");
        awaitCondition(() -> target.queued.get() == 0, "the last drain job to start");
        assertEquals(1, target.maxQueued.get(), "drain jobs posted and not started, at once");
        assertTrue(target.posts.get() >= 100_000 / 16, "fewer drain jobs than full batches");
    }

    /**
     * SPEC rule 8.3: items offered by one thread reach the consumer in offer order, in batches of
     * at most {@code maxBatch}, and a mailbox on the main queue runs its consumer on the main thread.
     *
     * <p>If this fails: the mailbox's item queue must be FIFO; the drain must run on its target.
     */
    @Test
    public void required_r8_3_oneProducersItemsArriveInOrderOnTheTarget() {
        Thr thr = newThr();
        List<Integer> got = new CopyOnWriteArrayList<>();
        List<Thread> consumers = new CopyOnWriteArrayList<>();
        Mailbox<Integer> mailbox = Mailbox.create(thr.mainQueue(), 3, batch -> {
            consumers.add(Thread.currentThread());
            assertTrue(batch.size() <= 3, "batch of " + batch.size());
            got.addAll(batch);
        });
        List<Integer> offered = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            mailbox.offer(i);
            offered.add(i);
        }
        assertTrue(thr.mainQueue().runUntil(() -> got.size() == 100, TIMEOUT));
        assertEquals(offered, got);
        assertTrue(consumers.stream().allMatch(t -> t == Thread.currentThread()),
                "the consumer ran off the main thread");
        assertTrue(consumers.size() >= 34, "100 items in batches of 3 need 34 batches");
    }

    /**
     * SPEC rule 8.3: a consumer that throws is reported as a failed job and the drain goes on.
     *
     * <p>If this fails: the drain must re-post itself in a {@code finally}, and the queue must
     * report the failure.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r8_3_failingConsumerIsReportedAndDrainGoesOn() throws InterruptedException {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thr thr = newThr(config().failureHandler((job, where, failure) -> failures.add(failure)).build());
        ThrQueue target = thr.newQueue("r8-3-failing");
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        Mailbox<Integer> mailbox = Mailbox.create(target, 1, batch -> {
            delivered.addAndGet(batch.size());
            if (batches.incrementAndGet() == 1) {
                throw boom;
            }
        });
        CountDownLatch hold = new CountDownLatch(1);
        target.post(() -> await(hold, "hold")); // keeps the drain queued until every offer is in
        for (int i = 0; i < 10; i++) {
            mailbox.offer(i);
        }
        hold.countDown();
        awaitCondition(() -> delivered.get() == 10, "every item delivered despite the failure");
        awaitCondition(() -> failures.size() == 1, "the consumer's failure reported");
        assertSame(boom, failures.get(0));
    }

    /** A queue that counts the drain jobs posted to it and not finished yet. */
    private static final class CountingQueue implements JobQueue {
        final JobQueue delegate;
        final AtomicInteger queued = new AtomicInteger();
        final AtomicInteger maxQueued = new AtomicInteger();
        final AtomicInteger posts = new AtomicInteger();

        CountingQueue(JobQueue delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void post(Job job) {
            posts.incrementAndGet();
            maxQueued.accumulateAndGet(queued.incrementAndGet(), Math::max);
            delegate.post(() -> {
                queued.decrementAndGet();
                job.run();
            });
        }

        @Override
        public void post(Syn syn, Job job) {
            delegate.post(syn, job);
        }

        @Override
        public ScheduledJob postAfter(Duration delay, Job job) {
            return delegate.postAfter(delay, job);
        }

        @Override
        public void sync(Job job) {
            delegate.sync(job);
        }

        @Override
        public <T> T sync(Callable<T> job) {
            return delegate.sync(job);
        }

        @Override
        public boolean isCurrent() {
            return delegate.isCurrent();
        }

        @Override
        public long pending() {
            return delegate.pending();
        }
    }
}
