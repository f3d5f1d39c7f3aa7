package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rule 5.7: {@code whenDone(queue, job)} ({@code thr_syn_notify}) posts its job exactly once,
 * after the last job of the round, holding no thread while it waits.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class WhenDoneTck extends ThrTck {

    /** For subclasses. */
    protected WhenDoneTck() {
    }

    /**
     * SPEC rule 5.7: the continuation runs once, after the last of 10,000 jobs, and not again when
     * later rounds of the same syn end.
     *
     * <p>If this fails: post the continuation when the pending count reaches zero, then forget it
     * (a list swapped out atomically); never post it per job or per round.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_7_whenDoneRunsOnceAfterTheLastJob() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r5-7");
        Syn syn = thr.newSyn();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        thr.schedule(syn, () -> await(release, "release"));
        for (int i = 0; i < 10_000; i++) {
            thr.schedule(syn, done::incrementAndGet);
        }
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger doneSeen = new AtomicInteger(-1);
        syn.whenDone(queue, () -> {
            doneSeen.set(done.get());
            runs.incrementAndGet();
        });
        release.countDown();
        awaitCondition(() -> runs.get() >= 1, "the continuation");
        assertEquals(10_000, doneSeen.get(), "the continuation ran before the last job");

        // Later rounds must not run it again; a marker behind it on the serial queue proves that
        // a duplicate posted at the same time would have run by now.
        for (int round = 0; round < 3; round++) {
            thr.schedule(syn, done::incrementAndGet);
            syn.await();
        }
        queue.sync(() -> {
        });
        assertEquals(1, runs.get(), "the continuation ran more than once");
    }

    /**
     * SPEC rule 5.7: on an idle syn the continuation is posted at once.
     *
     * <p>If this fails: {@code whenDone} on a syn with nothing pending must post immediately.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_7_whenDoneOnIdleSynPostsAtOnce() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r5-7-idle");
        CountDownLatch ran = new CountDownLatch(1);
        thr.newSyn().whenDone(queue, ran::countDown);
        await(ran, "the continuation of an idle syn");
    }

    /**
     * SPEC rule 5.7: the continuation runs on the queue it was given: a serial queue's job, or the
     * main thread for the main queue.
     *
     * <p>If this fails: post the continuation to the given queue, not to the runtime.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_7_continuationRunsOnTheGivenQueue() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r5-7-queue");
        Syn syn = thr.newSyn();
        CountDownLatch release = new CountDownLatch(1);
        thr.schedule(syn, () -> await(release, "release"));
        AtomicReference<Boolean> onQueue = new AtomicReference<>();
        AtomicReference<Thread> mainRan = new AtomicReference<>();
        CountDownLatch queued = new CountDownLatch(1);
        syn.whenDone(queue, () -> {
            onQueue.set(queue.isCurrent());
            queued.countDown();
        });
        syn.whenDone(thr.mainQueue(), () -> mainRan.set(Thread.currentThread()));
        release.countDown();
        await(queued, "the serial-queue continuation");
        assertEquals(Boolean.TRUE, onQueue.get());
        assertTrue(thr.mainQueue().runUntil(() -> mainRan.get() != null, TIMEOUT),
                "the main-queue continuation never arrived");
        assertSame(Thread.currentThread(), mainRan.get());
    }

    /**
     * SPEC rule 5.7: whenDone holds no thread: with one worker and no spare, jobs register
     * continuations on syns whose jobs are still queued behind them, and everything completes.
     *
     * <p>If this fails: {@code whenDone} must register and return, never wait for the round.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_7_whenDoneHoldsNoThread() throws InterruptedException {
        Thr thr = newThr(config().parallelism(1).maxSpareWorkers(0).build());
        ThrQueue queue = thr.newQueue("r5-7-chain");
        int chains = 200;
        CountDownLatch finished = new CountDownLatch(chains);
        for (int i = 0; i < chains; i++) {
            thr.schedule(() -> {
                Syn syn = thr.newSyn();
                thr.schedule(syn, () -> {
                });
                syn.whenDone(queue, finished::countDown);
            });
        }
        await(finished, "continuations registered from the only worker");
    }

    /**
     * SPEC rule 5.7: continuations registered concurrently by several threads during one round
     * each run exactly once, after the round.
     *
     * <p>If this fails: registering must be thread-safe and race-free against the round's end (a
     * continuation registered as the count reaches zero must still be posted once).
     *
     * @throws Exception if a registering thread failed
     */
    @Test
    public void required_r5_7_concurrentRegistrationsEachRunOnce() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r5-7-many");
        int threads = 4;
        int perThread = 250;
        AtomicIntegerArray runs = new AtomicIntegerArray(threads * perThread);
        ExecutorService registrars = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                Syn syn = thr.newSyn();
                for (int i = 0; i < 100; i++) {
                    thr.schedule(syn, () -> {
                    });
                }
                CountDownLatch all = new CountDownLatch(threads * perThread);
                for (int t = 0; t < threads; t++) {
                    int base = t * perThread;
                    registrars.execute(() -> {
                        for (int i = 0; i < perThread; i++) {
                            int index = base + i;
                            syn.whenDone(queue, () -> {
                                runs.incrementAndGet(index);
                                all.countDown();
                            });
                        }
                    });
                }
                await(all, "round " + round + "'s continuations");
                queue.sync(() -> {
                });
                for (int i = 0; i < runs.length(); i++) {
                    assertEquals(round + 1, runs.get(i), "continuation " + i + " in round " + round);
                }
            }
        } finally {
            registrars.shutdownNow();
            assertTrue(registrars.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * SPEC rules 5.7 and 5.6: the continuation can read the round's failures.
     *
     * <p>If this fails: record the round's failures before posting the continuations.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_7_continuationSeesTheRoundsFailures() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r5-7-failures");
        Syn syn = thr.newSyn();
        IllegalStateException boom = new IllegalStateException("boom");
        CountDownLatch release = new CountDownLatch(1);
        thr.schedule(syn, () -> {
            await(release, "release");
            throw boom;
        });
        AtomicReference<List<Throwable>> seen = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        syn.whenDone(queue, () -> {
            seen.set(syn.failures());
            ran.countDown();
        });
        release.countDown();
        await(ran, "the continuation");
        assertEquals(List.of(boom), seen.get());
    }

    /**
     * SPEC rule 2.7: null arguments throw {@link NullPointerException}.
     *
     * <p>If this fails: check both arguments before registering anything.
     */
    @Test
    public void required_r5_7_nullArgumentsThrowNpe() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        assertThrows(NullPointerException.class, () -> syn.whenDone(null, () -> {
        }));
        assertThrows(NullPointerException.class, () -> syn.whenDone(thr.mainQueue(), null));
    }
}
