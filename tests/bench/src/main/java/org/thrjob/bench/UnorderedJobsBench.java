package org.thrjob.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.thrjob.api.Job;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;

/**
 * Unordered jobs posted from outside the pool, then awaited: lib-common's
 * {@code thr_syn_schedule} ×1000 and {@code thr_syn_wait}.
 *
 * <p>One operation is a batch of {@value #JOBS} empty jobs posted by the benchmark thread (which
 * is not a worker) and the wait until all of them have run; the score is ns per batch, so ns per
 * job is the score divided by {@value #JOBS}. Every contender has 2 workers:
 * <ul>
 *   <li>{@code thr-forkjoin}: {@code thr.schedule(syn, job)} ×1000, then {@code syn.await()};</li>
 *   <li>{@code forkjoin-pool}: a raw {@code new ForkJoinPool(2)}, {@code execute} ×1000 of a task
 *       that counts a {@code CountDownLatch} down, then {@code await} on it;</li>
 *   <li>{@code thread-pool-executor}: the same on a {@code ThreadPoolExecutor} of 2 threads over a
 *       {@code LinkedBlockingQueue};</li>
 *   <li>{@code completable-future}: {@code CompletableFuture.runAsync(job, forkJoinPool2)} ×1000,
 *       then {@code allOf(...).join()}.</li>
 * </ul>
 * The baselines' latch is their equivalent of the syn: a counter and a wakeup of the waiter.
 * Target (issue 2): {@code thr-forkjoin} within 0.9× of {@code forkjoin-pool}. Target (issue 3):
 * {@code thr-threads} at least 1.0× the throughput of {@code forkjoin-pool} and 1.5× that of
 * {@code thread-pool-executor}.
 *
 * <p>Run it alone with
 * <pre>
 * tests/bench/run.sh UnorderedJobsBench
 * </pre>
 * or by hand:
 * <pre>
 * java -Dthr.provider=forkjoin -jar tests/bench/target/benchmarks.jar UnorderedJobsBench \
 *     -f 3 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 *
 * <p>Thread-safety: JMH drives one benchmark thread; the jobs touch only the latch, itself
 * thread-safe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UnorderedJobsBench {

    /** Jobs in one batch (one operation). */
    public static final int JOBS = 1000;

    private static final Job EMPTY_JOB = () -> { };
    private static final Runnable EMPTY = () -> { };

    /** Which contender runs: a thrjob provider ({@code thr-<name>}) or a JDK baseline. */
    @Param({"thr-threads", "thr-forkjoin", "forkjoin-pool", "thread-pool-executor", "completable-future"})
    public String impl;

    private Thr thr;
    private Syn syn;
    private ForkJoinPool forkJoinPool;
    private ThreadPoolExecutor threadPoolExecutor;
    private boolean completableFuture;

    /* Replaced before each batch; the pools' submission gives the jobs a happens-before edge. */
    private CountDownLatch latch;
    private final Runnable countDown = () -> latch.countDown();
    private final CompletableFuture<?>[] futures = new CompletableFuture<?>[JOBS];

    /** For JMH. */
    public UnorderedJobsBench() {
    }

    /** Starts the contender named by {@link #impl}. */
    @Setup(Level.Trial)
    public void setUp() {
        if (Pools.isThr(impl)) {
            thr = Pools.newThr(impl);
            syn = thr.newSyn();
            return;
        }
        switch (impl) {
            case "forkjoin-pool" -> forkJoinPool = Pools.newForkJoinPool();
            case "completable-future" -> {
                forkJoinPool = Pools.newForkJoinPool();
                completableFuture = true;
            }
            case "thread-pool-executor" -> threadPoolExecutor = Pools.newThreadPoolExecutor();
            default -> throw Pools.unknown(impl);
        }
    }

    /** Stops the contender and joins its threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Pools.close(thr);
        Pools.shutdown(forkJoinPool);
        Pools.shutdown(threadPoolExecutor);
    }

    /**
     * Posts {@value #JOBS} empty jobs and waits for all of them.
     *
     * @throws InterruptedException if JMH interrupts a latch wait
     */
    @Benchmark
    public void batch() throws InterruptedException {
        if (thr != null) {
            for (int i = 0; i < JOBS; i++) {
                thr.schedule(syn, EMPTY_JOB);
            }
            syn.await();
        } else if (threadPoolExecutor != null) {
            latch = new CountDownLatch(JOBS);
            for (int i = 0; i < JOBS; i++) {
                threadPoolExecutor.execute(countDown);
            }
            latch.await();
        } else if (completableFuture) {
            for (int i = 0; i < JOBS; i++) {
                futures[i] = CompletableFuture.runAsync(EMPTY, forkJoinPool);
            }
            CompletableFuture.allOf(futures).join();
        } else {
            latch = new CountDownLatch(JOBS);
            for (int i = 0; i < JOBS; i++) {
                forkJoinPool.execute(countDown);
            }
            latch.await();
        }
    }
}
