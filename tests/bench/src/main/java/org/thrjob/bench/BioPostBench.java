package org.thrjob.bench;

import java.util.concurrent.CountDownLatch;
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
import org.thrjob.api.ThrQueue;
import org.thrjob.bio.Bio;
import org.thrjob.bio.BioKind;

/**
 * The cost of posting a job to bio, beside posting it to a thr serial queue.
 *
 * <p>One operation posts a batch of {@value #BATCH} jobs from the benchmark thread, then a last
 * job that opens a latch, and waits for the latch: the same shape for every contender, so the
 * score (ns per job, {@code @OperationsPerInvocation}) is the cost of a post plus its share of
 * running and waking. Each job increments a counter confined to the consumer; a check after each
 * iteration proves none was lost.
 * <ul>
 *   <li>{@code bio}: {@code bio.submit(kind, job)} on a registered kind (its own dedicated
 *       queue);</li>
 *   <li>{@code thr-serial-queue}: {@code thr.newQueue(name).post(job)}, the baseline;</li>
 *   <li>{@code thr-dedicated-queue}: {@code thr.newDedicatedQueue(name).post(job)}, what bio runs
 *       on, for reference.</li>
 * </ul>
 * All run on one runtime of 2 workers of {@link #provider}. Target (issue 4): {@code bio} costs at
 * most 2× {@code thr-serial-queue} per job.
 *
 * <p>Run it alone with
 * <pre>
 * tests/bench/run.sh BioPostBench
 * </pre>
 * or by hand:
 * <pre>
 * java -Dthr.provider=forkjoin -jar tests/bench/target/benchmarks.jar BioPostBench \
 *     -f 3 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 *
 * <p>Thread-safety: one benchmark thread posts; the counter is confined to the consumer's jobs
 * and read after the latch opened.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BioPostBench {

    /** Jobs posted per operation before the latch job. */
    public static final int BATCH = 1000;

    /** Where the jobs are posted. */
    @Param({"bio", "thr-serial-queue", "thr-dedicated-queue"})
    public String impl;

    /** The thrjob provider everything runs on ({@code thr-<name>}, checked against the lookup). */
    @Param({"thr-forkjoin"})
    public String provider;

    private Thr thr;
    private Bio bio;
    private BioKind kind;
    private ThrQueue queue;

    /* Touched only by the consumer's jobs, one at a time; read after the latch opened. */
    private long count;
    private long posted;
    private final Job incrementJob = () -> count++;

    /** For JMH. */
    public BioPostBench() {
    }

    /** Starts the runtime and the contender named by {@link #impl}. */
    @Setup(Level.Trial)
    public void setUp() {
        thr = Pools.newThr(provider);
        switch (impl) {
            case "bio":
                bio = Bio.create(thr);
                kind = bio.register("bio_bench");
                break;
            case "thr-serial-queue":
                queue = thr.newQueue("bench-serial");
                break;
            case "thr-dedicated-queue":
                queue = thr.newDedicatedQueue("bench-dedicated");
                break;
            default:
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

    /** Stops the contender and the runtime, joining their threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (bio != null) {
            bio.close();
        }
        if (queue != null) {
            queue.close();
        }
        Pools.close(thr);
    }

    /**
     * Posts {@value #BATCH} jobs and a latch job, and waits for the latch.
     *
     * @throws InterruptedException if JMH interrupts the wait
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void postBatch() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        if (bio != null) {
            for (int i = 0; i < BATCH; i++) {
                bio.submit(kind, incrementJob);
            }
            bio.submit(kind, done::countDown);
        } else {
            for (int i = 0; i < BATCH; i++) {
                queue.post(incrementJob);
            }
            queue.post(done::countDown);
        }
        done.await();
        posted += BATCH;
    }
}
