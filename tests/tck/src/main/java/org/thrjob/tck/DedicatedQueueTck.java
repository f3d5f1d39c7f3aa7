package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rule 3.10 (and rules 1.7 and 1.8 for its thread): a dedicated queue is a serial queue with a
 * thread of its own, named after the queue, which ends when the queue is closed (rules 7.4 and
 * 7.5).
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class DedicatedQueueTck extends ThrTck {

    /** For providers' test classes. */
    protected DedicatedQueueTck() {
    }

    /**
     * SPEC rules 3.10 and 1.8: 2,000 jobs posted by 4 threads to a dedicated queue all run on one
     * thread named exactly after the queue, which is not one of the runtime's workers
     * ({@code workerIndex()} is -1 there, rule 1.7); the queue reports width 1 and dedicated.
     *
     * <p>If this fails: the queue's jobs must run on its own thread (created with the queue's
     * name), not on the pool's workers.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_10_dedicatedQueueRunsOnOneThreadNamedAfterIt() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newDedicatedQueue("tck_bio_fsync");
        assertTrue(queue.isDedicated(), "isDedicated()");
        assertEquals(1, queue.width(), "width()");
        assertEquals("tck_bio_fsync", queue.name());
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Set<Integer> indexes = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(2_000);
        Tck1Support.together(4, p -> {
            for (int i = 0; i < 500; i++) {
                queue.post(() -> {
                    threads.add(Thread.currentThread());
                    indexes.add(thr.workerIndex());
                    all.countDown();
                });
            }
        });
        await(all, "the dedicated queue's jobs");
        assertEquals(1, threads.size(), "threads that ran the dedicated queue's jobs: " + threads);
        assertEquals("tck_bio_fsync", threads.iterator().next().getName(), "the thread's name");
        assertEquals(Set.of(-1), indexes, "workerIndex() on a dedicated queue's thread");
    }

    /**
     * SPEC rules 3.10, 3.1 and 3.2: a dedicated queue is serial: jobs from 4 producers never
     * overlap and each producer's jobs run in its order.
     *
     * <p>If this fails: the dedicated thread's job list is not a FIFO safe for many producers.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_10_dedicatedQueueIsSerialAndFifo() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newDedicatedQueue("tck-dedicated-fifo");
        int producers = 4;
        int perProducer = 5_000;
        int[] last = {-1, -1, -1, -1};
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger problems = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(producers * perProducer);
        Tck1Support.together(producers, p -> {
            for (int i = 0; i < perProducer; i++) {
                int seq = i;
                queue.post(() -> {
                    if (inFlight.incrementAndGet() != 1 || last[p] != seq - 1) {
                        problems.incrementAndGet();
                    }
                    last[p] = seq;
                    inFlight.decrementAndGet();
                    all.countDown();
                });
            }
        });
        await(all, "the dedicated queue's jobs");
        assertEquals(0, problems.get(), "jobs that overlapped or ran out of their producer's order");
    }

    /**
     * SPEC rule 3.10: the dedicated thread ends once the queue is closed and drained, while the
     * runtime goes on (another dedicated queue still works).
     *
     * <p>If this fails: closing the queue must let its thread leave its loop once the last
     * pending job ran (wake it if it sleeps).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_10_dedicatedThreadEndsWhenTheQueueIsClosed() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newDedicatedQueue("tck-dedicated-ends");
        AtomicReference<Thread> thread = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        queue.post(() -> {
            thread.set(Thread.currentThread());
            ran.countDown();
        });
        await(ran, "the dedicated queue's job");
        Tck1Support.within("close of the dedicated queue", () -> queue.close());
        thread.get().join(TIMEOUT.toMillis());
        assertFalse(thread.get().isAlive(), "the dedicated thread is alive after its queue closed");
        ThrQueue other = thr.newDedicatedQueue("tck-dedicated-other");
        assertEquals("ok", Tck1Support.within("a job on another dedicated queue",
                () -> other.sync(() -> "ok")));
    }

    /**
     * SPEC rules 3.10 and 7.5: the runtime's close ends the threads of dedicated queues left open:
     * once {@code close()} returned, they are no longer alive.
     *
     * <p>If this fails: the runtime must close its open dedicated queues and join their threads in
     * {@code close()}.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_10_dedicatedThreadEndsWhenTheRuntimeIsClosed() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newDedicatedQueue("tck-dedicated-runtime-close");
        AtomicReference<Thread> thread = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        queue.post(() -> {
            thread.set(Thread.currentThread());
            ran.countDown();
        });
        await(ran, "the dedicated queue's job");
        Tck1Support.closeWithin(thr);
        assertFalse(thread.get().isAlive(), "a dedicated queue's thread is alive after close()");
    }

    /**
     * SPEC rule 3.10: dedicated queues are for jobs that block for long: with a single worker,
     * two dedicated queues' jobs block at once (meeting at a barrier) while 100 unordered jobs still
     * run on the worker.
     *
     * <p>If this fails: dedicated queues borrow the pool's workers; each needs its own thread.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_10_blockingDedicatedJobsLeaveTheWorkersFree() throws Exception {
        Thr thr = newThr(config().parallelism(1).build());
        ThrQueue first = thr.newDedicatedQueue("tck-dedicated-1");
        ThrQueue second = thr.newDedicatedQueue("tck-dedicated-2");
        CyclicBarrier barrier = new CyclicBarrier(2);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch met = new CountDownLatch(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[2];
        ThrQueue[] queues = {first, second};
        try {
            for (int i = 0; i < 2; i++) {
                int index = i;
                queues[i].post(() -> {
                    try {
                        threads[index] = Thread.currentThread();
                        barrier.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                        met.countDown();
                        Tck1Support.awaitInJob(gate, "the unordered jobs to run");
                    } catch (TimeoutException | BrokenBarrierException e) {
                        failure.compareAndSet(null, e);
                        met.countDown();
                    }
                });
            }
            await(met, "the jobs of two dedicated queues to block at once");
            assertEquals(null, failure.get(), "two dedicated queues could not block at once");
            CountDownLatch unordered = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                thr.schedule(unordered::countDown);
            }
            await(unordered, "unordered jobs while dedicated jobs block");
        } finally {
            Tck1Support.open(gate);
        }
        assertNotSame(threads[0], threads[1], "two dedicated queues share a thread");
    }

    /**
     * SPEC rules 3.10 and 7.5: a dedicated queue's job runs on a live thread named exactly after
     * the queue; the runtime's close ends that thread and closes the queue.
     *
     * <p>If this fails: name the dedicated thread after the queue, and stop and join it from the
     * runtime's close.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_10_dedicatedThreadIsNamedExactlyAfterTheQueueAndEndsWithTheRuntime()
            throws Exception {
        Thr thr = newThr();
        String queueName = "bio_aof_fsync_" + thr.name();
        ThrQueue queue = thr.newDedicatedQueue(queueName);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Tck1Support.within("sync on the dedicated queue",
                () -> queue.sync(() -> ranOn.set(Thread.currentThread())));
        assertEquals(queueName, ranOn.get().getName());
        assertTrue(ranOn.get().isAlive(), "the dedicated thread of an open queue");
        Tck1Support.closeWithin(thr);
        assertFalse(ranOn.get().isAlive(), "the dedicated thread outlived the runtime's close()");
        assertTrue(queue.isClosed(), "a dedicated queue of a closed runtime");
    }

    /**
     * SPEC rules 3.10 and 7.4: {@code close(true)} on a dedicated queue returns once its thread,
     * which ran the queue's job, has ended.
     *
     * <p>If this fails: {@code close(true)} of a dedicated queue must join its thread, not only
     * wait for its jobs.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_10_dedicatedQueueCloseWaitJoinsItsThread() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newDedicatedQueue("dq-" + thr.name());
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        queue.post(() -> ranOn.set(Thread.currentThread()));
        Tck1Support.within("close(true) of the dedicated queue", () -> queue.close(true));
        assertFalse(ranOn.get().isAlive(), "the dedicated thread after close(true) returned");
    }
}
