package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Job;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC section 2, unordered scheduling: every job runs exactly once (rule 2.1), sees what its
 * poster wrote (rule 2.2), may run concurrently (rule 2.3), and a job posted from a worker goes to
 * that worker's bounded deque or runs inline when it is full (rule 2.6). One end-to-end test
 * also walks the basic paths of rules 3.5 and 6.1.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time; the tests start their own
 * posting threads.
 */
public abstract class UnorderedJobTck extends ThrTck {

    /** For providers' test classes. */
    protected UnorderedJobTck() {
    }

    /**
     * SPEC rule 2.1: 1,000,000 unordered jobs posted from 4 threads released together each run
     * exactly once. Every job counts its own id; after the last one ran the runtime is closed, so
     * that a job run twice late still shows.
     *
     * <p>If this fails: look for a lost or duplicated job in the path from {@code schedule} called
     * off the pool to a worker: the submission queue under contention, and a task both stolen and
     * run by its owner.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_1_millionJobsFromFourThreadsRunExactlyOnce() throws Exception {
        Thr thr = newThr();
        int total = 1_000_000;
        int posters = 4;
        AtomicIntegerArray runs = new AtomicIntegerArray(total);
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(1);
        Tck1Support.together(posters, p -> {
            for (int i = p; i < total; i += posters) {
                int id = i;
                thr.schedule(() -> {
                    runs.incrementAndGet(id);
                    if (ran.incrementAndGet() == total) {
                        all.countDown();
                    }
                });
            }
        });
        await(all, total + " jobs to run");
        thr.close();
        assertEachRanOnce(runs, "unordered job");
        assertEquals(total, ran.get(), "jobs run in all");
    }

    /**
     * SPEC rule 2.1: jobs posted by running jobs (each of 1,000 jobs posts 100 more from its
     * worker) each run exactly once, including the ones that run inline because the posting
     * worker's deque (capacity 4 here) was full (rule 2.6).
     *
     * <p>If this fails: check the worker-local push path and the overflow-inline path; a job must
     * be either pushed or run inline, never both and never neither.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_1_jobsPostedFromJobsRunExactlyOnce() throws Exception {
        Thr thr = newThr(config().dequeCapacity(4).build());
        int roots = 1_000;
        int children = 100;
        int total = roots * (children + 1);
        AtomicIntegerArray runs = new AtomicIntegerArray(total);
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(1);
        for (int r = 0; r < roots; r++) {
            int root = r;
            thr.schedule(() -> {
                for (int c = 1; c <= children; c++) {
                    int id = root * (children + 1) + c;
                    thr.schedule(() -> {
                        runs.incrementAndGet(id);
                        if (ran.incrementAndGet() == total) {
                            all.countDown();
                        }
                    });
                }
                runs.incrementAndGet(root * (children + 1));
                if (ran.incrementAndGet() == total) {
                    all.countDown();
                }
            });
        }
        await(all, total + " jobs to run");
        thr.close();
        assertEachRanOnce(runs, "job");
    }

    /**
     * SPEC rule 2.2: plain (non-volatile) writes made by the posting thread before
     * {@code schedule} are seen by the job. The data is written after the job object was made, so
     * that only the runtime's hand-off, not the final fields of the lambda, can publish it; 20,000
     * rounds from 2 posting threads.
     *
     * <p>If this fails: the hand-off of a job from the poster to a worker lacks a release/acquire
     * pair (a plain field or lazySet where a volatile write or a CAS is needed).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_2_plainWritesBeforeScheduleAreSeenByTheJob() throws Exception {
        Thr thr = newThr();
        int rounds = 10_000;
        int posters = 2;
        Plain[] slots = new Plain[rounds * posters];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Plain();
        }
        AtomicInteger wrong = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(slots.length);
        Tck1Support.together(posters, p -> {
            for (int i = p; i < slots.length; i += posters) {
                Plain slot = slots[i];
                long expected = i * 31L + 7;
                Job job = () -> {
                    if (!slot.holds(expected)) {
                        wrong.incrementAndGet();
                    }
                    all.countDown();
                };
                slot.write(expected);
                thr.schedule(job);
            }
        });
        await(all, "every job to run");
        assertEquals(0, wrong.get(), "jobs that did not see their poster's plain writes");
    }

    /**
     * SPEC rule 2.3 (MAY): unordered jobs can run at once on several workers: two jobs meet at a
     * two-party barrier.
     *
     * <p>If this fails: the runtime runs unordered jobs one at a time although it has 4 workers;
     * check that a new job wakes an idle worker.
     *
     * @throws Exception on failure
     */
    @Test
    public void optional_r2_3_unorderedJobsRunConcurrently() throws Exception {
        Thr thr = newThr();
        CyclicBarrier barrier = new CyclicBarrier(2);
        CountDownLatch met = new CountDownLatch(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < 2; i++) {
            thr.schedule(() -> {
                try {
                    barrier.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    met.countDown();
                } catch (TimeoutException | BrokenBarrierException e) {
                    failure.set(e);
                }
            });
        }
        await(met, "two unordered jobs to run at the same time");
        assertEquals(null, failure.get());
    }

