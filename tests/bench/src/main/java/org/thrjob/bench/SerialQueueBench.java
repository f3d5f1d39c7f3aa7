package org.thrjob.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.thrjob.api.Job;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * One serial queue fed by 2 producer threads: the throughput of a queue that replaces a lock.
 *
 * <p>Two benchmark threads ({@code @Threads(2)}) post to one shared queue. Each operation of a
 * thread posts a batch of {@value #BATCH} jobs and then waits until its batch has run, by a
 * {@code sync} that goes through the same FIFO (so the work is really done, not just queued). Each
 * job increments a counter that only the queue's jobs touch, without a lock: the serial queue is
 * what makes that safe, and a check after every iteration proves no increment was lost. The
 * score is jobs per second, both producers together ({@code @OperationsPerInvocation}).
 * <ul>
 *   <li>{@code thr-forkjoin}: {@code queue.post(job)} ×{@value #BATCH}, then
 *       {@code queue.sync(...)}, on a runtime of 2 workers;</li>
 *   <li>{@code single-thread-executor}: {@code Executors.newSingleThreadExecutor()},
 *       {@code execute(job)} ×{@value #BATCH}, then {@code submit(...).get()}.</li>
 * </ul>
 * Target (issue 2): {@code thr-forkjoin} at least 2× {@code single-thread-executor}. Target (issue
 * 3): {@code thr-threads} at least 2× {@code single-thread-executor} and at least
 * {@code thr-forkjoin}.
 *
 * <p>Run it alone with
 * <pre>
 * tests/bench/run.sh SerialQueueBench
 * </pre>
 * or by hand:
 * <pre>
 * java -Dthr.provider=forkjoin -jar tests/bench/target/benchmarks.jar SerialQueueBench \
 *     -f 3 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 *
 * <p>Thread-safety: the two producers share the queue (thread-safe) and an atomic count of posted
 * jobs; the counter is confined to the queue's jobs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerialQueueBench {

    /** Jobs a producer posts per operation before it waits for them. */
    public static final int BATCH = 1000;

    private static final Job NOTHING_JOB = () -> { };
    private static final Runnable NOTHING = () -> { };

    /** Which contender runs: a thrjob provider ({@code thr-<name>}) or the JDK baseline. */
    @Param({"thr-threads", "thr-forkjoin", "single-thread-executor"})
    public String impl;

    private Thr thr;
    private ThrQueue queue;
    private ExecutorService executor;

    /* Touched only by the queue's (or the executor's) jobs, one at a time. */
    private long count;
    private final Job incrementJob = () -> count++;
    private final Runnable increment = () -> count++;
    private final AtomicLong posted = new AtomicLong();

    /** For JMH. */
    public SerialQueueBench() {
    }

    /** Starts the contender named by {@link #impl}. */
    @Setup(Level.Trial)
    public void setUp() {
        if (Pools.isThr(impl)) {
            thr = Pools.newThr(impl);
            queue = thr.newQueue("bench-serial");
        } else if (impl.equals("single-thread-executor")) {
            executor = Executors.newSingleThreadExecutor();
        } else {
            throw Pools.unknown(impl);
        }
    }

    /**
     * Checks, once both producers stopped, that every job posted so far ran exactly once.
     *
     * @throws Exception if the final sync fails
     * @throws IllegalStateException if the counter differs from the jobs posted
     */
    @TearDown(Level.Iteration)
    public void checkNothingLost() throws Exception {
        long seen = queue != null ? queue.sync(() -> count) : executor.submit(() -> count).get();
        if (seen != posted.get()) {
            throw new IllegalStateException(impl + " ran " + seen + " jobs of the "
                    + posted.get() + " posted: the results of this run are void");
        }
    }

    /** Stops the contender and joins its threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (queue != null) {
            queue.close();
        }
        Pools.close(thr);
        Pools.shutdown(executor);
    }

    /**
     * Posts a batch of {@value #BATCH} jobs and waits until they have run.
     *
     * @throws InterruptedException if JMH interrupts the executor's wait
     * @throws ExecutionException   never: the sync job does nothing
     */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public void postBatch() throws InterruptedException, ExecutionException {
        if (queue != null) {
            for (int i = 0; i < BATCH; i++) {
                queue.post(incrementJob);
            }
            queue.sync(NOTHING_JOB);
        } else {
            for (int i = 0; i < BATCH; i++) {
                executor.execute(increment);
            }
            executor.submit(NOTHING).get();
        }
        posted.addAndGet(BATCH);
    }
}
