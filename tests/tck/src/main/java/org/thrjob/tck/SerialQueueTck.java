package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Job;
import org.thrjob.api.ScheduledJob;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC section 3, serial queues: one job at a time (rule 3.1), FIFO (rule 3.2), happens-before
 * from one job to the next (rule 3.3), fairness (rule 3.4), {@code isCurrent} (rule 3.7), no thread
 * while idle (rule 3.9), timers that keep the queue's order (rule 3.11), and a busy queue's
 * pending count in {@code stats()} (rule 8.2).
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class SerialQueueTck extends ThrTck {

    /** For providers' test classes. */
    protected SerialQueueTck() {
    }

    /**
     * SPEC rule 3.1: under contention (4 threads post 5,000 jobs each to one queue, serial batch
     * of 2 so that the queue changes worker often), no two jobs of the queue run at once: an
     * in-flight counter never exceeds 1, and a plain counter incremented by every job loses no
     * update. Repeated 20 times.
     *
     * <p>If this fails: the serial queue's state machine lets two drains run at once; typically
     * the "idle → scheduled" transition is not a single CAS, or a drain that yields re-posts
     * itself and still runs.
     *
     * @throws Exception on failure
     */
    @RepeatedTest(20)
    public void required_r3_1_serialQueueRunsOneJobAtATime() throws Exception {
        Thr thr = newThr(config().serialBatch(2).build());
        ThrQueue queue = thr.newQueue("one-at-a-time");
        int posters = 4;
        int perPoster = 5_000;
        int total = posters * perPoster;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        long[] plainCount = new long[1];
        AtomicLong seenAtEnd = new AtomicLong(-1);
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(1);
        Job job = () -> {
            if (inFlight.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            long before = plainCount[0];
            for (int spin = 0; spin < 20; spin++) {
                Thread.onSpinWait();
            }
            plainCount[0] = before + 1;
            inFlight.decrementAndGet();
            if (ran.incrementAndGet() == total) {
                seenAtEnd.set(plainCount[0]);
                all.countDown();
            }
        };
        Tck1Support.together(posters, p -> {
            for (int i = 0; i < perPoster; i++) {
                queue.post(job);
            }
        });
        await(all, total + " jobs of the queue");
        assertEquals(0, overlaps.get(), "jobs of one serial queue that ran at the same time");
        assertEquals(total, seenAtEnd.get(), "a plain counter updated by every job");
    }

    /**
     * SPEC rules 3.1 and 3.2: 4 producers post 500 jobs each to each of 100 serial queues,
     * interleaving the queues; on every queue each producer's jobs run in that producer's order,
     * and no two jobs of a queue overlap. Repeated 3 times.
     *
     * <p>If this fails: the queue's job list is not FIFO under concurrent posts (an MPSC queue that
     * reorders, or a LIFO hand-off), or jobs of one queue ran in parallel.
     *
     * @throws Exception on failure
     */
    @RepeatedTest(3)
    public void required_r3_2_perQueueFifoWithFourProducersOnHundredQueues() throws Exception {
        Thr thr = newThr();
        int queues = 100;
        int producers = 4;
        int perQueue = 500;
        ThrQueue[] targets = new ThrQueue[queues];
        // Per queue and producer, the last sequence number seen; only touched by the queue's jobs.
        int[][] last = new int[queues][producers];
        AtomicInteger[] inFlight = new AtomicInteger[queues];
        for (int q = 0; q < queues; q++) {
            targets[q] = thr.newQueue("fifo-" + q);
            inFlight[q] = new AtomicInteger();
            java.util.Arrays.fill(last[q], -1);
        }
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicReference<String> firstProblem = new AtomicReference<>();
        int total = queues * producers * perQueue;
        CountDownLatch all = new CountDownLatch(total);
        Tck1Support.together(producers, p -> {
            for (int seq = 0; seq < perQueue; seq++) {
                for (int q = 0; q < queues; q++) {
                    int queue = q;
                    int s = seq;
                    targets[q].post(() -> {
                        if (inFlight[queue].incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        if (last[queue][p] != s - 1) {
                            outOfOrder.incrementAndGet();
                            firstProblem.compareAndSet(null, "queue fifo-" + queue + ": producer " + p
                                    + "'s job " + s + " ran after its job " + last[queue][p]);
                        }
                        last[queue][p] = s;
                        inFlight[queue].decrementAndGet();
                        all.countDown();
                    });
                }
            }
        });
        await(all, total + " jobs on " + queues + " queues");
        assertEquals(0, overlaps.get(), "jobs of one queue that ran at the same time");
        assertEquals(0, outOfOrder.get(), "jobs run out of their producer's order, first: "
                + firstProblem.get());
    }

    /**
     * SPEC rule 3.2: 10,000 jobs posted by one thread, and 10,000 more posted by a job running on
     * a worker, each run in their poster's order.
     *
     * <p>If this fails: the queue reorders jobs from a single producer; check the enqueue and the
     * batch hand-off between drains.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_2_jobsOfOnePosterRunInPostOrder() throws Exception {
        Thr thr = newThr();
        ThrQueue fromTest = thr.newQueue("order-from-test");
        ThrQueue fromWorker = thr.newQueue("order-from-worker");
        int count = 10_000;
        List<Integer> seenTest = new ArrayList<>();
        List<Integer> seenWorker = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(2 * count);
        for (int i = 0; i < count; i++) {
            int id = i;
            fromTest.post(() -> {
                seenTest.add(id);
                all.countDown();
            });
        }
        thr.schedule(() -> {
            for (int i = 0; i < count; i++) {
                int id = i;
                fromWorker.post(() -> {
                    seenWorker.add(id);
                    all.countDown();
                });
            }
        });
        await(all, "both queues' jobs");
        assertInOrder(seenTest, count, fromTest.name());
        assertInOrder(seenWorker, count, fromWorker.name());
    }

    /**
     * SPEC rule 3.2: a job that a running job posts to its own queue runs after the jobs already
     * pending there (posts are linearized when they happen, not when their poster started).
     *
     * <p>If this fails: jobs posted from inside the queue jump ahead (for example pushed at the
     * head of the queue, or run inline).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_2_jobPostedByARunningJobRunsAfterPendingOnes() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("repost-order");
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstIn = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        try {
            queue.post(() -> {
                firstIn.countDown();
                Tck1Support.awaitInJob(gate, "the test to post the second job");
                queue.post(() -> {
                    order.add("third");
                    done.countDown();
                });
                order.add("first");
            });
            await(firstIn, "the first job to start");
            queue.post(() -> order.add("second"));
        } finally {
            Tck1Support.open(gate);
        }
        await(done, "the job posted by the first job");
        assertEquals(List.of("first", "second", "third"), order);
    }

    /**
     * SPEC rule 3.3: state confined to a queue needs no volatile: with a serial batch of 1 (the
     * queue changes worker after every job), 4 queues each receive 10,000 jobs from 4 threads that
     * update plain fields; every job sees the previous job's writes, and no update is lost.
     *
     * <p>If this fails: the hand-off of a queue from one worker to the next lacks a
     * release/acquire pair (the end of a drain must publish before the next drain starts).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_3_nextJobSeesThePreviousJobsPlainWrites() throws Exception {
        Thr thr = newThr(config().serialBatch(1).build());
        int queues = 4;
        int perQueue = 10_000;
        int posters = 4;
        ThrQueue[] targets = new ThrQueue[queues];
        Confined[] states = new Confined[queues];
        for (int q = 0; q < queues; q++) {
            targets[q] = thr.newQueue("confined-" + q);
            states[q] = new Confined();
        }
        AtomicInteger torn = new AtomicInteger();
        long[] finalCounts = new long[queues];
        CountDownLatch all = new CountDownLatch(queues * perQueue);
        CountDownLatch ends = new CountDownLatch(queues);
        Tck1Support.together(posters, p -> {
            for (int i = 0; i < perQueue / posters; i++) {
                for (int q = 0; q < queues; q++) {
                    Confined state = states[q];
                    targets[q].post(() -> {
                        if (state.check != state.count * 3 + 1) {
                            torn.incrementAndGet();
                        }
                        state.count++;
                        state.check = state.count * 3 + 1;
                        all.countDown();
                    });
                }
            }
        });
        await(all, "every confined job");
        for (int q = 0; q < queues; q++) {
            int queue = q;
            targets[q].post(() -> {
                finalCounts[queue] = states[queue].count;
                ends.countDown();
            });
        }
        await(ends, "the last job of each queue");
        assertEquals(0, torn.get(), "jobs that saw a previous job's writes half done");
        for (int q = 0; q < queues; q++) {
            assertEquals(perQueue, finalCounts[q], "a plain counter of queue " + targets[q].name());
        }
    }

    /**
     * SPEC rule 3.4 (SHOULD): with one worker and a serial batch of 4, a queue whose every job
     * posts the next one does not starve an unordered job: the unordered job runs while the queue
     * has run fewer than 10,000 jobs (the busy queue stops by itself after 1,000,000).
     *
     * <p>If this fails: a serial queue's drain loops over its jobs without yielding the worker
     * after {@code serialBatch()} jobs, or yields by pushing itself where the worker takes it back
     * first (the local LIFO end of a deque).
     *
     * @throws Exception on failure
     */
    @Test
    public void optional_r3_4_busyQueueYieldsToOtherWork() throws Exception {
        Thr thr = newThr(config().parallelism(1).serialBatch(4).build());
        ThrQueue busy = thr.newQueue("busy");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong queueJobs = new AtomicLong();
        AtomicLong queueJobsWhenOtherRan = new AtomicLong(-1);
        CountDownLatch busyDone = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        Job[] step = new Job[1];
        step[0] = () -> {
            if (stop.get() || queueJobs.incrementAndGet() >= 1_000_000) {
                busyDone.countDown();
                return;
            }
            busy.post(step[0]);
        };
        // The busy chain starts only once the unordered job is posted: counting from the post
        // keeps a test thread that the OS holds back from letting the chain run on unobserved.
        AtomicBoolean otherPosted = new AtomicBoolean();
        busy.post(() -> spinUntil(otherPosted));
        busy.post(step[0]);
        thr.schedule(() -> {
            queueJobsWhenOtherRan.set(queueJobs.get());
            stop.set(true);
            otherRan.countDown();
        });
        otherPosted.set(true);
        await(otherRan, "the unordered job");
        await(busyDone, "the busy queue to stop");
        assertTrue(queueJobsWhenOtherRan.get() < 10_000, "the unordered job waited until the busy"
                + " queue had run " + queueJobsWhenOtherRan.get() + " jobs");
    }

    /**
     * Holds the calling worker, without parking it (a parked worker may be replaced by a spare),
     * until {@code flag} is set; gives up after the TCK's bounded wait.
     */
    private static void spinUntil(AtomicBoolean flag) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!flag.get()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the test thread did not post its job in 30 s");
            }
            Thread.onSpinWait();
        }
    }

    /**
     * SPEC rule 3.7: {@code isCurrent()} is true inside the queue's own jobs only: false on the
     * test thread, in an unordered job, in another queue's job, and on the same (only) worker
     * once the queue's job has ended.
     *
     * <p>If this fails: the "current queue" marker is not set and cleared around each job (a
     * thread-local left set after a drain, or compared by name instead of identity).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_7_isCurrentOnlyInsideTheQueuesJobs() throws Exception {
        Thr thr = newThr(config().parallelism(1).build());
        ThrQueue queue = thr.newQueue("current");
        ThrQueue other = thr.newQueue("other");
        assertFalse(queue.isCurrent(), "isCurrent on the test thread");
        AtomicReference<String> wrong = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(2);
        Thread[] ranOn = new Thread[2];
        queue.post(() -> {
            ranOn[0] = Thread.currentThread();
            if (!queue.isCurrent()) {
                wrong.compareAndSet(null, "false inside its own job");
            }
            if (other.isCurrent()) {
                wrong.compareAndSet(null, "another queue's isCurrent true inside this queue's job");
            }
            done.countDown();
        });
        other.post(() -> {
            if (queue.isCurrent()) {
                wrong.compareAndSet(null, "true inside another queue's job");
            }
            done.countDown();
        });
        await(done, "the queue jobs");
        CountDownLatch later = new CountDownLatch(1);
        thr.schedule(() -> {
            ranOn[1] = Thread.currentThread();
            if (queue.isCurrent()) {
                wrong.compareAndSet(null, "true in an unordered job after the queue's job ended");
            }
            later.countDown();
        });
        await(later, "the unordered job");
        assertEquals(null, wrong.get());
        assertSame(ranOn[0], ranOn[1], "with parallelism 1, both jobs ran on the one worker");
    }

    /**
     * SPEC rule 3.9: 1,000,000 serial queues exist at once; posting a job to every 100th of them
     * runs each job, and the runtime starts no thread per queue (fewer than 32 new threads).
     *
     * <p>If this fails: a queue holds a thread, a large buffer or a registration that costs more
     * than a small object; queues must be as cheap as objects while idle.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_9_millionQueuesExistAtOnceWithoutThreads() throws Exception {
        Set<Thread> before = Tck1Support.liveThreads();
        Thr thr = newThr();
        int count = 1_000_000;
        ThrQueue[] queues = new ThrQueue[count];
        for (int i = 0; i < count; i++) {
            queues[i] = thr.newQueue("many-" + i);
        }
        CountDownLatch ran = new CountDownLatch(count / 100);
        for (int i = 0; i < count; i += 100) {
            queues[i].post(ran::countDown);
        }
        await(ran, "a job on every 100th queue");
        Set<Thread> now = Tck1Support.liveThreads();
        now.removeAll(before);
        assertTrue(now.size() < 32, count + " queues started " + now.size() + " threads: " + now);
        for (ThrQueue queue : queues) {
            assertFalse(queue.isClosed(), "a queue closed by itself");
        }
    }

    /**
     * SPEC rule 3.11: a delayed job posted to a serial queue is posted to that queue when due and
     * keeps its order: it waits for the running job, runs with {@code isCurrent()} true, and runs
     * before a job posted after it fired. Checked on a serial and a dedicated queue.
     *
     * <p>If this fails: the timer runs the job itself (on the timer thread, beside the queue's
     * running job) instead of posting it to the queue.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_11_delayedJobKeepsTheQueuesOrder() throws Exception {
        Thr thr = newThr();
        for (ThrQueue queue : List.of(thr.newQueue("timer-order"),
                thr.newDedicatedQueue("timer-order-dedicated"))) {
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicBoolean timerOnQueue = new AtomicBoolean();
            CountDownLatch holderIn = new CountDownLatch(1);
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            try {
                queue.post(() -> {
                    enter(inFlight, overlaps);
                    holderIn.countDown();
                    Tck1Support.awaitInJob(gate, "the test to release the holder");
                    order.add("holder");
                    inFlight.decrementAndGet();
                });
                await(holderIn, "the holder job");
                ScheduledJob timer = queue.postAfter(Duration.ofMillis(1), () -> {
                    enter(inFlight, overlaps);
                    timerOnQueue.set(queue.isCurrent());
                    order.add("timer");
                    inFlight.decrementAndGet();
                });
                awaitCondition(timer::isPosted, "the delayed job to be posted");
                queue.post(() -> {
                    order.add("after");
                    done.countDown();
                });
            } finally {
                Tck1Support.open(gate);
            }
            await(done, "the job posted after the timer fired on " + queue.name());
            assertEquals(List.of("holder", "timer", "after"), order, "order on " + queue.name());
            assertEquals(0, overlaps.get(), "the delayed job ran beside another job of " + queue.name());
            assertTrue(timerOnQueue.get(), "isCurrent() inside the delayed job of " + queue.name());
        }
    }

    /**
     * SPEC rules 3.1 and 3.2, the queue's own view: a serial queue has width 1, is not dedicated,
     * keeps its name, and {@code pending()} counts the running job and the ones waiting.
     *
     * <p>If this fails: check {@code width()}, {@code isDedicated()}, {@code name()} and the
     * pending counter (incremented on post, decremented when a job has finished).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_1_queueReportsNameWidthAndPending() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("shape");
        assertEquals("shape", queue.name());
        assertEquals(1, queue.width());
        assertFalse(queue.isDedicated());
        assertFalse(queue.isClosed());
        assertEquals(0, queue.pending());
        CountDownLatch holderIn = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(5);
        try {
            queue.post(() -> {
                holderIn.countDown();
                Tck1Support.awaitInJob(gate, "the test to read pending()");
            });
            await(holderIn, "the holder job");
            for (int i = 0; i < 5; i++) {
                queue.post(done::countDown);
            }
            assertEquals(6, queue.pending(), "pending() with one running and five waiting jobs");
        } finally {
            Tck1Support.open(gate);
        }
        await(done, "the waiting jobs");
        awaitCondition(() -> queue.pending() == 0, "pending() to fall back to 0");
    }

    private static void enter(AtomicInteger inFlight, AtomicInteger overlaps) {
        if (inFlight.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
        }
    }

    private static void assertInOrder(List<Integer> seen, int count, String queue) {
        assertEquals(count, seen.size(), "jobs run on " + queue);
        for (int i = 0; i < count; i++) {
            if (seen.get(i) != i) {
                assertEquals(i, seen.get(i), "job at position " + i + " on " + queue);
            }
        }
    }

    /** Plain state confined to one queue. */
    static final class Confined {
        long count;
        long check = 1;
    }

    /**
     * SPEC rules 3.1 and 3.2 under contention: four threads, released together, each post 5,000
     * jobs with a syn to one serial queue (serial batch 8, so the drain yields often); no two jobs
     * overlap, each producer's jobs run in its order, and every job ran once the syn is awaited.
     * Repeated 10 times.
     *
     * <p>If this fails: the queue's idle/busy state machine lets two drains run at once, or loses
     * or reorders a job posted while the drain yields or goes idle.
     *
     * @throws Exception on failure
     */
    @RepeatedTest(10)
    public void required_r3_1_fourContendingProducersRunOneAtATimeInTheirOrder() throws Exception {
        int producers = 4;
        int jobs = 5_000;
        Thr thr = newThr(config().serialBatch(8).build());
        ThrQueue queue = thr.newQueue("contended");
        Syn syn = thr.newSyn();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] lastSeen = new int[producers]; // confined to the queue: no volatile needed (3.3)
        Arrays.fill(lastSeen, -1);
        AtomicInteger outOfOrder = new AtomicInteger();
        Tck1Support.together(producers, producer -> {
            for (int i = 0; i < jobs; i++) {
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
        });
        Tck1Support.within("the syn of the contended queue", () -> syn.await());
        assertEquals(0, overlaps.get(), "jobs of one serial queue overlapped");
        assertEquals(0, outOfOrder.get(), "jobs of one producer ran out of order");
        for (int p = 0; p < producers; p++) {
            assertEquals(jobs - 1, lastSeen[p], "last job run of producer " + p);
        }
        assertEquals(0, queue.pending());
    }

    /**
     * SPEC rule 8.2 on a serial queue: while its first job is held and a second one waits,
     * {@code stats().queues()} lists the queue by name with 2 pending jobs.
     *
     * <p>If this fails: a serial queue's pending count must include its running job and be listed
     * while the queue is busy.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r8_2_busySerialQueueIsListedWithItsPendingCount() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("busy");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            queue.post(() -> {
                started.countDown();
                Tck1Support.awaitInJob(release, "the release");
            });
            queue.post(() -> { });
            await(started, "the first job");
            assertTrue(thr.stats().queues().stream()
                    .anyMatch(q -> q.name().equals("busy") && q.pending() == 2),
                    "stats: " + thr.stats().queues());
        } finally {
            Tck1Support.open(release);
        }
    }

    /**
     * SPEC rule 3.9: a million serial queues (sharing 1,024 names) exist at once and start at most
     * two threads between them; one job posted to every thousandth queue runs.
     *
     * <p>If this fails: a serial queue must be a plain object that takes a worker only while it has
     * jobs, never a thread of its own.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_9_millionQueuesShareTheWorkersAndRunTheirJobs() throws Exception {
        Thr thr = newThr();
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
        Tck1Support.within("the syn of 1,000 queues", () -> syn.await());
        assertEquals(1_000, ran.get());
    }
}
