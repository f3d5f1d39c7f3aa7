package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC section 5, waiting: {@code await} waits for every job of the round (5.1, 5.2), a syn is
 * reusable (5.3), waiting helps and never deadlocks nor explodes into threads (5.4), several
 * threads may wait at once (5.5), {@code awaitUntil} (5.9) and {@code await(timeout)} (5.10).
 * Failures are in {@link SynFailureTck}, continuations in {@link WhenDoneTck}.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class SynTck extends ThrTck {

    /** For subclasses. */
    protected SynTck() {
    }

    /**
     * SPEC rule 5.1: {@code await} returns only after every attached job, unordered or posted to a
     * serial queue, has finished.
     *
     * <p>If this fails: check that the syn counts a job as pending from the attach call until the
     * job's end, on every path (schedule and queue post).
     */
    @Test
    public void required_r5_1_awaitReturnsAfterEveryAttachedJob() {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r5-1");
        Syn syn = thr.newSyn();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 10_000; i++) {
            if (i % 2 == 0) {
                thr.schedule(syn, done::incrementAndGet);
            } else {
                queue.post(syn, done::incrementAndGet);
            }
        }
        syn.await();
        assertEquals(10_000, done.get(), "await returned before every attached job finished");
        assertEquals(0, syn.pending());
    }

    /**
     * SPEC rule 5.1: {@code await} on an idle syn returns at once, and {@code await(ZERO)} is true.
     *
     * <p>If this fails: an idle syn (pending 0) must not block or throw.
     */
    @Test
    public void required_r5_1_awaitOnIdleSynReturnsAtOnce() {
        Syn syn = newThr().newSyn();
        syn.await();
        assertTrue(syn.await(Duration.ZERO), "await(ZERO) on an idle syn must be true");
        assertEquals(0, syn.pending());
    }

    /**
     * SPEC rule 5.1: jobs attached by the syn's own jobs before they end belong to the round.
     *
     * <p>If this fails: the count of a parent must be released only after the children it attached
     * were counted (attach increments before the parent's decrement).
     */
    @Test
    public void required_r5_1_jobsAttachedByJobsBelongToTheRound() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        AtomicInteger leaves = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            thr.schedule(syn, () -> {
                for (int j = 0; j < 10; j++) {
                    thr.schedule(syn, () -> thr.schedule(syn, leaves::incrementAndGet));
                }
            });
        }
        syn.await();
        assertEquals(1_000, leaves.get(), "await returned before grandchildren ran");
    }

    /**
     * SPEC rule 5.2: what jobs wrote to plain (non-volatile) memory is visible once {@code await}
     * returns.
     *
     * <p>If this fails: the end of each job must happen-before {@code await} returns, e.g. through
     * a volatile or atomic decrement of the pending count read by the waiter.
     */
    @Test
    public void required_r5_2_jobEndsHappenBeforeAwaitReturns() {
        Thr thr = newThr();
        for (int round = 0; round < 50; round++) {
            Syn syn = thr.newSyn();
            long[] values = new long[1_000];
            for (int i = 0; i < values.length; i++) {
                int index = i;
                thr.schedule(syn, () -> values[index] = index + 1L);
            }
            syn.await();
            for (int i = 0; i < values.length; i++) {
                assertEquals(i + 1L, values[i], "round " + round + ": write of job " + i + " not visible");
            }
        }
    }

    /**
     * SPEC rules 5.3 and 5.5: one syn reused for 1,000 rounds, awaited by 4 threads at once in each
     * round; each waiter returns when its round ends and sees all of its jobs done.
     *
     * <p>If this fails: check the syn's reset between rounds (a waiter of round n must not miss its
     * wakeup nor return on round n-1's end) and that every waiter, not only one, is woken.
     *
     * @throws Exception if a waiter failed
     */
    @Test
    public void required_r5_3_synReusedThousandTimesAwaitedByFourThreads() throws Exception {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        AtomicInteger done = new AtomicInteger();
        ExecutorService waiters = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 1_000; round++) {
                CountDownLatch release = new CountDownLatch(1);
                for (int i = 0; i < 8; i++) {
                    thr.schedule(syn, () -> {
                        await(release, "the round's release");
                        done.incrementAndGet();
                    });
                }
                int expected = 8 * (round + 1);
                List<Future<Integer>> seen = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    seen.add(waiters.submit(() -> {
                        syn.await();
                        return done.get();
                    }));
                }
                release.countDown();
                for (Future<Integer> future : seen) {
                    int observed = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    assertTrue(observed >= expected, "round " + round + ": a waiter returned after "
                            + observed + " of " + expected + " jobs");
                }
            }
        } finally {
            waiters.shutdownNow();
            assertTrue(waiters.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertEquals(8_000, done.get());
    }

    /**
     * SPEC rule 5.5: eight threads waiting on one round all return.
     *
     * <p>If this fails: the syn must wake every waiter (signalAll, or unpark each), not one.
     *
     * @throws Exception if a waiter failed
     */
    @Test
    public void required_r5_5_everyConcurrentWaiterReturns() throws Exception {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        CountDownLatch release = new CountDownLatch(1);
        thr.schedule(syn, () -> await(release, "release"));
        ExecutorService waiters = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                futures.add(waiters.submit(() -> syn.await()));
            }
            release.countDown();
            for (Future<?> future : futures) {
                future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            waiters.shutdownNow();
            assertTrue(waiters.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * SPEC rule 5.4: with one worker and no spare, a job that waits on children it scheduled itself
     * finishes: the waiter runs them (helping).
     *
     * <p>If this fails: a waiter on a worker must run pending jobs (its own deque first) instead of
     * parking while work it could run is queued.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_4_waiterOnWorkerHelpsRunItsChildren() throws InterruptedException {
        Thr thr = newThr(config().parallelism(1).maxSpareWorkers(0).build());
        AtomicInteger children = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(1);
        thr.schedule(() -> {
            Syn inner = thr.newSyn();
            for (int i = 0; i < 100; i++) {
                thr.schedule(inner, children::incrementAndGet);
            }
            inner.await();
            finished.countDown();
        });
        await(finished, "a waiting job whose children only its own worker can run");
        assertEquals(100, children.get());
    }

    /**
     * SPEC rule 5.4: a wait on the main thread runs main-queue jobs, so a syn whose job is on the
     * main queue completes when the main thread awaits it.
     *
     * <p>If this fails: {@code await} on the main thread must drain the main queue while it waits.
     */
    @Test
    public void required_r5_4_awaitOnMainThreadRunsMainQueueJobs() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        thr.mainQueue().post(syn, () -> ranOn.set(Thread.currentThread()));
        // And a worker job that needs a main-queue reply before it can end.
        thr.schedule(syn, () -> thr.mainQueue().sync(() -> {
        }));
        assertTrue(syn.await(TIMEOUT), "await on the main thread did not run main-queue jobs");
        assertSame(Thread.currentThread(), ranOn.get());
    }

    /**
     * SPEC rule 5.4: nested waits in many jobs never start more than {@code maxSpareWorkers()}
     * spare workers.
     *
     * <p>If this fails: compensation for a blocked waiter must respect the spare cap and reuse
     * idle spares; waiting must prefer helping over starting threads.
     */
    @Test
    public void required_r5_4_waitingDoesNotExplodeIntoThreads() {
        int parallelism = 2;
        int maxSpare = 2;
        Thr thr = newThr(config().parallelism(parallelism).maxSpareWorkers(maxSpare).build());
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Syn outer = thr.newSyn();
        for (int i = 0; i < 50; i++) {
            thr.schedule(outer, () -> {
                threads.add(Thread.currentThread());
                Syn inner = thr.newSyn();
                for (int j = 0; j < 20; j++) {
                    thr.schedule(inner, () -> threads.add(Thread.currentThread()));
                }
                inner.await();
            });
        }
        assertTrue(outer.await(TIMEOUT), "nested waits did not finish");
        threads.remove(Thread.currentThread());
        assertTrue(threads.size() <= parallelism + maxSpare, "jobs ran on " + threads.size()
                + " threads, more than parallelism " + parallelism + " + maxSpareWorkers " + maxSpare
                + ": " + threads);
    }

    /**
     * SPEC rule 5.9: {@code awaitUntil} returns true once the condition holds, before the round
     * ends if need be.
     *
     * <p>If this fails: the condition must be checked after each job of the syn finishes, not only
     * when the round ends.
     */
    @Test
    public void required_r5_9_awaitUntilReturnsTrueOnceConditionHolds() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 5; i++) {
            thr.schedule(syn, done::incrementAndGet);
        }
        thr.schedule(syn, () -> await(release, "release")); // keeps the round open
        try {
            assertTrue(syn.awaitUntil(() -> done.get() == 5));
            assertTrue(syn.pending() >= 1, "the round should still be open");
        } finally {
            release.countDown();
        }
        syn.await();
    }

    /**
     * SPEC rule 5.9: a condition already true on entry returns at once; a false condition on an
     * idle syn, or one that stays false once every job ended, returns false.
     *
     * <p>If this fails: check the condition on entry, and return false when the pending count
     * reaches zero with the condition still false.
     */
    @Test
    public void required_r5_9_awaitUntilChecksOnEntryAndReturnsFalseWhenIdle() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        assertTrue(syn.awaitUntil(() -> true));
        assertFalse(syn.awaitUntil(() -> false), "idle syn with a false condition must return false");
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            thr.schedule(syn, done::incrementAndGet);
        }
        assertFalse(syn.awaitUntil(() -> done.get() > 10));
        assertEquals(10, done.get());
    }

    /**
     * SPEC rule 5.10: {@code await(timeout)} returns false without throwing when the round is
     * still open at the deadline, and true once it ended.
     *
     * <p>If this fails: the timed wait must give up at the deadline and return false.
     */
    @Test
    public void required_r5_10_awaitWithTimeoutReturnsFalseWhenTimeRunsOut() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        CountDownLatch release = new CountDownLatch(1);
        thr.schedule(syn, () -> await(release, "release"));
        long start = System.nanoTime();
        boolean result;
        try {
            result = syn.await(Duration.ofMillis(20));
        } finally {
            release.countDown();
        }
        assertFalse(result, "await(20 ms) returned true while a job was still blocked");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(20),
                "await(20 ms) gave up early");
        assertTrue(syn.await(TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> syn.await(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> syn.await(null));
    }

    /**
     * {@link Syn#await()}'s contract: a waiter interrupted while waiting gets a
     * {@link CancellationException} and keeps its interrupt flag.
     *
     * <p>If this fails: the wait must be interruptible and must set the flag again after catching
     * {@link InterruptedException}.
     *
     * @throws Exception if the waiter thread failed
     */
    @Test
    public void required_r5_1_interruptDuringAwaitThrowsCancellationAndKeepsFlag() throws Exception {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        CountDownLatch release = new CountDownLatch(1);
        thr.schedule(syn, () -> await(release, "release"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                syn.await();
            } catch (Throwable t) {
                thrown.set(t);
            }
            flag.set(Thread.currentThread().isInterrupted());
        }, "tck-interrupted-waiter");
        try {
            waiter.start();
            awaitCondition(() -> waiter.getState() == Thread.State.WAITING
                    || waiter.getState() == Thread.State.TIMED_WAITING, "the waiter to block");
            waiter.interrupt();
            waiter.join(TIMEOUT.toMillis());
            assertFalse(waiter.isAlive(), "an interrupted await did not return");
        } finally {
            release.countDown();
        }
        assertTrue(thrown.get() instanceof CancellationException,
                "expected CancellationException, got " + thrown.get());
        assertEquals(Boolean.TRUE, flag.get(), "the interrupt flag must be set again");
        syn.await();
    }

    /**
     * SPEC rule 5.4: on a runtime of one worker and no spare worker allowed, a job that schedules
     * 10 children and awaits their syn does not deadlock: the only worker runs its own children.
     *
     * <p>If this fails (or hangs): a waiter on a worker must help run pending jobs instead of
     * sleeping, since no other thread can run them.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r5_4_onlyWorkerWithNoSpareHelpsInsteadOfDeadlocking() throws Exception {
        // A runtime of its own, closed with a bound: a deadlocked one fails instead of hanging.
        Tck1Support.withRuntime(provider(), config().parallelism(1).maxSpareWorkers(0).build(), thr -> {
            AtomicInteger ran = new AtomicInteger();
            Syn outer = thr.newSyn();
            thr.schedule(outer, () -> {
                Syn inner = thr.newSyn();
                for (int i = 0; i < 10; i++) {
                    thr.schedule(inner, ran::incrementAndGet);
                }
                inner.await(); // the only worker must run its own children
            });
            assertTrue(outer.await(TIMEOUT), "the outer job's await of its children never returned");
            assertEquals(10, ran.get());
        });
    }
}
