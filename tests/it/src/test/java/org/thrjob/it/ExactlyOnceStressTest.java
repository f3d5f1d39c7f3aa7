package org.thrjob.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.ThrQueue;
import org.thrjob.api.spi.ThrProvider;

/**
 * Ten million jobs from four threads at once, half of them spread over 1,000 serial queues and
 * half scheduled unordered, on each provider: every job runs exactly once (SPEC rule 2.1) and each
 * queue runs each poster's jobs in that poster's order (SPEC rule 3.2), one at a time (3.1).
 *
 * <p>Each job has a unique id; a shared array counts the runs of each id, and is checked after
 * the syn every job is attached to has ended. A queue's jobs check FIFO with state confined to the
 * queue (the last sequence number seen from each poster), which needs no synchronization exactly
 * because the queue is serial and its job ends happen-before the next job's start (3.3); a job
 * that finds another of its queue's jobs running records an overlap.
 *
 * <p>Thread-safety: the posters are threads of the test; everything they share is atomic or
 * confined to a queue.
 */
class ExactlyOnceStressTest {

    private static final int POSTERS = 4;
    private static final int JOBS = 10_000_000;
    private static final int PER_POSTER = JOBS / POSTERS;
    private static final int QUEUES = 1_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** One serial queue and the state its jobs confine to it. */
    private static final class Lane {
        final ThrQueue queue;
        final int[] lastSeq = new int[POSTERS];
        final AtomicInteger running = new AtomicInteger();

        Lane(ThrQueue queue) {
            this.queue = queue;
            java.util.Arrays.fill(lastSeq, -1);
        }
    }

    private static ThrProvider provider(String name) {
        return ServiceLoader.load(ThrProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ThrProvider named '" + name
                        + "' on the test class path; tests/it must depend on its artifact"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"forkjoin", "threads"})
    void tenMillionJobs_fromFourPosters_runExactlyOnceAndInPerQueueOrder(String name)
            throws Exception {
        AtomicIntegerArray runs = new AtomicIntegerArray(JOBS);
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicReference<Throwable> posterFailure = new AtomicReference<>();
        try (Thr thr = provider(name).create(ThrConfig.builder().name("stress-" + name)
                .parallelism(4).build())) {
            Lane[] lanes = new Lane[QUEUES];
            for (int i = 0; i < QUEUES; i++) {
                lanes[i] = new Lane(thr.newQueue("lane-" + i));
            }
            Syn syn = thr.newSyn();
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch posted = new CountDownLatch(POSTERS);
            List<Thread> posters = new ArrayList<>();
            for (int p = 0; p < POSTERS; p++) {
                int poster = p;
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                        int base = poster * PER_POSTER;
                        for (int i = 0; i < PER_POSTER; i++) {
                            int id = base + i;
                            if ((i & 1) == 0) {
                                Lane lane = lanes[(i >>> 1) % QUEUES];
                                int seq = i >>> 1;
                                lane.queue.post(syn, () -> {
                                    if (lane.running.getAndIncrement() != 0) {
                                        overlaps.incrementAndGet();
                                    }
                                    if (lane.lastSeq[poster] >= seq) {
                                        outOfOrder.incrementAndGet();
                                    }
                                    lane.lastSeq[poster] = seq;
                                    runs.incrementAndGet(id);
                                    lane.running.decrementAndGet();
                                });
                            } else {
                                thr.schedule(syn, () -> runs.incrementAndGet(id));
                            }
                        }
                    } catch (Throwable failure) {
                        posterFailure.compareAndSet(null, failure);
                    } finally {
                        posted.countDown();
                    }
                }, "stress-poster-" + p);
                posters.add(thread);
                thread.start();
            }
            start.countDown();
            assertTrue(posted.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    name + ": the posters did not finish posting within " + TIMEOUT);
            for (Thread thread : posters) {
                thread.join(TIMEOUT.toMillis());
            }
            assertEquals(null, posterFailure.get(), name + ": a poster failed");
            assertTrue(syn.await(TIMEOUT), name + ": the jobs did not all run within " + TIMEOUT
                    + "; " + syn.pending() + " pending; " + thr.stats());
        }
        assertEquals(0, overlaps.get(), name + ": jobs of one serial queue overlapped");
        assertEquals(0, outOfOrder.get(), name + ": a queue ran a poster's jobs out of order");
        int missing = 0;
        int doubled = 0;
        int firstBad = -1;
        for (int id = 0; id < JOBS; id++) {
            int count = runs.get(id);
            if (count != 1) {
                if (firstBad < 0) {
                    firstBad = id;
                }
                if (count == 0) {
                    missing++;
                } else {
                    doubled++;
                }
            }
        }
        assertEquals(0, missing + doubled, name + ": " + missing + " jobs never ran and " + doubled
                + " ran more than once (first: job " + firstBad + ")");
    }
}
