package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rule 3.8: a queue of width {@code w} runs at most {@code w} of its jobs at once, starting
 * them in post order, and does reach {@code w}.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class WidthQueueTck extends ThrTck {

    /** For providers' test classes. */
    protected WidthQueueTck() {
    }

    /**
     * SPEC rule 3.8: with 4 workers, 4 threads post 2,000 jobs each to a width-3 queue; an
     * in-flight counter never exceeds 3 and every job runs once. Repeated 10 times.
     *
     * <p>If this fails: the permit count of the width queue races (a check-then-act instead of a
     * CAS loop), or a job releases its permit twice.
     *
     * @throws Exception on failure
     */
    @RepeatedTest(10)
    public void required_r3_8_widthQueueNeverRunsMoreThanWidth() throws Exception {
        Thr thr = newThr();
        int width = 3;
        ThrQueue queue = thr.newQueue("width-limit", width);
        assertEquals(width, queue.width());
        assertFalse(queue.isDedicated());
        int posters = 4;
        int perPoster = 2_000;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(posters * perPoster);
        Tck1Support.together(posters, p -> {
            for (int i = 0; i < perPoster; i++) {
                queue.post(() -> {
                    int now = inFlight.incrementAndGet();
                    max.accumulateAndGet(now, Math::max);
                    for (int spin = 0; spin < 50; spin++) {
                        Thread.onSpinWait();
                    }
                    inFlight.decrementAndGet();
                    all.countDown();
                });
            }
        });
        await(all, "every job of the width-3 queue");
        assertTrue(max.get() <= width, "a width-" + width + " queue ran " + max.get() + " jobs at once");
    }

    /**
     * SPEC rule 3.8: a width-3 queue on 4 workers does run 3 jobs at once: three of its jobs meet
     * at a three-party barrier (bounded wait).
     *
     * <p>If this fails: the width queue runs fewer jobs at once than its width (for example one
     * drain task for the whole queue); it must keep up to {@code width} drains going.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_8_widthQueueReachesItsWidth() throws Exception {
        Thr thr = newThr();
        int width = 3;
        ThrQueue queue = thr.newQueue("width-reach", width);
        CyclicBarrier barrier = new CyclicBarrier(width);
        CountDownLatch met = new CountDownLatch(width);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < width; i++) {
            queue.post(() -> {
                try {
                    barrier.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | BrokenBarrierException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    met.countDown();
                }
            });
        }
        await(met, width + " jobs of a width-" + width + " queue");
        assertEquals(null, failure.get(), "the " + width + " jobs did not all run at once");
    }

    /**
     * SPEC rule 3.8: jobs start in post order: when job {@code j} of a width-2 queue starts, at
     * least {@code j - 1} of the jobs posted before it have finished (the other one may still
     * run). 5,000 jobs from one thread.
     *
     * <p>If this fails: the width queue takes jobs out of order (a stack, or several sub-queues
     * drained independently); it must hand out jobs from one FIFO.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_8_widthQueueStartsJobsInPostOrder() throws Exception {
        Thr thr = newThr();
        int width = 2;
        ThrQueue queue = thr.newQueue("width-order", width);
        int count = 5_000;
        AtomicInteger finished = new AtomicInteger();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            int j = i;
            queue.post(() -> {
                int done = finished.get();
                if (done < j - (width - 1) && problems.size() < 5) {
                    problems.add("job " + j + " started when only " + done + " had finished");
                }
                finished.incrementAndGet();
                all.countDown();
            });
        }
        await(all, "every job of the width-2 queue");
        assertEquals(List.of(), problems);
    }

    /**
     * SPEC rule 3.8: a queue of width 1 is a serial queue: one job at a time, in post order.
     *
     * <p>If this fails: {@code newQueue(name, 1)} must behave as {@code newQueue(name)}.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_8_widthOneIsSerial() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("width-one", 1);
        assertEquals(1, queue.width());
        int count = 5_000;
        List<Integer> seen = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(count);
        Tck1Support.together(1, p -> {
            for (int i = 0; i < count; i++) {
                int id = i;
                queue.post(() -> {
                    if (inFlight.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.add(id);
                    inFlight.decrementAndGet();
                    all.countDown();
                });
            }
        });
        await(all, "every job of the width-1 queue");
        assertEquals(0, overlaps.get(), "jobs of a width-1 queue that ran at once");
        for (int i = 0; i < count; i++) {
            assertEquals(i, seen.get(i), "job at position " + i);
        }
    }

    /**
     * SPEC rule 3.8: the limit holds for jobs posted by the queue's own jobs: 20 jobs of a width-2
     * queue that post 100 more each never run more than 2 at once.
     *
     * <p>If this fails: posts from a running job of the width queue bypass the permit count
     * (for example run inline or pushed straight to the worker's deque).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_8_postsFromItsOwnJobsKeepTheLimit() throws Exception {
        Thr thr = newThr();
        int width = 2;
        ThrQueue queue = thr.newQueue("width-fanout", width);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        int roots = 20;
        int children = 100;
        CountDownLatch all = new CountDownLatch(roots * children);
        for (int r = 0; r < roots; r++) {
            queue.post(() -> {
                int now = inFlight.incrementAndGet();
                max.accumulateAndGet(now, Math::max);
                for (int c = 0; c < children; c++) {
                    queue.post(() -> {
                        int inner = inFlight.incrementAndGet();
                        max.accumulateAndGet(inner, Math::max);
                        inFlight.decrementAndGet();
                        all.countDown();
                    });
                }
                inFlight.decrementAndGet();
            });
        }
        await(all, "the jobs posted by the width queue's jobs");
        assertTrue(max.get() <= width, "a width-" + width + " queue ran " + max.get() + " jobs at once");
    }
}
