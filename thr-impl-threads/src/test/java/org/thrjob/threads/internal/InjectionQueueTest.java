package org.thrjob.threads.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The injection queue: FIFO while the ring has room, an overflow lane beyond, nothing lost. */
class InjectionQueueTest {

    private static Worker worker(int index) {
        return new Worker(null, null, "injection-test-" + index, index, false, 2,
                new Counters(index + 1).cell(index));
    }

    @Test
    void poll_afterOffers_returnsThemInOrderWithTheirRounds() {
        InjectionQueue queue = new InjectionQueue();
        Worker taker = worker(0);
        Completion round = new SyncJob<>(() -> 1, "sync", null);
        assertFalse(queue.maybeNonEmpty());
        queue.offer("a", round);
        queue.offer("b", null);
        assertTrue(queue.maybeNonEmpty());
        assertEquals("a", queue.poll(taker));
        assertSame(round, taker.takenRound);
        assertEquals("b", queue.poll(taker));
        assertNull(taker.takenRound);
        assertNull(queue.poll(taker));
        assertFalse(queue.maybeNonEmpty());
    }

    @Test
    void offer_beyondTheRing_keepsEveryJobInTheOverflowLane() {
        InjectionQueue queue = new InjectionQueue();
        Worker taker = worker(0);
        int jobs = 20_000; // more than the 4,096 cells of the ring
        for (int i = 0; i < jobs; i++) {
            queue.offer(i, null);
        }
        boolean[] seen = new boolean[jobs];
        for (int i = 0; i < jobs; i++) {
            Object job = queue.poll(taker);
            assertTrue(job instanceof Integer, "poll " + i + " returned " + job);
            assertFalse(seen[(Integer) job], "job " + job + " returned twice");
            seen[(Integer) job] = true;
        }
        assertNull(queue.poll(taker));
    }

    @RepeatedTest(10)
    void offerAndPoll_fromManyThreads_deliverEveryJobExactlyOnce() throws Exception {
        int producers = 3;
        int perProducer = 50_000;
        int jobs = producers * perProducer;
        InjectionQueue queue = new InjectionQueue();
        AtomicIntegerArray taken = new AtomicIntegerArray(jobs);
        AtomicInteger total = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(producers + 2);
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        queue.offer(base + i, null);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        for (int c = 0; c < 2; c++) {
            Worker taker = worker(c);
            new Thread(() -> {
                try {
                    start.await();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (total.get() < jobs && System.nanoTime() - deadline < 0) {
                        Object job = queue.poll(taker);
                        if (job != null) {
                            taken.incrementAndGet((Integer) job);
                            total.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        start.countDown();
        assertTrue(done.await(40, TimeUnit.SECONDS), "producers and consumers did not finish in 40 s");
        for (int i = 0; i < jobs; i++) {
            assertEquals(1, taken.get(i), "job " + i + " delivered " + taken.get(i) + " times");
        }
    }
}
