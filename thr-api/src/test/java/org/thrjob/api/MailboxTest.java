package org.thrjob.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MailboxTest {

    private final FakeMainQueue queue = new FakeMainQueue();
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    @Test
    void offer_intoEmptyMailbox_postsOneDrain() {
        Mailbox<Integer> mailbox = Mailbox.create(queue, 10, batches::add);

        assertTrue(mailbox.offer(1));
        assertFalse(mailbox.offer(2));
        assertFalse(mailbox.offer(3));

        assertEquals(1, queue.posted());
        assertEquals(3, mailbox.size());
        queue.drain();
        assertEquals(List.of(List.of(1, 2, 3)), batches);
        assertEquals(0, mailbox.size());
    }

    @Test
    void drain_fullBatch_repostsItselfInsteadOfLooping() {
        Mailbox<Integer> mailbox = Mailbox.create(queue, 2, batches::add);
        for (int i = 0; i < 5; i++) {
            mailbox.offer(i);
        }

        assertTrue(queue.drainOne());
        assertEquals(List.of(List.of(0, 1)), batches);
        assertEquals(1, queue.pending(), "the drain posted itself again");
        queue.drain();

        assertEquals(List.of(List.of(0, 1), List.of(2, 3), List.of(4)), batches);
        assertEquals(3, queue.posted());
    }

    @Test
    void offer_afterDrain_postsAgain() {
        Mailbox<Integer> mailbox = Mailbox.create(queue, 4, batches::add);
        mailbox.offer(1);
        queue.drain();

        assertTrue(mailbox.offer(2));
        queue.drain();

        assertEquals(List.of(List.of(1), List.of(2)), batches);
    }

    @Test
    void consumerThatThrows_isReportedAndTheDrainGoesOn() {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger calls = new AtomicInteger();
        Mailbox<Integer> mailbox = Mailbox.create(queue, 1, batch -> {
            batches.add(batch);
            if (calls.incrementAndGet() == 1) {
                throw boom;
            }
        });
        mailbox.offer(1);
        mailbox.offer(2);

        queue.drain();

        assertEquals(List.of(List.of(1), List.of(2)), batches);
        assertEquals(List.of(boom), queue.failures());
        assertEquals(0, mailbox.size());
    }

    @Test
    void offer_closedTarget_throwsAndKeepsTheItem() {
        Mailbox<Integer> mailbox = Mailbox.create(queue, 4, batches::add);
        queue.close();

        assertThrows(RejectedJobException.class, () -> mailbox.offer(1));

        assertEquals(1, mailbox.size());
    }

    @Test
    void badArguments_areRejected() {
        assertEquals("maxBatch must be >= 1 but was 0", assertThrows(IllegalArgumentException.class,
                () -> Mailbox.<Integer>create(queue, 0, batches::add)).getMessage());
        assertThrows(NullPointerException.class, () -> Mailbox.<Integer>create(null, 1, batches::add));
        assertThrows(NullPointerException.class, () -> Mailbox.create(queue, 1, null));
        Mailbox<Integer> mailbox = Mailbox.create(queue, 1, batches::add);
        assertEquals("item must not be null",
                assertThrows(NullPointerException.class, () -> mailbox.offer(null)).getMessage());
        assertEquals(0, queue.posted());
    }

    /**
     * Four producers offer while this thread drains: every item exactly once, each producer's
     * items in its order, never more than one drain queued, batches within the bound.
     */
    @Test
    void offer_fromFourThreadsWhileDraining_everyItemOnceInOrder() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        List<Integer> received = new ArrayList<>(); // touched by the draining thread only
        Mailbox<Integer> mailbox = Mailbox.create(queue, 50, batch -> {
            assertTrue(batch.size() >= 1 && batch.size() <= 50, "batch of " + batch.size());
            received.addAll(batch);
        });
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        mailbox.offer(base + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            int total = producers * perProducer;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.size() < total && System.nanoTime() - deadline < 0) {
                assertTrue(queue.pending() <= 1, "more than one drain job queued");
                if (!queue.drainOne()) {
                    Thread.onSpinWait();
                }
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
            assertEquals(total, received.size());
            int[] next = new int[producers];
            for (int item : received) {
                int producer = item / perProducer;
                assertEquals(producer * perProducer + next[producer], item, "out of order");
                next[producer]++;
            }
            assertEquals(0, mailbox.size());
            assertTrue(queue.failures().isEmpty(), queue.failures().toString());
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
