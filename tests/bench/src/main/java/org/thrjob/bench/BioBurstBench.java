package org.thrjob.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.thrjob.api.Job;
import org.thrjob.api.Thr;
import org.thrjob.bio.Bio;
import org.thrjob.bio.BioKind;

/**
 * A burst of {@value #BURST} bio jobs posted from one thread, then drained: the throughput of
 * bio's lock-free FIFO and drain runner against Redis's own design.
 *
 * <p>One operation submits {@value #BURST} lazy-free jobs back to back from the benchmark thread,
 * then waits until the worker ran the last one ({@code drain}). Each job increments a counter
 * confined to the worker; a check after each iteration proves none was lost. The score is jobs per
 * second ({@code @OperationsPerInvocation}).
 * <ul>
 *   <li>{@code bio}: {@code bio.submit(BioKind.LAZY_FREE, job)} ×{@value #BURST}, then
 *       {@code bio.drain(BioKind.LAZY_FREE)}, on a runtime of 2 workers (the job runs on the
 *       dedicated {@code bio_lazy_free} thread);</li>
 *   <li>{@code redis-bio}: {@link RedisBio}, a line-by-line Java port of Redis's
 *       {@code bioSubmitJob} / {@code bioProcessBackgroundJobs} / {@code bioDrainWorker} (mutex,
 *       condition variables, linked list, one thread).</li>
 * </ul>
 * Target (issue 4): {@code bio} at least 3× the throughput of {@code redis-bio}.
 *
 * <p>Run it alone with
 * <pre>
 * tests/bench/run.sh BioBurstBench
 * </pre>
 * or by hand:
 * <pre>
 * java -Dthr.provider=forkjoin -jar tests/bench/target/benchmarks.jar BioBurstBench \
 *     -f 3 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 *
 * <p>Thread-safety: one benchmark thread posts; the counter is confined to the worker's jobs and
 * read after a drain.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BioBurstBench {

    /** Jobs posted per operation, back to back. */
    public static final int BURST = 1_000_000;

    /** Which contender runs: thrjob's bio, or the port of Redis's bio.c. */
    @Param({"bio", "redis-bio"})
    public String impl;

    /** The thrjob provider bio runs on ({@code thr-<name>}, checked against the lookup). */
    @Param({"thr-forkjoin"})
    public String provider;

    private Thr thr;
    private Bio bio;
    private RedisBio redis;

    /* Touched only by the worker's jobs, one at a time; read after a drain. */
    private long count;
    private long posted;
    private final Job incrementJob = () -> count++;
    private final Runnable increment = () -> count++;

    /** For JMH. */
    public BioBurstBench() {
    }

    /** Starts the contender named by {@link #impl}. */
    @Setup(Level.Trial)
    public void setUp() {
        if (impl.equals("bio")) {
            thr = Pools.newThr(provider);
            bio = Bio.create(thr);
        } else if (impl.equals("redis-bio")) {
            redis = new RedisBio("bio_lazy_free");
        } else {
            throw Pools.unknown(impl);
        }
    }

    /**
     * Checks that every job posted so far ran exactly once.
     *
     * @throws IllegalStateException if the counter differs from the jobs posted
     */
    @TearDown(Level.Iteration)
    public void checkNothingLost() {
        if (count != posted) {
            throw new IllegalStateException(impl + " ran " + count + " jobs of the " + posted
                    + " posted: the results of this run are void");
        }
    }

    /** Stops the contender and joins its threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (bio != null) {
            bio.close();
        }
        Pools.close(thr);
        if (redis != null) {
            redis.close();
        }
    }

    /** Posts a burst of {@value #BURST} jobs from this thread and waits until they have run. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public void burst() {
        if (bio != null) {
            for (int i = 0; i < BURST; i++) {
                bio.submit(BioKind.LAZY_FREE, incrementJob);
            }
            bio.drain(BioKind.LAZY_FREE);
        } else {
            for (int i = 0; i < BURST; i++) {
                redis.submit(increment);
            }
            redis.drain();
        }
        posted += BURST;
    }
}
