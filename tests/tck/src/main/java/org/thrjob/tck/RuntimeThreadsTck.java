package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rules 1.6 to 1.8: a runtime runs its jobs on {@code parallelism()} workers of its own,
 * gives each a distinct {@code workerIndex()}, and names every thread it starts; none of them
 * outlives close (rule 7.5).
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class RuntimeThreadsTck extends ThrTck {

    /** For providers' test classes. */
    protected RuntimeThreadsTck() {
    }

    /**
     * SPEC rule 1.6: 2,000 unordered and queue jobs run only on the runtime's own threads (named
     * after it), never on {@link ForkJoinPool#commonPool()}, and on at most {@code parallelism()}
     * distinct threads when no job blocks.
     *
     * <p>If this fails: the provider hands jobs to a shared executor (the common pool, a
     * {@code CompletableFuture} default) or starts extra threads.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r1_6_jobsRunOnTheRuntimesOwnWorkers() throws Exception {
        Thr thr = newThr();
        ThrQueue serial = thr.newQueue("own-workers");
        ThrQueue width = thr.newQueue("own-workers-w", 2);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(2_000);
        for (int i = 0; i < 1_000; i++) {
            thr.schedule(() -> {
                threads.add(Thread.currentThread());
                all.countDown();
            });
            (i % 2 == 0 ? serial : width).post(() -> {
                threads.add(Thread.currentThread());
                all.countDown();
            });
        }
        await(all, "jobs on the runtime and its queues");
        for (Thread thread : threads) {
            assertTrue(thread.getName().startsWith(thr.name() + "-"),
                    "a job ran on " + thread.getName() + ", not one of runtime " + thr.name() + "'s threads");
            assertTrue(!(thread instanceof ForkJoinWorkerThread worker)
                    || worker.getPool() != ForkJoinPool.commonPool(), "a job ran on the common pool");
        }
        assertTrue(threads.size() <= thr.parallelism(), "jobs that never block ran on "
                + threads.size() + " threads with parallelism " + thr.parallelism() + ": " + threads);
    }

    /**
     * SPEC rule 1.6: a runtime of parallelism 4 runs 4 jobs at once: they meet at a four-party
     * barrier (bounded wait), and report 4 distinct {@code workerIndex()} values in [0, 4)
     * (rule 1.7).
     *
     * <p>If this fails: the pool does not start (or wake) {@code parallelism()} workers when that
     * many jobs are pending, or two workers share an index.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r1_6_runtimeRunsParallelismWorkersAtOnce() throws Exception {
        Thr thr = newThr();
        int parallelism = thr.parallelism();
        assertEquals(4, parallelism, "parallelism() of a runtime configured with 4");
        CyclicBarrier barrier = new CyclicBarrier(parallelism);
        Set<Integer> indexes = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch met = new CountDownLatch(parallelism);
        for (int i = 0; i < parallelism; i++) {
            thr.schedule(() -> {
                try {
                    indexes.add(thr.workerIndex());
                    barrier.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | BrokenBarrierException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    met.countDown();
                }
            });
        }
        await(met, parallelism + " jobs at a barrier");
        assertEquals(null, failure.get(), "the " + parallelism + " jobs did not all run at once");
        assertEquals(Set.of(0, 1, 2, 3), indexes, "workerIndex() of 4 workers running at once");
    }

    /**
     * SPEC rule 1.6: runtimes are isolated: closing one leaves another one's workers and queues
     * running.
     *
     * <p>If this fails: runtimes share a pool or a static resource that the first close shut down.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r1_6_closingOneRuntimeLeavesAnotherRunning() throws Exception {
        Thr first = newThr();
        Thr second = newThr();
        ThrQueue queue = second.newQueue("survivor");
        first.schedule(() -> { });
        Tck1Support.closeWithin(first);
        CountDownLatch ran = new CountDownLatch(2);
        second.schedule(ran::countDown);
        queue.post(ran::countDown);
        await(ran, "jobs of the second runtime after the first closed");
        assertTrue(!second.isClosed());
    }

    /**
     * SPEC rule 1.7: on every core worker, over 4,000 jobs, {@code workerIndex()} is in
     * [0, parallelism()) and each worker thread always reports the same index, distinct from the
     * other workers'.
     *
     * <p>If this fails: the index must be fixed when the worker starts (a field of the worker
     * thread or a thread-local set once), allocated without collisions.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r1_7_workerIndexIsStableDistinctAndInRange() throws Exception {
        Thr thr = newThr();
        ConcurrentHashMap<Thread, Set<Integer>> byThread = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(4_000);
        for (int i = 0; i < 4_000; i++) {
            thr.schedule(() -> {
                byThread.computeIfAbsent(Thread.currentThread(), t -> ConcurrentHashMap.newKeySet())
                        .add(thr.workerIndex());
                all.countDown();
            });
        }
        await(all, "the jobs");
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        for (var entry : byThread.entrySet()) {
            Set<Integer> indexes = entry.getValue();
            assertEquals(1, indexes.size(), entry.getKey().getName() + " reported indexes " + indexes);
            int index = indexes.iterator().next();
            assertTrue(index >= 0 && index < thr.parallelism(), entry.getKey().getName()
                    + " reported workerIndex() " + index + " with parallelism " + thr.parallelism());
            assertTrue(seen.add(index), "two workers report workerIndex() " + index);
        }
    }

    /**
     * SPEC rule 1.7: {@code workerIndex()} is -1 on threads that are not this runtime's workers:
     * the test (main) thread, a plain thread, and a worker of another runtime.
     *
     * <p>If this fails: the index lookup must check that the caller belongs to this runtime (a
     * worker of another runtime or a plain thread is -1).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r1_7_workerIndexIsMinusOneOffThePool() throws Exception {
        Thr thr = newThr();
        Thr other = newThr();
        assertEquals(-1, thr.workerIndex(), "on the test thread");
        assertEquals(-1, (int) Tck1Support.within("workerIndex on a plain thread", () -> thr.workerIndex()),
                "on a plain thread");
        AtomicInteger onOther = new AtomicInteger(Integer.MIN_VALUE);
        CountDownLatch done = new CountDownLatch(1);
        other.schedule(() -> {
            onOther.set(thr.workerIndex());
            done.countDown();
        });
        await(done, "a job of another runtime");
        assertEquals(-1, onOther.get(), "on a worker of another runtime");
    }

    /**
     * SPEC rule 1.7: a spare worker, which runs jobs while the only core worker blocks in
     * {@code blocking()}, reports a {@code workerIndex()} of at least {@code parallelism()}.
     *
     * <p>If this fails: spare workers must get indexes from {@code parallelism()} up, so that
     * per-worker arrays sized {@code parallelism()} are never indexed by them by mistake.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r1_7_spareWorkerIndexIsAtLeastParallelism() throws Exception {
        Thr thr = newThr(config().parallelism(1).build());
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger blockedIndex = new AtomicInteger(Integer.MIN_VALUE);
        AtomicInteger spareIndex = new AtomicInteger(Integer.MIN_VALUE);
        CountDownLatch done = new CountDownLatch(2);
        try {
            thr.schedule(() -> {
                blockedIndex.set(thr.workerIndex());
                thr.blocking(() -> {
                    blocked.countDown();
                    Tck1Support.awaitInJob(release, "the job run by a spare worker");
                    return null;
                });
                done.countDown();
            });
            await(blocked, "the core worker to block");
            thr.schedule(() -> {
                spareIndex.set(thr.workerIndex());
                release.countDown();
                done.countDown();
            });
            await(done, "a job while the only core worker blocks");
        } finally {
            Tck1Support.open(release);
        }
        assertEquals(0, blockedIndex.get(), "workerIndex() of the only core worker");
        assertTrue(spareIndex.get() >= thr.parallelism(), "workerIndex() of a spare worker was "
                + spareIndex.get());
    }

    /**
     * SPEC rule 1.8: every worker that ran a job is named {@code <runtime>-<provider>-worker-<n>},
     * with the provider's {@code name()}, which the runtime also reports as {@code providerName()}.
     *
     * <p>If this fails: give the pool a thread factory that names workers after the runtime and
     * the provider.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r1_8_workersAreNamedAfterTheRuntimeAndProvider() throws Exception {
        Thr thr = newThr();
        assertEquals(provider().name(), thr.providerName(), "providerName()");
        Pattern expected = Pattern.compile(Pattern.quote(thr.name() + "-" + provider().name()
                + "-worker-") + "\\d+");
        Set<String> names = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(400);
        for (int i = 0; i < 400; i++) {
            thr.schedule(() -> {
                names.add(Thread.currentThread().getName());
                all.countDown();
            });
        }
        await(all, "the jobs");
        for (String name : names) {
            assertTrue(expected.matcher(name).matches(), "worker name '" + name + "' does not match "
                    + thr.name() + "-" + provider().name() + "-worker-<n>");
        }
    }

    /**
     * SPEC rule 1.8: no thread the runtime starts (workers, a spare, a timer, a dedicated queue's)
     * keeps a default name such as {@code Thread-3}, {@code pool-1-thread-2} or
     * {@code ForkJoinPool-1-worker-1}.
     *
     * <p>If this fails: some thread of the provider is created without a name (a timer, a
     * {@code ScheduledExecutorService}, a pool made with the default factory).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r1_8_noThreadKeepsADefaultName() throws Exception {
        Set<Thread> before = Tck1Support.liveThreads();
        Thr thr = newThr(config().parallelism(2).build());
        ThrQueue dedicated = thr.newDedicatedQueue("tck-named-dedicated");
        CountDownLatch ran = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        try {
            thr.postAfter(Duration.ofMillis(1), ran::countDown);
            dedicated.post(ran::countDown);
            thr.schedule(() -> thr.blocking(() -> {
                Tck1Support.awaitInJob(release, "the other job");
                return null;
            }));
            thr.schedule(() -> {
                release.countDown();
                ran.countDown();
            });
            await(ran, "jobs on a timer, a dedicated queue and workers");
        } finally {
            Tck1Support.open(release);
        }
        List<String> unnamed = new ArrayList<>();
        for (Thread thread : Tck1Support.liveThreads()) {
            if (!before.contains(thread) && CloseTck.DEFAULT_THREAD_NAME.matcher(thread.getName()).matches()) {
                unnamed.add(thread.getName());
            }
        }
        assertEquals(List.of(), unnamed, "threads started with a default name");
    }

    /**
     * SPEC rules 1.7, 1.8 and 7.5: with 3 workers held busy at once by a barrier, the three jobs
     * report the indexes 0, 1 and 2 and run on threads named
     * {@code <runtime>-<provider>-worker-<index>}, with the provider's {@code name()}; after close
     * no thread of the runtime is alive and {@code workerIndex()} is -1 on the test thread.
     *
     * <p>If this fails: name each worker when it is started, after the runtime, the provider and
     * its index, and join every worker in close.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r1_8_busyWorkersAreNamedWithTheirDistinctIndexes() throws Exception {
        Thr thr = newThr(config().parallelism(3).build());
        String name = thr.name();
        Set<String> names = ConcurrentHashMap.newKeySet();
        Set<Integer> indexes = ConcurrentHashMap.newKeySet();
        CyclicBarrier allBusy = new CyclicBarrier(3);
        Syn syn = thr.newSyn();
        for (int i = 0; i < 3; i++) {
            thr.schedule(syn, () -> {
                names.add(Thread.currentThread().getName());
                indexes.add(thr.workerIndex());
                allBusy.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            });
        }
        Tck1Support.within("three jobs held together", () -> syn.await());
        Tck1Support.closeWithin(thr);
        assertEquals(Set.of(0, 1, 2), indexes, "worker indexes");
        String pattern = Pattern.quote(name + "-" + provider().name() + "-worker-") + "[012]";
        for (String thread : names) {
            assertTrue(thread.matches(pattern), thread + " does not match " + pattern);
        }
        assertNoThreadLeft(name);
        assertEquals(-1, thr.workerIndex(), "workerIndex() off the pool");
    }

    /**
     * SPEC rules 1.8 and 7.5: every thread that appeared while a runtime ran a delayed job (its
     * workers and whatever fires timers) is named after the runtime ({@code <runtime>-...}), and
     * none of them is alive once close returned.
     *
     * <p>If this fails: a helper thread (a timer thread, say) must be named after the runtime and
     * its role, and be stopped and joined by close.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r1_8_threadsStartedForATimerAreNamedAfterTheRuntimeAndEndOnClose()
            throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Thr thr = newThr();
        String name = thr.name();
        CountDownLatch fired = new CountDownLatch(1);
        thr.postAfter(Duration.ofMillis(1), fired::countDown);
        await(fired, "the delayed job");
        List<Thread> started = new ArrayList<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        // The TCK's helpers and the JVM's own threads (the "system" group) are not the runtime's.
        started.removeIf(t -> t.getName().startsWith("tck-") || t.getThreadGroup() == null
                || "system".equals(t.getThreadGroup().getName()));
        assertFalse(started.isEmpty(), "the runtime ran a job on no thread it started");
        for (Thread thread : started) {
            assertTrue(thread.getName().startsWith(name + "-"), "thread " + thread.getName()
                    + " appeared while runtime " + name + " ran a delayed job");
        }
        Tck1Support.closeWithin(thr);
        for (Thread thread : started) {
            assertFalse(thread.isAlive(), "thread " + thread.getName() + " outlived close()");
        }
    }
}
