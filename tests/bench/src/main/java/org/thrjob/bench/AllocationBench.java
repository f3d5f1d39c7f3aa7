package org.thrjob.bench;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
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
import org.openjdk.jmh.infra.Blackhole;
import org.thrjob.api.Job;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;

/**
 * Bytes allocated per scheduled lambda, read from JMH's GC profiler: run it with {@code -prof gc}
 * and read {@code gc.alloc.rate.norm} (bytes per operation, every thread of the JVM counted, the
 * workers included).
 *
 * <p>One operation creates {@value #JOBS} capturing lambdas ({@code () -> slots[i] = i}: an array
 * reference and an int, 24 bytes with compressed oops), hands each to the contender and waits for
 * all of them; bytes per lambda is {@code gc.alloc.rate.norm / }{@value #JOBS}.
 * <ul>
 *   <li>{@code lambda-only}: only creates the lambdas (each escapes into a {@code Blackhole}): the
 *       size of the lambda itself, the baseline to subtract;</li>
 *   <li>{@code thr-forkjoin}: {@code thr.schedule(syn, lambda)} for each, then
 *       {@code syn.await()} (one syn, reused by every operation);</li>
 *   <li>{@code forkjoin-pool}: {@code forkJoinPool.submit(lambda)} on a {@code new ForkJoinPool(2)}
 *       for each, then {@code join()} of every returned task.</li>
 * </ul>
 * Target (issue 2): {@code thr-forkjoin} allocates at most 48 bytes per lambda beyond
 * {@code lambda-only}. Target (issue 3): {@code thr-threads} allocates nothing per lambda beyond
 * {@code lambda-only} (its deques and injection ring keep the job itself). The time score is
 * secondary here.
 *
 * <p>Run it alone with
 * <pre>
 * tests/bench/run.sh AllocationBench
 * </pre>
 * or by hand:
 * <pre>
 * java -Dthr.provider=forkjoin -jar tests/bench/target/benchmarks.jar AllocationBench \
 *     -f 3 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 *
 * <p>Thread-safety: the jobs write distinct slots of one array; nothing else is shared.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AllocationBench {

    /** Lambdas per operation. */
    public static final int JOBS = 1000;

    /** Which contender runs: a thrjob provider ({@code thr-<name>}), the JDK pool, or neither. */
    @Param({"thr-threads", "thr-forkjoin", "forkjoin-pool", "lambda-only"})
    public String impl;

    private Thr thr;
    private Syn syn;
    private ForkJoinPool forkJoinPool;
    private final int[] slots = new int[JOBS];
    private final ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[JOBS];

    /** For JMH. */
    public AllocationBench() {
    }

    /** Starts the contender named by {@link #impl}. */
    @Setup(Level.Trial)
    public void setUp() {
        if (Pools.isThr(impl)) {
            thr = Pools.newThr(impl);
            syn = thr.newSyn();
        } else if (impl.equals("forkjoin-pool")) {
            forkJoinPool = Pools.newForkJoinPool();
        } else if (!impl.equals("lambda-only")) {
            throw Pools.unknown(impl);
        }
    }

    /** Stops the contender and joins its threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Pools.close(thr);
        Pools.shutdown(forkJoinPool);
    }

    /**
     * Creates {@value #JOBS} lambdas, hands them to the contender and waits for them.
     *
     * @param blackhole where {@code lambda-only} sinks its lambdas, so they are really allocated
     */
    @Benchmark
    public void scheduleLambdas(Blackhole blackhole) {
        if (thr != null) {
            for (int i = 0; i < JOBS; i++) {
                thr.schedule(syn, job(slots, i));
            }
            syn.await();
        } else if (forkJoinPool != null) {
            for (int i = 0; i < JOBS; i++) {
                tasks[i] = forkJoinPool.submit(task(slots, i));
            }
            for (int i = 0; i < JOBS; i++) {
                tasks[i].join();
            }
        } else {
            for (int i = 0; i < JOBS; i++) {
                blackhole.consume(job(slots, i));
            }
        }
    }

    /* The same capture for both shapes: one reference and one int. */
    private static Job job(int[] slots, int i) {
        return () -> slots[i] = i;
    }

    private static Runnable task(int[] slots, int i) {
        return () -> slots[i] = i;
    }
}
