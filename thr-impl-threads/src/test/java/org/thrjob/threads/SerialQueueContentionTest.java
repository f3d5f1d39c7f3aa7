package org.thrjob.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * The serial queue's state machine under contention: producers racing each other and the drain
 * going idle and busy again, many times over.
 */
class SerialQueueContentionTest {

    private static final int PRODUCERS = 4;
    private static final int JOBS = 5_000;

    @RepeatedTest(10)
    void post_fourProducers_oneAtATimeInEachProducersOrder() throws Exception {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().serialBatch(8).build())) {
            ThrQueue queue = thr.newQueue("contended");
            Syn syn = thr.newSyn();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            int[] lastSeen = new int[PRODUCERS]; // confined to the queue: no volatile needed (3.3)
            java.util.Arrays.fill(lastSeen, -1);
            AtomicInteger outOfOrder = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch posted = new CountDownLatch(PRODUCERS);
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                Thread thread = new Thread(() -> {
                    try {
                        ThreadsTesting.await(start, "the start");
                        for (int i = 0; i < JOBS; i++) {
                            int seq = i;
                            queue.post(syn, () -> {
                                if (running.incrementAndGet() != 1) {
                                    overlaps.incrementAndGet();
                                }
                                if (lastSeen[producer] != seq - 1) {
                                    outOfOrder.incrementAndGet();
                                }
                                lastSeen[producer] = seq;
                                running.decrementAndGet();
                            });
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        posted.countDown();
                    }
                }, "producer-" + p);
                producers.add(thread);
                thread.start();
            }
            start.countDown();
            ThreadsTesting.await(posted, "the producers");
            syn.await();
            for (Thread thread : producers) {
                thread.join(ThreadsTesting.TIMEOUT.toMillis());
            }
            assertEquals(0, overlaps.get(), "jobs of one serial queue overlapped");
            assertEquals(0, outOfOrder.get(), "jobs of one producer ran out of order");
            for (int p = 0; p < PRODUCERS; p++) {
                assertEquals(JOBS - 1, lastSeen[p], "producer " + p);
            }
            assertEquals(0, queue.pending());
        }
    }

    @RepeatedTest(5)
    void post_idleBusyFlapping_everyJobRunsAndStatsForgetTheIdleQueue() throws Exception {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().build())) {
            ThrQueue queue = thr.newQueue("flapping");
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < 2_000; i++) {
                // sync leaves the queue idle after each job: every post is an idle -> busy edge.
                queue.sync(ran::incrementAndGet);
            }
            assertEquals(2_000, ran.get());
            assertEquals(0, queue.pending());
            assertTrue(thr.stats().queues().stream().noneMatch(q -> q.name().equals("flapping")),
                    "an idle queue is listed in stats: " + thr.stats().queues());
        }
    }

    @Test
    void stats_busyQueue_isListedWithItsPendingCount() throws Exception {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().build())) {
            ThrQueue queue = thr.newQueue("busy");
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            queue.post(() -> {
                started.countDown();
                ThreadsTesting.await(release, "the release");
            });
            queue.post(() -> { });
            ThreadsTesting.await(started, "the first job");
            try {
                assertTrue(thr.stats().queues().stream()
                        .anyMatch(q -> q.name().equals("busy") && q.pending() == 2),
                        "stats: " + thr.stats().queues());
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void newQueue_aMillion_areCheapAndHoldNoThread() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().build())) {
            int before = Thread.activeCount();
            ThrQueue[] queues = new ThrQueue[1_000_000];
            for (int i = 0; i < queues.length; i++) {
                queues[i] = thr.newQueue("q" + (i & 1023));
            }
            assertTrue(Thread.activeCount() <= before + 2, "queues started threads");
            AtomicInteger ran = new AtomicInteger();
            Syn syn = thr.newSyn();
            for (int i = 0; i < queues.length; i += 1000) {
                queues[i].post(syn, ran::incrementAndGet);
            }
            syn.await();
            assertEquals(1_000, ran.get());
        }
    }
}
