package org.thrjob.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
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
import org.thrjob.api.MainQueue;
import org.thrjob.api.Thr;

/**
 * The post &amp; notify round trip: the main thread hands a job to a worker, the worker posts the
 * reply back to the main queue, and the main thread runs the reply. One operation is one round
 * trip, so the score (ns/op) is its latency, wakeups of a sleeping thread included.
 *
 * <ul>
 *   <li>{@code thr-forkjoin}: the benchmark thread is the main thread; it does
 *       {@code thr.schedule(ping)}, where {@code ping} does {@code mainQueue.post(pong)}, then
 *       {@code mainQueue.runUntil(replied)}, sleeping until {@code pong} ran on it;</li>
 *   <li>{@code thr-threads}: the same on the {@code threads} provider;</li>
 *   <li>{@code parked-handoff}: the baseline of issue 3, {@link ParkedHandoff}: a request and an
 *       answer in volatile fields between the benchmark thread and one server thread, each side
 *       parking until the other unparks it (two wake-ups per round trip). Target (issue 3):
 *       {@code thr-threads} at most 1.0× its latency, aiming for 0.2×;</li>
 *   <li>{@code completable-future}: {@code CompletableFuture.supplyAsync(answer, forkJoinPool2)}
 *       completed on a worker of a {@code new ForkJoinPool(2)} and {@code join}ed by the benchmark
 *       thread.</li>
 * </ul>
 * JMH may run {@code @Setup} and the iterations on different threads, so the benchmark method
 * itself makes its thread the main thread ({@code bindToCurrentThread}) whenever it finds it is
 * not: on the first invocation, and again if JMH ever moves to another thread.
 *
 * <p>Run it alone with
 * <pre>
 * tests/bench/run.sh MainQueueRoundTripBench
 * </pre>
 * or by hand:
 * <pre>
 * java -Dthr.provider=forkjoin -jar tests/bench/target/benchmarks.jar MainQueueRoundTripBench \
 *     -f 3 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 *
 * <p>Thread-safety: the reply counter is touched only on the main thread (by the benchmark method
 * and by {@code pong}, a main-queue job); the rest is the runtime's or the pool's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MainQueueRoundTripBench {

    private static final Supplier<Integer> ANSWER = () -> 42;

    /** Which contender runs: a thrjob provider ({@code thr-<name>}) or the JDK baseline. */
    @Param({"thr-threads", "thr-forkjoin", "parked-handoff", "completable-future"})
    public String impl;

    private Thr thr;
    private MainQueue main;
    private ForkJoinPool forkJoinPool;
    private ParkedHandoff handoff;

    /* Main thread only. */
    private long replies;
    private long expected;
    private final Job pong = () -> replies++;
    private final Job ping = () -> main.post(pong);
    private final BooleanSupplier replied = () -> replies == expected;

    /** For JMH. */
    public MainQueueRoundTripBench() {
    }

    /** Starts the contender named by {@link #impl}. */
    @Setup(Level.Trial)
    public void setUp() {
        if (Pools.isThr(impl)) {
            thr = Pools.newThr(impl);
            main = thr.mainQueue();
        } else if (impl.equals("completable-future")) {
            forkJoinPool = Pools.newForkJoinPool();
        } else if (impl.equals("parked-handoff")) {
            handoff = null; // made by the benchmark thread itself, the only one that may drive it
        } else {
            throw Pools.unknown(impl);
        }
    }

    /**
     * Stops the contender and joins its threads.
     *
     * @throws InterruptedException if interrupted while the hand-off's server thread ends
     */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        Pools.close(thr);
        Pools.shutdown(forkJoinPool);
        if (handoff != null) {
            handoff.close();
            handoff = null;
        }
    }

    /**
     * Sends one request to a worker and waits for its reply on the calling thread.
     *
     * @return the reply, so that nothing of the round trip can be optimized away
     */
    @Benchmark
    public long roundTrip() {
        if (main != null) {
            if (main.thread() != Thread.currentThread()) {
                main.bindToCurrentThread();
            }
            expected = replies + 1;
            thr.schedule(ping);
            main.runUntil(replied);
            return replies;
        }
        if (impl.equals("parked-handoff")) {
            if (handoff == null) {
                handoff = new ParkedHandoff();
            }
            return handoff.roundTrip();
        }
        return CompletableFuture.supplyAsync(ANSWER, forkJoinPool).join();
    }
}