    /**
     * SPEC rule 2.6: with a deque capacity of 2 and one worker, a job that posts 64 jobs while it
     * holds the only worker sees at least 62 of them run inline, on its own thread, before
     * {@code schedule} returns; {@code stats().inlineOnOverflow()} counts them; every job runs once.
     *
     * <p>If this fails: the worker-local push must be bounded by {@code dequeCapacity()} and, when
     * full, run the job in the caller and count it; an unbounded queue or a hand-off to the
     * submission queue breaks lib-common's back-pressure.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_6_overflowBeyondDequeCapacityRunsInline() throws Exception {
        Thr thr = newThr(config().parallelism(1).dequeCapacity(2).build());
        int posts = 64;
        AtomicInteger inline = new AtomicInteger();
        AtomicIntegerArray runs = new AtomicIntegerArray(posts);
        CountDownLatch all = new CountDownLatch(posts);
        CountDownLatch outerDone = new CountDownLatch(1);
        AtomicBoolean posting = new AtomicBoolean();
        thr.schedule(() -> {
            Thread me = Thread.currentThread();
            posting.set(true);
            for (int i = 0; i < posts; i++) {
                int id = i;
                thr.schedule(() -> {
                    if (Thread.currentThread() == me && posting.get()) {
                        inline.incrementAndGet();
                    }
                    runs.incrementAndGet(id);
                    all.countDown();
                });
            }
            posting.set(false);
            outerDone.countDown();
        });
        await(outerDone, "the posting job");
        await(all, "every posted job");
        assertTrue(inline.get() >= posts - 2, "with capacity 2 and the only worker busy, at least "
                + (posts - 2) + " of " + posts + " jobs must run inline but " + inline.get() + " did");
        assertTrue(thr.stats().inlineOnOverflow() >= inline.get(), "stats().inlineOnOverflow() = "
                + thr.stats().inlineOnOverflow() + " but " + inline.get() + " jobs ran inline");
        thr.close();
        assertEachRanOnce(runs, "posted job");
    }

    /**
     * SPEC rule 2.6: a job posted from a worker whose deque has room goes to the deque: it does
     * not run inline while its poster runs (one worker, so nobody else can take it either).
     *
     * <p>If this fails: the provider runs worker posts inline although the deque is not full;
     * check the capacity test of the local push.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_6_postFromWorkerWithRoomIsDeferred() throws Exception {
        Thr thr = newThr(config().parallelism(1).build());
        AtomicInteger inline = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(8);
        AtomicBoolean posting = new AtomicBoolean();
        thr.schedule(() -> {
            Thread me = Thread.currentThread();
            posting.set(true);
            for (int i = 0; i < 8; i++) {
                thr.schedule(() -> {
                    if (Thread.currentThread() == me && posting.get()) {
                        inline.incrementAndGet();
                    }
                    all.countDown();
                });
            }
            posting.set(false);
        });
        await(all, "the 8 posted jobs");
        assertEquals(0, inline.get(), "jobs that ran inline although the deque had room");
    }

    static void assertEachRanOnce(AtomicIntegerArray runs, String what) {
        List<String> wrong = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < runs.length(); i++) {
            int count = runs.get(i);
            if (count != 1) {
                bad++;
                if (wrong.size() < 10) {
                    wrong.add("#" + i + " ran " + count + " times");
                }
            }
        }
        if (bad > 0) {
            fail(bad + " of " + runs.length() + " " + what + "s did not run exactly once, e.g. " + wrong);
        }
    }

    /** Plain fields, published only by the runtime's hand-off. */
    static final class Plain {
        int low;
        long value;
        String text;

        void write(long v) {
            low = (int) v;
            value = v;
            text = Long.toString(v);
        }

        boolean holds(long v) {
            return low == (int) v && value == v && Long.toString(v).equals(text);
        }
    }

    /**
     * SPEC rule 2.6: with a single worker and a deque of 4, a job that schedules 100 jobs runs at
     * least 92 of them inline (everything beyond the deque's room) and
     * {@code stats().inlineOnOverflow()} counts them; all 100 ran once the syn is awaited.
     *
     * <p>If this fails: a post from a worker whose deque is full must run the job in the caller
     * and count it, not grow the deque or hand it elsewhere.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_6_fullDequeOnTheOnlyWorkerRunsInlineAndCountsIt() throws Exception {
        Thr thr = newThr(config().parallelism(1).dequeCapacity(4).build());
        AtomicInteger ran = new AtomicInteger();
        Syn syn = thr.newSyn();
        thr.schedule(syn, () -> {
            for (int i = 0; i < 100; i++) {
                thr.schedule(syn, ran::incrementAndGet);
            }
        });
        Tck1Support.within("the syn of 101 jobs", () -> syn.await());
        assertEquals(100, ran.get());
        long inline = thr.stats().inlineOnOverflow();
        assertTrue(inline >= 96 - 4, "inline on overflow: " + inline);
    }

    /**
     * SPEC rules 2.1, 3.5 and 6.1 end to end: 1,000 unordered jobs and 1,000 serial-queue jobs
     * attached to one syn all ran once it is awaited; {@code sync} returns its job's result; a
     * {@code forEach} of 10,000 calls its body 10,000 times.
     *
     * <p>If this fails: one of the basic paths is broken; the more precise tests of the same rules
     * say which.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_1_basicPathsRunEveryJob() throws Exception {
        Thr thr = newThr(config().parallelism(2).build());
        AtomicInteger count = new AtomicInteger();
        Syn syn = thr.newSyn();
        ThrQueue queue = thr.newQueue("q");
        for (int i = 0; i < 1000; i++) {
            thr.schedule(syn, count::incrementAndGet);
            queue.post(syn, count::incrementAndGet);
        }
        Tck1Support.within("the syn of 2,000 jobs", () -> syn.await());
        assertEquals(2000, count.get());
        assertEquals(42, (int) Tck1Support.within("sync on the queue", () -> queue.sync(() -> 42)));
        Tck1Support.within("forEach of 10,000", () -> thr.forEach(10_000, i -> count.incrementAndGet()));
        assertEquals(12_000, count.get());
    }
}
